package vec

import "math"

// Log computes dst = ln(x). The AVX-512 kernels compute it in float32
// within about two units in the last place (exponent and mantissa from
// VGETEXPPS and VGETMANTPS, an odd series for the mantissa's logarithm);
// a slice holding anything but positive normal numbers, and the other
// kernel sets, go through math.Log in float64, correctly rounded.
func Log(dst, x []float32) {
	same("Log", len(dst), len(x))
	k := 0
	if useAVX2 && useAVX512 {
		k = simd(len(x))
		if k > 0 && logAVX512(&dst[0], &x[0], k) {
			k = 0 // zero, negative, subnormal, Inf or NaN: math.Log's answers
		}
	}
	for i := k; i < len(x); i++ {
		dst[i] = float32(math.Log(float64(x[i])))
	}
}
