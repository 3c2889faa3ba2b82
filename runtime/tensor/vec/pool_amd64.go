//go:build amd64 && !purego

package vec

// The kernels take any n >= 1 outputs (the last ones under masks); code
// may be nil in maxPool2AVX512.

//go:noescape
func maxPool2AVX512(out *float32, code *uint8, r0, r1 *float32, n int)

//go:noescape
func maxPool2GradAVX512(g0, g1, dy *float32, code *uint8, n int, assign bool)

// The AVX2 forms take n a positive multiple of 8.

//go:noescape
func maxPool2AVX2(out *float32, code *uint8, r0, r1 *float32, n int)

//go:noescape
func maxPool2GradAVX2(g0, g1, dy *float32, code *uint8, n int, assign bool)
