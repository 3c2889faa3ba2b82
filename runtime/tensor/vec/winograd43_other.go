//go:build !amd64 || purego

package vec

func winoIn43Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	return false
}

func winoOut43Fast(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) bool {
	return false
}

func winoGrad43Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	return false
}
