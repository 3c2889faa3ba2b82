//go:build amd64 && !purego

package vec

// The AVX2 kernels take n a positive multiple of 8, the AVX-512 ones any
// n >= 1.

//go:noescape
func reluMaskAVX2(dst *float32, mask *uint8, x *float32, n int)

//go:noescape
func reluGradMaskAVX2(grad *float32, mask *uint8, dy *float32, n int, assign bool)

//go:noescape
func reluMaskAVX512(dst *float32, mask *uint8, x *float32, n int)

//go:noescape
func reluGradMaskAVX512(grad *float32, mask *uint8, dy *float32, n int, assign bool)
