//go:build !amd64 || purego

package cpu

// HasAVX2FMA is false off amd64 and in purego builds: the portable kernels run.
const (
	HasAVX2FMA = false
	HasAVX512  = false
)
