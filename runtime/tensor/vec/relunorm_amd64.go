//go:build amd64 && !purego

package vec

//go:noescape
func reluSumDotAVX512(x, y *float32, n int) (sum, dot float32)

//go:noescape
func reluAffineMixAVX512(dst, x, y *float32, a, b, c float32, n int)
