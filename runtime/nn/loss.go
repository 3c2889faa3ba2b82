package nn

import (
	"math"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// MSE returns the mean of (pred - target)² over all elements.
func MSE(pred, target *tensor.Tensor) *tensor.Tensor {
	if !pred.SameShape(target) {
		fail(ErrShape, "MSE: prediction shape %v, target shape %v", pred.Shape(), target.Shape())
	}
	n := pred.Len()
	if n == 0 {
		fail(ErrEmpty, "MSE of empty tensors")
	}
	p, t := pred.Data, target.Data[:n]
	var s float64
	for i, v := range p {
		d := float64(v - t[i])
		s += d * d
	}
	s /= float64(n)
	checkLoss("MSE", s)
	return tensor.FromOp([]float32{float32(s)}, nil, []*tensor.Tensor{pred, target}, func(out *tensor.Tensor) {
		c := 2 * out.Grad[0] / float32(n)
		if pred.RequiresGrad() {
			g := tensor.GradOf(pred)[:n]
			for i, v := range p {
				g[i] += c * (v - t[i])
			}
		}
		if target.RequiresGrad() {
			g := tensor.GradOf(target)[:n]
			for i, v := range p {
				g[i] -= c * (v - t[i])
			}
		}
	})
}

// BCEWithLogits returns the mean binary cross-entropy between sigmoid(logits)
// and targets in [0, 1], computed from the logits without overflow.
func BCEWithLogits(logits, targets *tensor.Tensor) *tensor.Tensor {
	if !logits.SameShape(targets) {
		fail(ErrShape, "BCEWithLogits: logits shape %v, targets shape %v", logits.Shape(), targets.Shape())
	}
	n := logits.Len()
	if n == 0 {
		fail(ErrEmpty, "BCEWithLogits of empty tensors")
	}
	x, t := logits.Data, targets.Data[:n]
	var s float64
	for i, v := range x {
		xv, tv := float64(v), float64(t[i])
		s += math.Max(xv, 0) - xv*tv + math.Log1p(math.Exp(-math.Abs(xv)))
	}
	s /= float64(n)
	checkLoss("BCEWithLogits", s)
	return tensor.FromOp([]float32{float32(s)}, nil, []*tensor.Tensor{logits, targets}, func(out *tensor.Tensor) {
		c := out.Grad[0] / float32(n)
		if logits.RequiresGrad() {
			g := tensor.GradOf(logits)[:n]
			for i, v := range x {
				g[i] += c * (sigmoid(v) - t[i])
			}
		}
		if targets.RequiresGrad() {
			g := tensor.GradOf(targets)[:n]
			for i, v := range x {
				g[i] -= c * v
			}
		}
	})
}

func sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// KLDiv returns KL(target ‖ p) = Σ target·(log target − logProbs) divided by
// the first dimension (PyTorch's reduction "batchmean", the one that is a
// true KL divergence per example). logProbs are log-probabilities (from
// LogSoftmax); target holds probabilities; zero targets contribute zero.
func KLDiv(logProbs, target *tensor.Tensor) *tensor.Tensor {
	if !logProbs.SameShape(target) {
		fail(ErrShape, "KLDiv: log-probabilities shape %v, target shape %v", logProbs.Shape(), target.Shape())
	}
	if logProbs.Len() == 0 {
		fail(ErrEmpty, "KLDiv of empty tensors")
	}
	batch := 1
	if logProbs.Rank() > 0 {
		batch = logProbs.Dim(0)
	}
	lp, t := logProbs.Data, target.Data
	var s float64
	for i, tv := range t {
		if tv > 0 {
			s += float64(tv) * (math.Log(float64(tv)) - float64(lp[i]))
		}
	}
	s /= float64(batch)
	checkLoss("KLDiv", s)
	return tensor.FromOp([]float32{float32(s)}, nil, []*tensor.Tensor{logProbs, target}, func(out *tensor.Tensor) {
		c := out.Grad[0] / float32(batch)
		if logProbs.RequiresGrad() {
			g := tensor.GradOf(logProbs)
			for i, tv := range t {
				g[i] -= c * tv
			}
		}
		if target.RequiresGrad() {
			g := tensor.GradOf(target)
			for i, tv := range t {
				if tv > 0 {
					g[i] += c * (float32(math.Log(float64(tv))) + 1 - lp[i])
				}
			}
		}
	})
}

// Entropy returns the entropy −Σ p·log p of softmax(logits) along axis at
// every other position (the axis is removed); take Mean() for a loss.
func Entropy(logits *tensor.Tensor, axis int) *tensor.Tensor {
	if logits.Len() == 0 {
		fail(ErrEmpty, "Entropy of an empty tensor")
	}
	outer, n, inner, shape := splitAxis("Entropy", logits, axis)
	x := logits.Data
	probs := make([]float32, len(x))
	lse := make([]float32, outer*inner)
	h := make([]float32, outer*inner)
	sum := make([]float32, inner)
	for o := 0; o < outer; o++ {
		xs, ps := x[o*n*inner:(o+1)*n*inner], probs[o*n*inner:(o+1)*n*inner]
		ls, hs := lse[o*inner:(o+1)*inner], h[o*inner:(o+1)*inner]
		vec.SoftmaxBlock(xs, ps, ls, sum, n, inner)
		// H = lse − Σ_k p_k·x_k
		copy(hs, ls)
		for k := 0; k < n; k++ {
			row, prow := xs[k*inner:(k+1)*inner], ps[k*inner:(k+1)*inner]
			for i, v := range row {
				hs[i] -= prow[i] * v
			}
		}
	}
	return tensor.FromOp(h, shape, []*tensor.Tensor{logits}, func(out *tensor.Tensor) {
		// dH/dx_j = −p_j·(log p_j + H), log p_j = x_j − lse
		g := tensor.GradOf(logits)
		for o := 0; o < outer; o++ {
			for k := 0; k < n; k++ {
				base := (o*n + k) * inner
				for i := 0; i < inner; i++ {
					q := o*inner + i
					p := base + i
					g[p] -= out.Grad[q] * probs[p] * (x[p] - lse[q] + h[q])
				}
			}
		}
	})
}

// splitAxis returns the sizes before, along and after axis and the shape
// without it.
func splitAxis(op string, t *tensor.Tensor, axis int) (outer, n, inner int, rest []int) {
	shape := t.Shape()
	if axis < 0 {
		axis += len(shape)
	}
	if axis < 0 || axis >= len(shape) {
		fail(ErrShape, "%s: axis %d out of range for shape %v", op, axis, shape)
	}
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	rest = append(append([]int(nil), shape[:axis]...), shape[axis+1:]...)
	return outer, shape[axis], inner, rest
}
