package vec

import "math"

// SoftmaxBlock computes, for a (c, inner) block of logits xs laid out class
// by class, the softmax over classes at each of the inner positions into ps
// and the log-sum-exp into lse; sum is scratch of length inner. This is the
// layout of (N, C, H, W) logits for one sample (inner = H·W) and of one row
// of (N, C) logits (inner = 1). Rows are processed whole, so the inner loops
// run over contiguous memory and the exponentials go through Exp. A NaN
// logit makes its position's results NaN.
func SoftmaxBlock(xs, ps, lse, sum []float32, c, inner int) {
	if inner == 1 {
		softmaxRow(xs[:c], ps[:c], lse)
		return
	}
	m := lse // the maxima live in lse until the end
	copy(m, xs[:inner])
	for k := 1; k < c; k++ {
		MaxInto(m, xs[k*inner:(k+1)*inner])
	}
	for i, v := range m {
		if math.IsInf(float64(v), -1) {
			m[i] = 0 // every logit −Inf: the results are NaN
		}
	}
	clear(sum)
	for k := 0; k < c; k++ {
		row, prow := xs[k*inner:(k+1)*inner], ps[k*inner:(k+1)*inner]
		copy(prow, row)
		Axpy(-1, m, prow) // x − max: a NaN logit makes its sum NaN here
		Exp(prow, prow)
		Add(prow, sum)
	}
	var logs [256]float32 // ln of the sums, a chunk at a time
	for i0 := 0; i0 < inner; i0 += len(logs) {
		chunk := sum[i0:min(i0+len(logs), inner)]
		l := logs[:len(chunk)]
		Log(l, chunk)
		for i, s := range chunk {
			chunk[i] = 1 / s
			lse[i0+i] = m[i0+i] + l[i]
		}
	}
	for k := 0; k < c; k++ {
		Mul3(ps[k*inner:(k+1)*inner], ps[k*inner:(k+1)*inner], sum)
	}
}

// softmaxRow is SoftmaxBlock for one row of c logits (inner = 1), where
// calling the vector kernels on one-element slices would cost more than the
// arithmetic.
func softmaxRow(x, p, lse []float32) {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || v != v {
			m = v
		}
	}
	if math.IsInf(float64(m), -1) {
		m = 0
	}
	var s float32
	for i, v := range x {
		e := Exp32(v - m)
		p[i] = e
		s += e
	}
	inv := 1 / s
	for i := range p {
		p[i] *= inv
	}
	lse[0] = m + float32(math.Log(float64(s)))
}
