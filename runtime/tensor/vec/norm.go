package vec

// Kernels for normalisation layers' backward passes (a group norm's is
// two passes over each channel: the sums, then the input gradient).

// SumDot returns Σ x[i] and Σ x[i]·y[i] in one pass: sixteen running sums
// of each, every product rounded before it is added, the tail as zeros,
// then the lanes summed pairwise (8 apart, 4, 2, 1), so that every kernel
// set gives the same bits.
func SumDot(x, y []float32) (sum, dot float32) {
	same("SumDot", len(x), len(y))
	if len(x) == 0 {
		return 0, 0
	}
	if useAVX2 && useAVX512 {
		return sumDotAVX512(&x[0], &y[0], len(x))
	}
	return sumDotLanes(x, y, false)
}

// sumDotLanes is SumDot's order in Go, with y rectified first (a NaN kept)
// when rectify is set (ReLUSumDot).
func sumDotLanes(x, y []float32, rectify bool) (sum, dot float32) {
	var s, d [16]float32
	for k := 0; k < len(x); k += 16 {
		n := min(16, len(x)-k)
		for l := 0; l < 16; l++ {
			var xv, yv float32
			if l < n {
				xv, yv = x[k+l], y[k+l]
			}
			if rectify && yv < 0 {
				yv = 0
			}
			s[l] += xv
			d[l] += float32(xv * yv)
		}
	}
	for w := 8; w >= 1; w /= 2 {
		for l := 0; l < w; l++ {
			s[l] += s[l+w]
			d[l] += d[l+w]
		}
	}
	return s[0], d[0]
}

// AffineMix computes dst[i] = (a·x[i] + c) + b·y[i], each product
// rounded before it is added, the same bits in every kernel set: a group
// norm's input gradient (a multiple of x, a constant and a multiple of
// dy) in one pass. dst may be x or y.
func AffineMix(dst, x, y []float32, a, b, c float32) {
	same("AffineMix", len(x), len(dst))
	same("AffineMix", len(y), len(dst))
	if len(dst) == 0 {
		return
	}
	if useAVX2 && useAVX512 {
		affineMixAVX512(&dst[0], &x[0], &y[0], a, b, c, len(dst))
		return
	}
	for i := range dst {
		dst[i] = (float32(a*x[i]) + c) + float32(b*y[i])
	}
}
