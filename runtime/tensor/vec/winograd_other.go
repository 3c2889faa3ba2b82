//go:build !amd64 || purego

package vec

func winoIn23AVX512(src *float32, ld, tiles int, dst *float32, ldd int) { panic("vec: no assembly") }

func winoOut23AVX512(src *float32, lds, tiles int, dst *float32, ldd, rows, cols int, bias float32, mode int) {
	panic("vec: no assembly")
}

func winoGrad23AVX512(src *float32, ld, tiles int, dst *float32, ldd int) { panic("vec: no assembly") }
