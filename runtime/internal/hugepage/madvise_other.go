//go:build !linux

package hugepage

const supported = false

func madvise(beg, n uintptr) {}
