//go:build !amd64 || purego

package cpu

// HasAVX2FMA is false off amd64 and in purego builds: the portable kernels run.
const (
	HasAVX2FMA = false
	HasAVX512  = false
	// HasAVX512BF16 and HasAMXBF16: see cpu_amd64.go.
	HasAVX512BF16 = false
	HasAMXBF16    = false
	HasAVX512VNNI = false
)

// L1DSize and L2Size are 0 off amd64 and in purego builds: the portable
// kernels keep their built-in block sizes.
const (
	L1DSize = 0
	L2Size  = 0
)
