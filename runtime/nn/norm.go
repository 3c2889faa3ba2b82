package nn

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// LayerNorm normalises the last dimension of its input to zero mean and unit
// variance, then scales by Weight and shifts by Bias (both of that size).
type LayerNorm struct {
	Weight, Bias *tensor.Tensor
	Eps          float32
}

// NewLayerNorm returns a LayerNorm over a last dimension of size d, with
// PyTorch's defaults (weight 1, bias 0, eps 1e-5).
func NewLayerNorm(d int) *LayerNorm {
	return &LayerNorm{
		Weight: tensor.Ones(d).SetRequiresGrad(true),
		Bias:   tensor.Zeros(d).SetRequiresGrad(true),
		Eps:    1e-5,
	}
}

// Parameters returns the weight and bias.
func (l *LayerNorm) Parameters() []*tensor.Tensor { return []*tensor.Tensor{l.Weight, l.Bias} }

// Train does nothing: LayerNorm uses the statistics of each input.
func (l *LayerNorm) Train(bool) {}

// Forward normalises x over its last dimension.
func (l *LayerNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	d := l.Weight.Len()
	if x.Rank() == 0 || x.Dim(-1) != d {
		fail(ErrShape, "LayerNorm(%d): input shape %v does not end in %d", d, x.Shape(), d)
	}
	rows := x.Len() / max(d, 1)
	out := make([]float32, x.Len())
	xhat := make([]float32, x.Len())
	rstd := make([]float32, rows)
	for r := 0; r < rows; r++ {
		row := x.Data[r*d : (r+1)*d]
		mean, inv := meanRstd(row, l.Eps)
		rstd[r] = inv
		for i, v := range row {
			xh := (v - mean) * inv
			xhat[r*d+i] = xh
			out[r*d+i] = xh*l.Weight.Data[i] + l.Bias.Data[i]
		}
	}
	gamma, beta := l.Weight, l.Bias
	return tensor.FromOp(out, x.Shape(), []*tensor.Tensor{x, gamma, beta}, func(y *tensor.Tensor) {
		dy := y.Grad
		if gamma.RequiresGrad() || beta.RequiresGrad() {
			gg, gb := tensor.GradOf(gamma), tensor.GradOf(beta)
			for r := 0; r < rows; r++ {
				for i := 0; i < d; i++ {
					gg[i] += dy[r*d+i] * xhat[r*d+i]
					gb[i] += dy[r*d+i]
				}
			}
		}
		if !x.RequiresGrad() {
			return
		}
		gx := tensor.GradOf(x)
		dxh := make([]float32, d)
		for r := 0; r < rows; r++ {
			for i := 0; i < d; i++ {
				dxh[i] = dy[r*d+i] * gamma.Data[i]
			}
			normBackward(dxh, xhat[r*d:(r+1)*d], rstd[r], gx[r*d:(r+1)*d], 1)
		}
	})
}

// meanRstd returns the mean and 1/sqrt(biased variance + eps), computed in
// float64.
func meanRstd(v []float32, eps float32) (float32, float32) {
	mean, variance := meanVar(v)
	return float32(mean), float32(1 / math.Sqrt(variance+float64(eps)))
}

// meanVar returns the mean and biased variance in two passes.
func meanVar(v []float32) (float64, float64) {
	var s float64
	for _, x := range v {
		s += float64(x)
	}
	mean := s / float64(len(v))
	var ss float64
	for _, x := range v {
		d := float64(x) - mean
		ss += d * d
	}
	return mean, ss / float64(len(v))
}

// normBackward adds dx = rstd·(dxh − mean(dxh) − xhat·mean(dxh·xhat)) into
// gx at the given stride; dxh is the gradient with respect to xhat.
func normBackward(dxh, xhat []float32, rstd float32, gx []float32, stride int) {
	var a, b float64
	for i, v := range dxh {
		a += float64(v)
		b += float64(v * xhat[i])
	}
	n := float64(len(dxh))
	ma, mb := float32(a/n), float32(b/n)
	for i, v := range dxh {
		gx[i*stride] += rstd * (v - ma - xhat[i]*mb)
	}
}

// BatchNorm2d normalises each channel of (N, C, H, W) input. In training it
// uses the batch's statistics and updates running estimates (momentum 0.1,
// unbiased variance, as PyTorch); in evaluation it uses the running ones.
type BatchNorm2d struct {
	Weight, Bias            *tensor.Tensor // (C)
	RunningMean, RunningVar []float32
	Eps, Momentum           float32
	training                bool
}

// NewBatchNorm2d returns a BatchNorm2d over c channels in training mode.
func NewBatchNorm2d(c int) *BatchNorm2d {
	rv := make([]float32, c)
	fill(rv, 1)
	return &BatchNorm2d{
		Weight: tensor.Ones(c).SetRequiresGrad(true), Bias: tensor.Zeros(c).SetRequiresGrad(true),
		RunningMean: make([]float32, c), RunningVar: rv, Eps: 1e-5, Momentum: 0.1, training: true,
	}
}

// Parameters returns the weight and bias (the running statistics are state,
// not parameters).
func (b *BatchNorm2d) Parameters() []*tensor.Tensor { return []*tensor.Tensor{b.Weight, b.Bias} }

// Train switches between batch statistics (true) and running ones (false).
func (b *BatchNorm2d) Train(on bool) { b.training = on }

// Forward normalises x (N, C, H, W). Each channel is handled as N planes
// of H·W contiguous values: sums, the two-pass variance and the affine map
// run through the vector kernels, and nothing of x's size is stored besides
// the output (backward recomputes x̂ from x, the mean and the scale).
func (b *BatchNorm2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	n, c, h, w := image4("BatchNorm2d", x)
	if c != b.Weight.Len() {
		fail(ErrShape, "BatchNorm2d(%d): input has %d channels", b.Weight.Len(), c)
	}
	hw := h * w
	m := n * hw
	if m == 0 {
		fail(ErrEmpty, "BatchNorm2d: empty input %v", x.Shape())
	}
	if b.training && m == 1 {
		fail(ErrShape, "BatchNorm2d: training needs more than one value per channel, got input %v", x.Shape())
	}
	xd := x.Data
	plane := func(s, ch int) []float32 { return xd[(s*c+ch)*hw : (s*c+ch+1)*hw] }
	out := make([]float32, x.Len())
	mean := make([]float32, c)
	rstd := make([]float32, c)
	for ch := 0; ch < c; ch++ {
		if b.training {
			var sum float64
			for s := 0; s < n; s++ {
				sum += float64(vec.Sum(plane(s, ch)))
			}
			mu := sum / float64(m)
			var ss float64
			for s := 0; s < n; s++ {
				ss += float64(vec.SumSqDiff(plane(s, ch), float32(mu)))
			}
			biased := ss / float64(m)
			mean[ch], rstd[ch] = float32(mu), float32(1/math.Sqrt(biased+float64(b.Eps)))
			unbiased := float32(biased * float64(m) / float64(m-1))
			b.RunningMean[ch] = (1-b.Momentum)*b.RunningMean[ch] + b.Momentum*float32(mu)
			b.RunningVar[ch] = (1-b.Momentum)*b.RunningVar[ch] + b.Momentum*unbiased
		} else {
			mean[ch] = b.RunningMean[ch]
			rstd[ch] = float32(1 / math.Sqrt(float64(b.RunningVar[ch])+float64(b.Eps)))
		}
		// y = γ·(x − μ)·r + β = a·x + (β − a·μ)
		a := b.Weight.Data[ch] * rstd[ch]
		shift := b.Bias.Data[ch] - a*mean[ch]
		for s := 0; s < n; s++ {
			off := (s*c + ch) * hw
			vec.ScaleShift(out[off:off+hw], plane(s, ch), a, shift)
		}
	}
	training := b.training
	gamma, beta := b.Weight, b.Bias
	return tensor.FromOp(out, x.Shape(), []*tensor.Tensor{x, gamma, beta}, func(y *tensor.Tensor) {
		dy := y.Grad
		dplane := func(s, ch int) []float32 { return dy[(s*c+ch)*hw : (s*c+ch+1)*hw] }
		var gx []float32
		if x.RequiresGrad() {
			gx = tensor.GradOf(x)
		}
		for ch := 0; ch < c; ch++ {
			// Σ dy and Σ dy·x̂ = r·Σ dy·(x − μ)
			var sdy, sdyx float64
			for s := 0; s < n; s++ {
				sdy += float64(vec.Sum(dplane(s, ch)))
				sdyx += float64(vec.DotShift(dplane(s, ch), plane(s, ch), mean[ch]))
			}
			r := float64(rstd[ch])
			sdyxh := sdyx * r
			if gamma.RequiresGrad() {
				tensor.GradOf(gamma)[ch] += float32(sdyxh)
			}
			if beta.RequiresGrad() {
				tensor.GradOf(beta)[ch] += float32(sdy)
			}
			if gx == nil {
				continue
			}
			a := float64(gamma.Data[ch]) * r
			if !training { // an affine map: dx = a·dy
				for s := 0; s < n; s++ {
					off := (s*c + ch) * hw
					vec.Axpy(float32(a), dplane(s, ch), gx[off:off+hw])
				}
				continue
			}
			// dx = a·(dy − Σdy/m − x̂·Σ(dy·x̂)/m) = a·dy + k1·x + k0
			k1 := -a * r * sdyxh / float64(m)
			k0 := -a*sdy/float64(m) - k1*float64(mean[ch])
			for s := 0; s < n; s++ {
				off := (s*c + ch) * hw
				g := gx[off : off+hw]
				vec.Axpy(float32(a), dplane(s, ch), g)
				vec.Axpy(float32(k1), plane(s, ch), g)
				vec.AddConst(g, float32(k0))
			}
		}
	})
}

// Dropout zeroes each element with probability P in training and scales the
// rest by 1/(1−P); in evaluation it passes its input through. Its random
// stream is seeded, so a run repeats exactly.
type Dropout struct {
	P        float32
	rng      *rand.Rand
	training bool
}

// NewDropout returns a Dropout in training mode with its own seeded stream.
func NewDropout(p float32, seed uint64) *Dropout {
	if p < 0 || p >= 1 {
		fail(ErrShape, "Dropout: probability %v, want 0 <= p < 1", p)
	}
	return &Dropout{P: p, rng: tensor.NewRand(seed), training: true}
}

// Parameters returns nothing.
func (d *Dropout) Parameters() []*tensor.Tensor { return nil }

// Train switches dropping on (true) or off.
func (d *Dropout) Train(on bool) { d.training = on }

// Forward drops elements of x in training mode.
func (d *Dropout) Forward(x *tensor.Tensor) *tensor.Tensor {
	if !d.training || d.P == 0 {
		return x
	}
	scale := 1 / (1 - d.P)
	mask := make([]float32, x.Len())
	out := make([]float32, x.Len())
	for i, v := range x.Data {
		if d.rng.Float32() >= d.P {
			mask[i] = scale
			out[i] = v * scale
		}
	}
	return tensor.FromOp(out, x.Shape(), []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		g := tensor.GradOf(x)
		for i, m := range mask {
			g[i] += y.Grad[i] * m
		}
	})
}

// Embedding maps integer ids to rows of Weight (Num, Dim).
type Embedding struct {
	Weight *tensor.Tensor
}

// NewEmbedding returns an Embedding of num ids to dim-vectors, initialised
// N(0, 1) as PyTorch does.
func NewEmbedding(num, dim int, rng *rand.Rand) *Embedding {
	return &Embedding{Weight: tensor.Randn(rng, 1, num, dim).SetRequiresGrad(true)}
}

// Lookup returns the rows for ids, shape (len(ids), Dim).
func (e *Embedding) Lookup(ids []int) *tensor.Tensor {
	num := e.Weight.Dim(0)
	for i, id := range ids {
		if id < 0 || id >= num {
			fail(ErrLabel, "Embedding: id %d at position %d, want 0 <= id < %d", id, i, num)
		}
	}
	return e.Weight.Gather(ids)
}

// Forward looks up the ids held (as whole numbers) in x, returning shape
// x.Shape() + (Dim).
func (e *Embedding) Forward(x *tensor.Tensor) *tensor.Tensor {
	ids := make([]int, x.Len())
	for i, v := range x.Data {
		ids[i] = int(v)
		if float32(ids[i]) != v {
			fail(ErrLabel, "Embedding: input %v at position %d is not a whole number", v, i)
		}
	}
	return e.Lookup(ids).Reshape(append(x.Shape(), e.Weight.Dim(1))...)
}

// Parameters returns the embedding table.
func (e *Embedding) Parameters() []*tensor.Tensor { return []*tensor.Tensor{e.Weight} }

// Train does nothing.
func (e *Embedding) Train(bool) {}
