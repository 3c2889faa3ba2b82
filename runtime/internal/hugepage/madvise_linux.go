package hugepage

import "syscall"

const supported = true

// madvise asks for huge pages on [beg, beg+n); beg is page-aligned. An
// error (an old kernel without THP: EINVAL) leaves the small pages.
func madvise(beg, n uintptr) {
	syscall.Syscall(syscall.SYS_MADVISE, beg, n, syscall.MADV_HUGEPAGE)
}
