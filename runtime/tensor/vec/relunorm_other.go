//go:build !amd64 || purego

package vec

func reluSumDotAVX512(x, y *float32, n int) (float32, float32) { panic("vec: no AVX-512 kernels") }

func reluAffineMixAVX512(dst, x, y *float32, a, b, c float32, n int) {
	panic("vec: no AVX-512 kernels")
}
