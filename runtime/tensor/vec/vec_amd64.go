//go:build amd64 && !purego

package vec

import "github.com/yaknb/yak/runtime/internal/cpu"

var (
	detectOK    = cpu.HasAVX2FMA
	useAVX2     = detectOK
	detect512OK = cpu.HasAVX512
	useAVX512   = detect512OK // only consulted where useAVX2 is set
)

func setAVX2(on bool)   { useAVX2 = on }
func setAVX512(on bool) { useAVX512 = on }

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
func reluGradSetAVX2(grad, y, dy *float32, n int)

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

// AVX-512 kernels (F, DQ, BW, VL), chosen over the AVX2 ones when the CPU
// has them; the element-wise ones take n a multiple of 8.

//go:noescape
func axpyAVX512(a float32, x, y *float32, n int)

//go:noescape
func addAVX512(dst, x, y *float32, n int)

//go:noescape
func mulAVX512(dst, x, y *float32, n int)

//go:noescape
func fillAVX512(v float32, x *float32, n int)

//go:noescape
func reluAVX512(dst, x *float32, n int)

//go:noescape
func reluGradAVX512(grad, y, dy *float32, n int)

//go:noescape
func reluGradSetAVX512(grad, y, dy *float32, n int)

//go:noescape
func maxIntoAVX512(m, x *float32, n int)

//go:noescape
func sumAVX512(x *float32, n int) float32

//go:noescape
func dotAVX512(x, y *float32, n int) float32

//go:noescape
func mulAdd4xNAVX512(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k, n int)

//go:noescape
func mulAdd4xNOffAVX512(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, n int)

//go:noescape
func dots4x4AVX512(a *float32, lda int, b *float32, off *[4]int, c *float32, ldc int, k int)

//go:noescape
func adamAVX512(w, grad, mom, vel *float32, n int, c *[7]float32)

//go:noescape
func adamAVX2(w, grad, mom, vel *float32, n int, c *[7]float32)

//go:noescape
func logAVX512(dst, x *float32, n int) (special bool)

//go:noescape
func maxExpSumAVX512(x *float32, ld, c int, m, s *float32, n int)

//go:noescape
func softmaxGradAVX512(grad, x *float32, ld, c int, lse, f *float32, n int, assign bool)

//go:noescape
func mulAdd4xNOffSetAVX512(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, n int, bias *float32)
