//go:build !amd64 || purego

package vec

func winoInS2Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	return false
}

func winoOutS2Fast(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) bool {
	return false
}

func winoGradS2Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	return false
}

func winoInS2AdjFast(src []float32, lds, rows, tiles int, dst []float32, ldd, h, w int) bool {
	return false
}
