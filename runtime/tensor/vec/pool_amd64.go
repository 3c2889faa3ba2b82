//go:build amd64 && !purego

package vec

// The kernels take n outputs, a positive multiple of 16; code may be nil
// in maxPool2AVX512.

//go:noescape
func maxPool2AVX512(out *float32, code *uint8, r0, r1 *float32, n int)

//go:noescape
func maxPool2GradAVX512(g0, g1, dy *float32, code *uint8, n int, assign bool)
