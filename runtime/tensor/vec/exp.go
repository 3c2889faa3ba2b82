package vec

import "math"

// Exp32 returns e^x in float32 to within about one unit in the last place,
// several times faster than float32(math.Exp(float64(x))): the softmax and
// cross-entropy layers call it once per logit. It reduces x by multiples of
// ln 2 (split into two constants so the reduction is exact) and evaluates a
// degree-6 minimax polynomial for e^r on |r| <= ln2/2 (the coefficients of
// the classic Cephes expf).
func Exp32(x float32) float32 {
	switch {
	case x != x:
		return x
	case x > 88.72283:
		return float32(math.Inf(1))
	case x < -87.33654: // the result is subnormal or zero
		return float32(math.Exp(float64(x)))
	}
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375
		ln2lo = -2.12194440e-4
	)
	t := x * log2e
	if t >= 0 {
		t += 0.5
	} else {
		t -= 0.5
	}
	n := int32(t)
	fn := float32(n)
	r := x - fn*ln2hi - fn*ln2lo
	p := float32(1.9875691500e-4)
	p = p*r + 1.3981999507e-3
	p = p*r + 8.3334519073e-3
	p = p*r + 4.1665795894e-2
	p = p*r + 1.6666665459e-1
	p = p*r + 5.0000001201e-1
	y := p*r*r + r + 1
	if n > 127 { // x within half a step of the overflow bound
		return y * 2 * math.Float32frombits(uint32(n-1+127)<<23)
	}
	return y * math.Float32frombits(uint32(n+127)<<23)
}

// Exp computes dst[i] = e^x[i] as Exp32 does, eight at a time with AVX2.
// There, inputs below −87.34 give 1.2e−38 (the smallest normal float32)
// rather than a subnormal or zero: an absolute error below 1.2e−38, which a
// softmax or a loss never sees.
func Exp(dst, x []float32) {
	same("Exp", len(x), len(dst))
	k := simd(len(x))
	if k > 0 {
		expAVX2(&dst[0], &x[0], k)
	}
	dst, x = dst[k:], x[k:len(dst)]
	for i, v := range x {
		dst[i] = Exp32(v)
	}
}
