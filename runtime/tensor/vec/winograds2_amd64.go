//go:build amd64 && !purego

package vec

//go:noescape
func winoInS2AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)

//go:noescape
func winoGradS2AVX512(src *float32, ld int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)

//go:noescape
func winoInS2AdjAVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int)

//go:noescape
func winoInS2RowAVX512(src *float32, ld, h, w, rows, tiles int, dst *float32, ldd int)

//go:noescape
func winoOutS2AVX512(src *float32, lds int, idx *int32, masks *uint16, passes int, dst *float32, ldd int, bias float32, mode int)

// winoInS2Fast runs WinogradInS2 (arguments checked) when AVX-512 is
// there, sixteen tiles a pass through gathers (the plan of F(4×4, 3×3)'s
// input transform: the same blocks at stride 4), and reports whether it did.
func winoInS2Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	if tiles <= 7 && w <= 30 { // whole lines and permutes, no gathers (the MNIST CNN's 28×28)
		winoInS2RowAVX512(&src[0], ld, h, w, rows, tiles, &dst[0], ldd)
		return true
	}
	p := plan43(4, ld, h, w, rows, tiles)
	winoInS2AVX512(&src[0], ld, &p.idx[0], &p.padded[0], len(p.idx)/16, &dst[0], ldd)
	return true
}

// winoOutS2Fast is winoInS2Fast for WinogradOutS2 (scatters, the plan of
// 2×2 tiles on the output plane).
func winoOutS2Fast(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	p := plan43(2, ldd, lines, cols, rows, tiles)
	winoOutS2AVX512(&src[0], lds, &p.idx[0], &p.plain[0], len(p.idx)/16, &dst[0], ldd, bias, mode)
	return true
}

// winoGradS2Fast is winoInS2Fast for WinogradGradS2 (gathers, the plan of
// 2×2 tiles on the output gradient's plane).
func winoGradS2Fast(src []float32, ld, h, w, rows, tiles int, dst []float32, ldd int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	p := plan43(2, ld, h, w, rows, tiles)
	winoGradS2AVX512(&src[0], ld, &p.idx[0], &p.plain[0], len(p.idx)/16, &dst[0], ldd)
	return true
}

// winoInS2AdjFast is winoInS2Fast for WinogradInS2Adj (gathers, adds and
// scatters under the input transform's plan).
func winoInS2AdjFast(src []float32, lds, rows, tiles int, dst []float32, ldd, h, w int) bool {
	if !useAVX512 || !useAVX2 {
		return false
	}
	p := plan43(4, ldd, h, w, rows, tiles)
	winoInS2AdjAVX512(&src[0], lds, &p.idx[0], &p.padded[0], len(p.idx)/16, &dst[0], ldd)
	return true
}
