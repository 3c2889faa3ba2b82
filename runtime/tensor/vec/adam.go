package vec

import "math"

// Adam applies one Adam update to the weights w from their gradient g,
// updating the moment estimates m and v in place:
//
//	m = b1·m + (1−b1)·g
//	v = b2·v + (1−b2)·g·g
//	w −= step·m / (√v/sq2 + eps)
//
// with step = lr/(1−b1^t) and sq2 = √(1−b2^t) computed by the caller. The
// operations run in this order with no fused multiply-add, so every kernel
// set gives the same bits. All four slices have the same length.
func Adam(w, g, m, v []float32, b1, b2, step, sq2, eps float32) {
	same("Adam", len(w), len(g))
	same("Adam", len(w), len(m))
	same("Adam", len(w), len(v))
	c1, c2 := 1-b1, 1-b2
	k := simd(len(w))
	if k > 0 {
		c := [7]float32{b1, c1, b2, c2, step, sq2, eps}
		if useAVX512 {
			adamAVX512(&w[0], &g[0], &m[0], &v[0], k, &c)
		} else {
			adamAVX2(&w[0], &g[0], &m[0], &v[0], k, &c)
		}
	}
	w, g, m, v = w[k:], g[k:len(w)], m[k:len(w)], v[k:len(w)]
	for j, gv := range g {
		// The conversions round each product, which keeps the compiler
		// from fusing them into the adds (it may on arm64 and GOAMD64=v3).
		mj := float32(b1*m[j]) + float32(c1*gv)
		vj := float32(b2*v[j]) + float32(float32(c2*gv)*gv)
		m[j], v[j] = mj, vj
		den := float32(math.Sqrt(float64(vj)))/sq2 + eps
		w[j] -= step * mj / den
	}
}
