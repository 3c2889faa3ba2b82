//go:build amd64 && !purego

package vec

import "github.com/yaknb/yak/runtime/internal/cpu"

var (
	detectOK = cpu.HasAVX2FMA
	useAVX2  = detectOK
)

func setAVX2(on bool) { useAVX2 = on }

// The kernels process n elements, n a positive multiple of 8.

//go:noescape
func axpyAVX2(a float32, x, y *float32, n int)

//go:noescape
func addAVX2(dst, x, y *float32, n int)

//go:noescape
func mulAVX2(dst, x, y *float32, n int)

//go:noescape
func scaleAVX2(a float32, x *float32, n int)

//go:noescape
func fillAVX2(v float32, x *float32, n int)

//go:noescape
func reluAVX2(dst, x *float32, n int)

//go:noescape
func reluGradAVX2(grad, y, dy *float32, n int)

//go:noescape
func sumAVX2(x *float32, n int) float32

//go:noescape
func dotAVX2(x, y *float32, n int) float32

//go:noescape
func expAVX2(dst, x *float32, n int)

//go:noescape
func scaleShiftAVX2(dst, x *float32, a, b float32, n int)

//go:noescape
func sumSqDiffAVX2(x *float32, c float32, n int) float32

//go:noescape
func dotShiftAVX2(x, y *float32, c float32, n int) float32

//go:noescape
func mulAdd4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k, strips int)

//go:noescape
func dots4x2AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int)

//go:noescape
func maxIntoAVX2(m, x *float32, n int)

//go:noescape
func addMulAVX2(y, a, b *float32, n int)

//go:noescape
func mulAdd4x16OffAVX2(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, strips int)
