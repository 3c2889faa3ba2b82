package vec

// ScaleShift computes dst = a·x + b (dst may be x). Normalisation layers
// apply their per-channel affine map with it.
func ScaleShift(dst, x []float32, a, b float32) {
	same("ScaleShift", len(x), len(dst))
	k := simd(len(x))
	if k > 0 {
		scaleShiftAVX2(&dst[0], &x[0], a, b, k)
	}
	dst, x = dst[k:], x[k:len(dst)]
	for i, v := range x {
		dst[i] = a*v + b
	}
}

// AddConst computes x += c.
func AddConst(x []float32, c float32) { ScaleShift(x, x, 1, c) }

// SumSqDiff returns Σ (x[i] − c)² in float32, accumulated like Sum: the
// second pass of a two-pass variance, which does not lose the digits that
// E[x²] − E[x]² would when the mean is large.
func SumSqDiff(x []float32, c float32) float32 {
	k := simd(len(x))
	var s float32
	if k > 0 {
		s = sumSqDiffAVX2(&x[0], c, k)
	} else {
		var acc [8]float32
		for ; k+8 <= len(x); k += 8 {
			for j := range acc {
				d := x[k+j] - c
				acc[j] += d * d
			}
		}
		for _, v := range acc {
			s += v
		}
	}
	for _, v := range x[k:] {
		d := v - c
		s += d * d
	}
	return s
}

// DotShift returns Σ x[i]·(y[i] − c), accumulated like Dot.
func DotShift(x, y []float32, c float32) float32 {
	same("DotShift", len(x), len(y))
	k := simd(len(x))
	var s float32
	if k > 0 {
		s = dotShiftAVX2(&x[0], &y[0], c, k)
	} else {
		var acc [8]float32
		for ; k+8 <= len(x); k += 8 {
			for j := range acc {
				acc[j] += x[k+j] * (y[k+j] - c)
			}
		}
		for _, v := range acc {
			s += v
		}
	}
	for i := k; i < len(x); i++ {
		s += x[i] * (y[i] - c)
	}
	return s
}
