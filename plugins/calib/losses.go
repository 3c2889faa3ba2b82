package calib

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Loss is a training loss on raw logits (N, C, H, W) — or (N, C) for
// classification, read as 1×1 images, or (N, C, D, H, W) for volumes — and
// one integer label per pixel (voxel) in row-major (n, [z,] y, x) order. It returns a scalar tensor that takes part in
// runtime autodiff, or an error that says what was wrong with the input.
type Loss interface {
	Name() string
	Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error)
}

// geom is the layout of a logits tensor: N images of C classes on
// S = D·H·W pixels (D = 1 for 2-D images).
type geom struct {
	n, c, d, h, w int
	vol           bool // given as (N, C, D, H, W)
}

func (g geom) sp() int     { return g.d * g.h * g.w }
func (g geom) pixels() int { return g.n * g.sp() }

// geomOf reads the layout of (N, C), (N, C, H, W) or (N, C, D, H, W).
func geomOf(sh []int) (geom, bool) {
	switch len(sh) {
	case 2:
		return geom{n: sh[0], c: sh[1], d: 1, h: 1, w: 1}, true
	case 4:
		return geom{n: sh[0], c: sh[1], d: 1, h: sh[2], w: sh[3]}, true
	case 5:
		return geom{n: sh[0], c: sh[1], d: sh[2], h: sh[3], w: sh[4], vol: true}, true
	}
	return geom{}, false
}

// check validates logits against labels: the errors a notebook user can
// cause (shapes, label range, non-finite logits).
func check(logits *tensor.Tensor, labels []int) (geom, error) {
	if logits == nil {
		return geom{}, fmt.Errorf("calib: logits are nil")
	}
	g, ok := geomOf(logits.Shape())
	if !ok {
		return g, fmt.Errorf("calib: logits have shape %v; want (N, C, H, W), (N, C, D, H, W) or (N, C)", logits.Shape())
	}
	if g.c < 2 {
		return g, fmt.Errorf("calib: logits have %d class(es); want at least 2", g.c)
	}
	if g.pixels() == 0 {
		return g, fmt.Errorf("calib: logits of shape %v are empty", logits.Shape())
	}
	if len(labels) != g.pixels() {
		return g, fmt.Errorf("calib: %d labels for logits of shape %v; want one per pixel (%d)", len(labels), logits.Shape(), g.pixels())
	}
	for i, y := range labels {
		if y < 0 || y >= g.c {
			return g, fmt.Errorf("calib: label %d at pixel %d is out of range [0, %d)", y, i, g.c)
		}
	}
	// A NaN or an infinity anywhere makes the sum NaN or infinite; a
	// finite sum clears every logit in one vector pass. An infinite sum of
	// finite logits (an overflow) falls through to the scan, which finds
	// nothing.
	if s := vec.Sum(logits.Data); s-s == 0 {
		return g, nil
	}
	for _, v := range logits.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return g, fmt.Errorf("calib: logits contain NaN or Inf (training diverged? lower the learning rate)")
		}
	}
	return g, nil
}

// expWork is roughly what one math.Exp or math.Log costs in the element
// operations tensor.Parallel weighs work by.
const expWork = 20

// softmax returns log p (float64, same layout as logits). Images are
// independent, so they are spread over the runtime's threads; each value is
// computed exactly as on one thread.
func logSoftmax(logits []float32, g geom) []float64 {
	out := buf64(len(logits)) // every value is written
	tensor.Parallel(g.n, len(logits)*expWork, func(lo, hi int) { logSoftmaxImages(logits, g, out, lo, hi) })
	return out
}

func logSoftmaxImages(logits []float32, g geom, out []float64, lo, hi int) {
	hw := g.sp()
	for n := lo; n < hi; n++ {
		base := n * g.c * hw
		for s := 0; s < hw; s++ {
			m := math.Inf(-1)
			for k := 0; k < g.c; k++ {
				m = math.Max(m, float64(logits[base+k*hw+s]))
			}
			z := 0.0
			for k := 0; k < g.c; k++ {
				z += math.Exp(float64(logits[base+k*hw+s]) - m)
			}
			lz := m + math.Log(z)
			for k := 0; k < g.c; k++ {
				out[base+k*hw+s] = float64(logits[base+k*hw+s]) - lz
			}
		}
	}
}

// fused wraps a loss value and its gradient with respect to the logits,
// both computed in one compiled pass, as a scalar node of the autodiff graph.
// grad and done come from buf64: done (log-probabilities, targets) goes
// back to the free list now, grad when the graph is freed.
func fused(logits *tensor.Tensor, value float64, grad []float64, done ...[]float64) *tensor.Tensor {
	release64(done...)
	out := tensor.FromOp([]float32{float32(value)}, []int{}, []*tensor.Tensor{logits}, func(out *tensor.Tensor) {
		if !logits.RequiresGrad() {
			return
		}
		g, assign := tensor.GradFor(logits)
		s := float64(out.Grad[0])
		tensor.Parallel(len(grad), len(grad), func(lo, hi int) {
			if assign { // a fresh buffer: 0 + v, the bits a cleared one gives
				var zero float32
				for i, v := range grad[lo:hi] {
					g[lo+i] = zero + float32(s*v)
				}
				return
			}
			for i, v := range grad[lo:hi] {
				g[lo+i] += float32(s * v)
			}
		})
	})
	out.HoldScratch(as32(grad))
	return out
}

// softTargetCE is −Σ_k t_k log p_k averaged over pixels; grad = (p·Σt − t)/P.
// The gradient, independent per pixel, is spread over the runtime's
// threads by image; the loss is then summed on this goroutine in the order
// it always was, so both have the bits of the one-thread loop.
func softTargetCE(lp []float64, t []float64, g geom, grad []float64) float64 {
	hw := g.sp()
	P := float64(g.pixels())
	tensor.Parallel(g.n, len(lp)*expWork, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			base := n * g.c * hw
			for s := 0; s < hw; s++ {
				st := 0.0
				for k := 0; k < g.c; k++ {
					st += t[base+k*hw+s]
				}
				for k := 0; k < g.c; k++ {
					i := base + k*hw + s
					grad[i] += (math.Exp(lp[i])*st - t[i]) / P
				}
			}
		}
	})
	loss := 0.0
	for n := 0; n < g.n; n++ {
		base := n * g.c * hw
		for s := 0; s < hw; s++ {
			for k := 0; k < g.c; k++ {
				i := base + k*hw + s
				loss -= t[i] * lp[i]
			}
		}
	}
	return loss / P
}

// oneHot is the one-hot encoding of labels in the logits' layout.
func oneHot(labels []int, g geom) []float64 {
	hw := g.sp()
	t := zeros64(g.n * g.c * hw)
	for n := 0; n < g.n; n++ {
		for s := 0; s < hw; s++ {
			t[n*g.c*hw+labels[n*hw+s]*hw+s] = 1
		}
	}
	return t
}

// CE is the mean cross-entropy.
type CE struct{}

func (CE) Name() string { return "CE" }

func (CE) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	if _, err := check(logits, labels); err != nil {
		return nil, err
	}
	return hardCE(logits, labels), nil
}

// hardCE is the mean cross-entropy against one label per pixel, in
// float32 through runtime/nn's fused per-pixel kernel (one pass for
// max, sum of exponentials and the label's logit; the backward
// recomputes the probabilities as it writes the gradient), which
// PyTorch's F.cross_entropy also computes in float32. It replaced the
// float64 log-softmax, one-hot map and soft-target pass for CE and the
// cross-entropy term of NACL: those took 4 ms of a 24 ms one-thread U-Net
// training step (batch 8, 64×64, 4 classes), this takes about 0.2 ms.
// Labels must have been checked (check): none is negative.
func hardCE(logits *tensor.Tensor, labels []int) *tensor.Tensor {
	return nn.CrossEntropy(logits, labels)
}

// LS is cross-entropy with label smoothing: the target is (1−α)·onehot + α/C
// (PyTorch's label_smoothing). Alpha 0 means 0.1.
type LS struct{ Alpha float64 }

func (l LS) Name() string { return "LS" }

func (l LS) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	a := orDefault(l.Alpha, 0.1)
	t := oneHot(labels, g)
	for i := range t {
		t[i] = (1-a)*t[i] + a/float64(g.c)
	}
	lp := logSoftmax(logits.Data, g)
	grad := zeros64(len(lp))
	v := softTargetCE(lp, t, g, grad)
	return fused(logits, v, grad, lp, t), nil
}

// Focal is the focal loss −(1−p_y)^γ log p_y averaged over pixels (Lin et
// al. 2017, as Mukhoti et al. 2020 use it for calibration). Gamma 0 means 3.
type Focal struct{ Gamma float64 }

func (f Focal) Name() string { return "Focal" }

func (f Focal) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	gm := orDefault(f.Gamma, 3)
	lp := logSoftmax(logits.Data, g)
	grad := zeros64(len(lp))
	hw, P := g.sp(), float64(g.pixels())
	loss := 0.0
	for n := 0; n < g.n; n++ {
		base := n * g.c * hw
		for s := 0; s < hw; s++ {
			y := labels[n*hw+s]
			lpy := lp[base+y*hw+s]
			py := math.Exp(lpy)
			q := 1 - py
			loss -= math.Pow(q, gm) * lpy
			// d/dp_y of −q^γ log p: γ q^(γ−1) log p − q^γ / p; the first
			// term tends to 0 as q → 0 for γ > 0.
			d := -math.Pow(q, gm) / py
			if q > 0 {
				d += gm * math.Pow(q, gm-1) * lpy
			}
			for k := 0; k < g.c; k++ {
				i := base + k*hw + s
				dz := -py * math.Exp(lp[i]) // dp_y/dz_k
				if k == y {
					dz += py
				}
				grad[i] = d * dz / P
			}
		}
	}
	return fused(logits, loss/P, grad, lp), nil
}

// Entropy says how ECP averages the entropy penalty.
type Entropy int

const (
	// EntropyPerClass is the authors' code's: the mean over pixels and
	// classes of −p_k log p_k, with p clamped to [1e−10, 1 − 1e−10] (no
	// gradient where clamped). The default.
	EntropyPerClass Entropy = iota
	// EntropyPerPixel is the mean over pixels of the entropy Σ_k −p_k log p_k
	// (Pereyra et al.'s definition, yak's earlier ECP): its α is the
	// authors' α divided by C.
	EntropyPerPixel
)

// ECP is the confidence penalty of Pereyra et al. (2017): cross-entropy minus
// α times the mean entropy of the prediction, averaged as Entropy says
// (the authors' per-class mean by default). Alpha 0 means 0.1.
type ECP struct {
	Alpha   float64
	Entropy Entropy
}

func (e ECP) Name() string { return "ECP" }

// ecpEps is the authors' clamp of the probabilities in the entropy.
const ecpEps = 1e-10

func (e ECP) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	if e.Entropy != EntropyPerClass && e.Entropy != EntropyPerPixel {
		return nil, fmt.Errorf("calib: unknown ECP entropy %d (use EntropyPerClass or EntropyPerPixel)", e.Entropy)
	}
	a := orDefault(e.Alpha, 0.1)
	lp := logSoftmax(logits.Data, g)
	grad := zeros64(len(lp))
	t := oneHot(labels, g)
	v := softTargetCE(lp, t, g, grad)
	hw, P := g.sp(), float64(g.pixels())
	ent := 0.0
	perClass := e.Entropy == EntropyPerClass
	scale := a / P
	if perClass {
		scale /= float64(g.c)
	}
	for n := 0; n < g.n; n++ {
		base := n * g.c * hw
		for s := 0; s < hw; s++ {
			if !perClass {
				h := 0.0
				for k := 0; k < g.c; k++ {
					i := base + k*hw + s
					h -= math.Exp(lp[i]) * lp[i]
				}
				ent += h
				// dH/dz_k = −p_k (log p_k + H)
				for k := 0; k < g.c; k++ {
					i := base + k*hw + s
					grad[i] += scale * math.Exp(lp[i]) * (lp[i] + h)
				}
				continue
			}
			// With q = clamp(p), d(−q log q)/dp = −(log p + 1) where p is
			// inside the clamp and 0 outside; through the softmax,
			// dH/dz_j = p_j (d_j − Σ_k d_k p_k).
			dp := 0.0
			for k := 0; k < g.c; k++ {
				i := base + k*hw + s
				p := math.Exp(lp[i])
				q := min(max(p, ecpEps), 1-ecpEps)
				ent -= q * math.Log(q)
				if p >= ecpEps && p <= 1-ecpEps {
					dp += -(lp[i] + 1) * p
				}
			}
			for k := 0; k < g.c; k++ {
				i := base + k*hw + s
				p := math.Exp(lp[i])
				d := 0.0
				if p >= ecpEps && p <= 1-ecpEps {
					d = -(lp[i] + 1)
				}
				grad[i] -= scale * p * (d - dp)
			}
		}
	}
	if perClass {
		ent /= float64(g.c)
	}
	return fused(logits, v-a*ent/P, grad, lp, t), nil
}

// MbLS is margin-based label smoothing (Liu et al., CVPR 2022): cross-entropy
// plus α times the mean over pixels and classes of relu(max_j l_j − l_k − m)
// on the logits. Margin 0 means 10, Alpha 0 means 0.1. The gradient of the
// max goes to the first maximal class, as PyTorch's max does.
type MbLS struct{ Margin, Alpha float64 }

func (m MbLS) Name() string { return "MbLS" }

func (m MbLS) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	mg, a := orDefault(m.Margin, 10), orDefault(m.Alpha, 0.1)
	lp := logSoftmax(logits.Data, g)
	grad := zeros64(len(lp))
	t := oneHot(labels, g)
	v := softTargetCE(lp, t, g, grad)
	hw := g.sp()
	PC := float64(g.pixels() * g.c)
	pen := 0.0
	for n := 0; n < g.n; n++ {
		base := n * g.c * hw
		for s := 0; s < hw; s++ {
			arg := 0
			for k := 1; k < g.c; k++ {
				if logits.Data[base+k*hw+s] > logits.Data[base+arg*hw+s] {
					arg = k
				}
			}
			mx := float64(logits.Data[base+arg*hw+s])
			for k := 0; k < g.c; k++ {
				i := base + k*hw + s
				if d := mx - float64(logits.Data[i]) - mg; d > 0 {
					pen += d
					grad[i] -= a / PC
					grad[base+arg*hw+s] += a / PC
				}
			}
		}
	}
	return fused(logits, v+a*pen/PC, grad, lp, t), nil
}

func orDefault(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}
