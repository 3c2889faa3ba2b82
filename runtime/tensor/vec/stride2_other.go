//go:build !amd64 || purego

package vec

func everyOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int) {
	panic("vec: no assembly")
}

func addEveryOtherAVX512(dst *float32, ldd int, src *float32, lds, rows, cols int) {
	panic("vec: no assembly")
}
