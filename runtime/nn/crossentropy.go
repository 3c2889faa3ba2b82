package nn

import (
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// CEOptions adjusts CrossEntropyWith. The zero value is plain mean
// cross-entropy.
type CEOptions struct {
	// Weights, if not nil, holds one weight per class; the mean is then
	// weighted: Σ w[y]·nll / Σ w[y], as PyTorch computes it.
	Weights []float32
	// LabelSmoothing α mixes the one-hot target with the uniform
	// distribution: target = (1−α)·onehot + α/C (PyTorch's formula).
	LabelSmoothing float32
}

// CrossEntropy returns the mean negative log-likelihood of labels under
// softmax(logits) over the class axis. logits has shape (N, C) or
// (N, C, d1, d2, ...) for per-pixel classification, or (C) for one example;
// labels holds one class per position in row-major order of the shape
// without the class axis (N, or N·d1·d2·...). A negative label marks a
// position to ignore (PyTorch's ignore_index is −100 by default; remap other
// ignore values, such as 255, to −1).
func CrossEntropy(logits *tensor.Tensor, labels []int) *tensor.Tensor {
	return CrossEntropyWith(logits, labels, CEOptions{})
}

// CrossEntropyWith is CrossEntropy with class weights and label smoothing.
func CrossEntropyWith(logits *tensor.Tensor, labels []int, opt CEOptions) *tensor.Tensor {
	shape := logits.Shape()
	var outer, c, inner int
	switch len(shape) {
	case 0:
		fail(ErrShape, "CrossEntropy: logits must have a class axis, got a scalar")
	case 1:
		outer, c, inner = 1, shape[0], 1
	default:
		outer, c, inner, _ = splitAxis("CrossEntropy", logits, 1)
	}
	if c == 0 {
		fail(ErrEmpty, "CrossEntropy: logits shape %v has no classes", shape)
	}
	positions := outer * inner
	if len(labels) != positions {
		fail(ErrShape, "CrossEntropy: %d labels for logits of shape %v (want one per position: %d)", len(labels), shape, positions)
	}
	if opt.Weights != nil && len(opt.Weights) != c {
		fail(ErrShape, "CrossEntropy: %d class weights for %d classes", len(opt.Weights), c)
	}
	for i, y := range labels {
		if y >= c {
			fail(ErrLabel, "CrossEntropy: label %d at position %d, but the logits have %d classes (use a negative label to ignore a position)", y, i, c)
		}
	}
	x := logits.Data
	alpha := float64(opt.LabelSmoothing)
	weight := func(k int) float64 {
		if opt.Weights == nil {
			return 1
		}
		return float64(opt.Weights[k])
	}
	var wall float64 // Σ_k w_k, for label smoothing
	for k := 0; k < c; k++ {
		wall += weight(k)
	}
	// A row of class scores (inner = 1) keeps its probabilities for the
	// backward pass; per-pixel logits keep only the log-sum-exp of each
	// position, and the backward recomputes p = e^(x − lse) as it writes
	// the gradient: one exponential more per logit, but neither a pass to
	// normalise nor a feature map of probabilities to write and read back.
	// Work is split over the outer axis; each row keeps its own sums, added
	// in row order so the result does not depend on timing or the thread
	// count. The parts are fixed (ParallelParts), so the backward finds
	// the logits of its rows in the cache of the core that read them in
	// the forward.
	rows := inner == 1
	var probs []float32
	if rows {
		probs = tensor.Scratch(len(x)) // written in full by SoftmaxBlock
	}
	lse := tensor.Scratch(positions)
	plain := opt.Weights == nil && alpha == 0
	work := outer * c * inner * 8
	partLoss := make([]float64, outer) // per row of the outer axis, added in order
	partW := make([]float64, outer)
	tensor.ParallelParts(outer, work, func(_, lo, hi int) {
		var sum []float32
		if rows {
			sum = tensor.Scratch(inner)
			defer tensor.Release(sum)
		}
		for o := lo; o < hi; o++ {
			var ls, ws float64
			xs := x[o*c*inner : (o+1)*c*inner]
			ls0 := lse[o*inner : (o+1)*inner]
			ys := labels[o*inner : (o+1)*inner]
			if rows {
				vec.SoftmaxBlock(xs, probs[o*c:(o+1)*c], ls0, sum, c, inner)
			} else {
				vec.LogSumExpBlock(xs, ls0, c, inner)
			}
			if plain {
				partLoss[o], partW[o] = plainNLL(xs, ls0, ys, inner)
				continue
			}
			for i, y := range ys {
				if y < 0 {
					continue
				}
				l := float64(ls0[i])
				wy := weight(y)
				nll := l - float64(xs[y*inner+i])
				if alpha != 0 {
					// Σ_k w_k·(lse − x_k): the smoothed target's cross-entropy.
					var smooth float64
					for k := 0; k < c; k++ {
						smooth += weight(k) * (l - float64(xs[k*inner+i]))
					}
					ls += (1-alpha)*wy*nll + alpha/float64(c)*smooth
				} else {
					ls += wy * nll
				}
				ws += wy
			}
			partLoss[o], partW[o] = ls, ws
		}
	})
	var loss, wsum float64
	for p := range partLoss {
		loss += partLoss[p]
		wsum += partW[p]
	}
	if wsum == 0 {
		tensor.Release(lse)
		fail(ErrEmpty, "CrossEntropy: every position is ignored or has zero weight")
	}
	loss /= wsum
	if rows {
		tensor.Release(lse)
		lse = nil
	}
	checkLoss("CrossEntropy", loss)
	res := tensor.FromOp([]float32{float32(loss)}, nil, []*tensor.Tensor{logits}, func(out *tensor.Tensor) {
		// With a fresh buffer (logits computed by a layer), the pixel path
		// stores its values and the others clear their block first.
		g, assign := tensor.GradFor(logits)
		scale := float64(out.Grad[0]) / wsum
		tensor.ParallelParts(outer, outer*c*inner*2, func(_, lo, hi int) {
			var f, ps []float32
			if !rows {
				f = tensor.Scratch(inner) // per position: scale·w_y, 0 where ignored
				defer tensor.Release(f)
				if alpha != 0 {
					ps = tensor.Scratch(c * inner)
					defer tensor.Release(ps)
				}
			}
			for o := lo; o < hi; o++ {
				gs := g[o*c*inner : (o+1)*c*inner]
				xs := x[o*c*inner : (o+1)*c*inner]
				ys := labels[o*inner : (o+1)*inner]
				if rows {
					ps = probs[o*c : (o+1)*c]
				}
				if assign && (alpha != 0 || rows) {
					clear(gs)
				}
				if alpha == 0 && rows { // a row of class scores
					if y := ys[0]; y >= 0 {
						f := float32(scale * weight(y))
						for k, p := range ps {
							gs[k] += f * p
						}
						gs[y] -= f
					}
					continue
				}
				ls0 := lse[o*inner : (o+1)*inner]
				if alpha == 0 {
					// d/dx_k = w_y·(p_k − 1[k=y]), one class row at a time.
					if opt.Weights == nil {
						fy := float32(scale)
						if partW[o] == float64(inner) { // no ignored position in this row
							vec.Fill(f, fy)
							vec.SoftmaxGradBlock(gs, xs, ls0, f, c, inner, assign)
							for i, y := range ys {
								gs[y*inner+i] -= fy
							}
							continue
						}
						for i, y := range ys {
							f[i] = 0
							if y >= 0 {
								f[i] = fy
							}
						}
					} else {
						for i, y := range ys {
							f[i] = 0
							if y >= 0 {
								f[i] = float32(scale * weight(y))
							}
						}
					}
					vec.SoftmaxGradBlock(gs, xs, ls0, f, c, inner, assign)
					for i, y := range ys {
						if y >= 0 {
							gs[y*inner+i] -= f[i]
						}
					}
					continue
				}
				if !rows { // the probabilities, for the smoothed target
					vec.Fill(f, 1)
					vec.SoftmaxGradBlock(ps, xs, ls0, f, c, inner, true)
				}
				for i := 0; i < inner; i++ {
					y := ys[i]
					if y < 0 {
						continue
					}
					wy := weight(y)
					for k := 0; k < c; k++ {
						sm := float64(ps[k*inner+i])
						d := (1-alpha)*wy*sm + alpha/float64(c)*(wall*sm-weight(k))
						if k == y {
							d -= (1 - alpha) * wy
						}
						gs[k*inner+i] += float32(scale * d)
					}
				}
			}
		})
	})
	if rows {
		res.HoldScratch(probs)
	} else {
		res.HoldScratch(lse)
	}
	return res
}

// plainNLL is Σ (lse_i − x[y_i]) over the positions of one row of the
// outer axis whose label is not negative, and their count. Four partial
// sums (position i mod 4), added in a fixed order at the end, keep the
// float64 adds from waiting on each other: a quarter of the one-thread
// time of the per-pixel loss went to that chain.
func plainNLL(xs, lse []float32, ys []int, inner int) (loss, count float64) {
	var acc [4]float64
	var n [4]int
	ys = ys[:inner]
	lse = lse[:inner]
	i := 0
	for ; i+4 <= inner; i += 4 {
		for j := range 4 {
			if y := ys[i+j]; y >= 0 {
				acc[j] += float64(lse[i+j]) - float64(xs[y*inner+i+j])
				n[j]++
			}
		}
	}
	for ; i < inner; i++ {
		if y := ys[i]; y >= 0 {
			acc[0] += float64(lse[i]) - float64(xs[y*inner+i])
			n[0]++
		}
	}
	return (acc[0] + acc[1]) + (acc[2] + acc[3]), float64(n[0] + n[1] + n[2] + n[3])
}
