//go:build !amd64 || purego

package vec

func maxPool2AVX512(out *float32, code *uint8, r0, r1 *float32, n int) { panic("vec: no assembly") }

func maxPool2GradAVX512(g0, g1, dy *float32, code *uint8, n int, assign bool) {
	panic("vec: no assembly")
}

func maxPool2AVX2(out *float32, code *uint8, r0, r1 *float32, n int) { panic("vec: no assembly") }

func maxPool2GradAVX2(g0, g1, dy *float32, code *uint8, n int, assign bool) {
	panic("vec: no assembly")
}
