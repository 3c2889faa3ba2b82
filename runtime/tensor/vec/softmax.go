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

// softmaxChunk is how many positions the block kernels take at a time: their
// temporaries stay in L1.
const softmaxChunk = 256

// LogSumExpBlock computes, for a (c, inner) block of logits xs laid out
// class by class, lse[i] = ln Σ_k e^(xs[k·inner+i]) at each of the inner
// positions, shifting by the maximum so no exponential overflows. A NaN
// logit makes its position's result NaN; where every logit is −Inf, Exp's
// floor of 1.2e−38 gives about −86. With SoftmaxGradBlock, a
// cross-entropy needs neither the probabilities stored nor a pass to
// normalise them.
func LogSumExpBlock(xs, lse []float32, c, inner int) {
	if c < 1 || len(xs) < c*inner || len(lse) < inner {
		panic("vec: LogSumExpBlock: slices shorter than the block")
	}
	var s, l, tmp [softmaxChunk]float32
	for i0 := 0; i0 < inner; i0 += softmaxChunk {
		n := min(softmaxChunk, inner-i0)
		m := lse[i0 : i0+n] // the maxima live in lse until the end
		k := 0
		if useAVX2 && useAVX512 {
			k = n &^ 15
			if k > 0 {
				maxExpSumAVX512(&xs[i0], inner, c, &m[0], &s[0], k)
			}
		}
		if k < n {
			mt, st, t := m[k:], s[k:n], tmp[k:n]
			copy(mt, xs[i0+k:i0+n])
			for r := 1; r < c; r++ {
				MaxInto(mt, xs[r*inner+i0+k:r*inner+i0+n])
			}
			for i, v := range mt {
				if math.IsInf(float64(v), -1) {
					mt[i] = 0 // every logit −Inf: no NaN from −Inf − −Inf
				}
			}
			clear(st)
			for r := 0; r < c; r++ {
				copy(t, xs[r*inner+i0+k:r*inner+i0+n])
				Axpy(-1, mt, t)
				Exp(t, t)
				Add(t, st)
			}
		}
		Log(l[:n], s[:n])
		Add(l[:n], m)
	}
}

// SoftmaxGradBlock writes (assign) or adds f[i]·p[k][i] into g[k·inner+i]
// for a (c, inner) block of logits xs, where p[k][i] = e^(xs[k·inner+i] −
// lse[i]) is the softmax over classes and lse comes from LogSumExpBlock:
// the gradient of a cross-entropy weighted by f at each position, before
// the one-hot term is subtracted.
func SoftmaxGradBlock(g, xs, lse, f []float32, c, inner int, assign bool) {
	if c < 1 || len(xs) < c*inner || len(g) < c*inner || len(lse) < inner || len(f) < inner {
		panic("vec: SoftmaxGradBlock: slices shorter than the block")
	}
	var tmp [softmaxChunk]float32
	for i0 := 0; i0 < inner; i0 += softmaxChunk {
		n := min(softmaxChunk, inner-i0)
		k := 0
		if useAVX2 && useAVX512 {
			k = n &^ 15
			if k > 0 {
				softmaxGradAVX512(&g[i0], &xs[i0], inner, c, &lse[i0], &f[i0], k, assign)
			}
		}
		if k == n {
			continue
		}
		t := tmp[k:n]
		for r := 0; r < c; r++ {
			row := r*inner + i0
			copy(t, xs[row+k:row+n])
			Axpy(-1, lse[i0+k:i0+n], t)
			Exp(t, t)
			if assign {
				Mul3(g[row+k:row+n], f[i0+k:i0+n], t)
			} else {
				AddMul(g[row+k:row+n], f[i0+k:i0+n], t)
			}
		}
	}
}
