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
