//go:build !amd64 || purego

package vec

func winoIn23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int) {
	panic("vec: no assembly")
}

func winoOut23AVX512(src *float32, lds, rows, tiles int, dst *float32, ldd, lines, cols int, bias float32, mode int) {
	panic("vec: no assembly")
}

func winoGrad23AVX512(src *float32, ld, rows, tiles int, dst *float32, ldd int) {
	panic("vec: no assembly")
}

func padPlanesAVX512(dst *float32, ph, pw int, src *float32, planes, h, w int) {
	panic("vec: no assembly")
}
