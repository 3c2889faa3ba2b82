//go:build !amd64 || purego

package vec

const (
	useAVX2     = false
	detectOK    = false
	useAVX512   = false
	detect512OK = false
)

func setAVX2(bool)   {}
func setAVX512(bool) {}

// Never called: simd returns 0 when useAVX2 is false.

func axpyAVX2(a float32, x, y *float32, n int)    { panic("vec: no assembly") }
func addAVX2(dst, x, y *float32, n int)           { panic("vec: no assembly") }
func mulAVX2(dst, x, y *float32, n int)           { panic("vec: no assembly") }
func scaleAVX2(a float32, x *float32, n int)      { panic("vec: no assembly") }
func fillAVX2(v float32, x *float32, n int)       { panic("vec: no assembly") }
func reluAVX2(dst, x *float32, n int)             { panic("vec: no assembly") }
func reluGradAVX2(grad, y, dy *float32, n int)    { panic("vec: no assembly") }
func reluGradSetAVX2(grad, y, dy *float32, n int) { panic("vec: no assembly") }
func sumAVX2(x *float32, n int) float32           { panic("vec: no assembly") }
func dotAVX2(x, y *float32, n int) float32        { panic("vec: no assembly") }

func expAVX2(dst, x *float32, n int) { panic("vec: no assembly") }

func scaleShiftAVX2(dst, x *float32, a, b float32, n int)  { panic("vec: no assembly") }
func sumSqDiffAVX2(x *float32, c float32, n int) float32   { panic("vec: no assembly") }
func dotShiftAVX2(x, y *float32, c float32, n int) float32 { panic("vec: no assembly") }

func mulAdd4x16AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k, strips int) {
	panic("vec: no assembly")
}

func dots4x2AVX2(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k int) {
	panic("vec: no assembly")
}

func maxIntoAVX2(m, x *float32, n int)   { panic("vec: no assembly") }
func addMulAVX2(y, a, b *float32, n int) { panic("vec: no assembly") }

func mulAdd4x16OffAVX2(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, strips int) {
	panic("vec: no assembly")
}

func axpyAVX512(a float32, x, y *float32, n int)    { panic("vec: no assembly") }
func addAVX512(dst, x, y *float32, n int)           { panic("vec: no assembly") }
func mulAVX512(dst, x, y *float32, n int)           { panic("vec: no assembly") }
func fillAVX512(v float32, x *float32, n int)       { panic("vec: no assembly") }
func reluAVX512(dst, x *float32, n int)             { panic("vec: no assembly") }
func reluGradAVX512(grad, y, dy *float32, n int)    { panic("vec: no assembly") }
func reluGradSetAVX512(grad, y, dy *float32, n int) { panic("vec: no assembly") }
func maxIntoAVX512(m, x *float32, n int)            { panic("vec: no assembly") }
func sumAVX512(x *float32, n int) float32           { panic("vec: no assembly") }
func dotAVX512(x, y *float32, n int) float32        { panic("vec: no assembly") }

func mulAdd4xNAVX512(a *float32, lda int, b *float32, ldb int, c *float32, ldc int, k, n int) {
	panic("vec: no assembly")
}

func mulAdd4xNOffAVX512(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, n int) {
	panic("vec: no assembly")
}

func dots4x4AVX512(a *float32, lda int, b *float32, off *[4]int, c *float32, ldc int, k int) {
	panic("vec: no assembly")
}

func adamAVX512(w, grad, mom, vel *float32, n int, c *[7]float32) { panic("vec: no assembly") }
func adamAVX2(w, grad, mom, vel *float32, n int, c *[7]float32)   { panic("vec: no assembly") }

func logAVX512(dst, x *float32, n int) bool { panic("vec: no assembly") }

func maxExpSumAVX512(x *float32, ld, c int, m, s *float32, n int) { panic("vec: no assembly") }

func softmaxGradAVX512(grad, x *float32, ld, c int, lse, f *float32, n int, assign bool) {
	panic("vec: no assembly")
}

func mulAdd4xNOffSetAVX512(a *float32, lda int, b *float32, off *int, c *float32, ldc int, k, n int, bias *float32) {
	panic("vec: no assembly")
}
