//go:build amd64 && !purego

package vec

//go:noescape
func sumDotAVX512(x, y *float32, n int) (sum, dot float32)

//go:noescape
func affineMixAVX512(dst, x, y *float32, a, b, c float32, n int)
