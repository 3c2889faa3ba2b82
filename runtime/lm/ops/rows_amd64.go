//go:build amd64 && !purego

package ops

import "github.com/yaknb/yak/runtime/internal/cpu"

//go:noescape
func softmaxPrefixAVX512(row *float32, n int)

//go:noescape
func layerNormAVX512(x, res, bias, gamma, beta *float32, dim int, eps float32)

func init() {
	if !cpu.HasAVX512 {
		return
	}
	softmaxSIMD = func(row []float32) { softmaxPrefixAVX512(&row[0], len(row)) }
	layerNormSIMD = func(x, res, bias, gamma, beta []float32, eps float32) {
		n := len(x)
		_, _ = gamma[n-1], beta[n-1]
		layerNormAVX512(&x[0], first(res, n), first(bias, n), &gamma[0], &beta[0], n, eps)
	}
}

// first points at s[0] after checking s holds n values; nil for a nil s.
func first(s []float32, n int) *float32 {
	if s == nil {
		return nil
	}
	_ = s[n-1]
	return &s[0]
}
