package drm

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// groupNorm is group normalisation (Wu and He 2018) of (N, C, H, W)
// input: the channels of each sample fall into Groups groups of C/Groups
// channels, each group is normalised to zero mean and unit variance over
// its channels and pixels (biased variance, eps 1e-5, as PyTorch), then
// each channel is scaled by Weight and shifted by Bias. It lives here, not
// in runtime/nn, because DomainBed's MNIST CNN is its only user so far.
type groupNorm struct {
	Groups       int
	Weight, Bias *tensor.Tensor // (C)
}

func newGroupNorm(groups, channels int) *groupNorm {
	if groups <= 0 || channels%groups != 0 {
		panic(fmt.Sprintf("drm: GroupNorm: %d channels do not fall into %d groups", channels, groups))
	}
	return &groupNorm{Groups: groups,
		Weight: tensor.Ones(channels).SetRequiresGrad(true), Bias: tensor.Zeros(channels).SetRequiresGrad(true)}
}

func (g *groupNorm) Parameters() []*tensor.Tensor { return []*tensor.Tensor{g.Weight, g.Bias} }

// Train does nothing: the statistics are each sample's own in both modes.
func (g *groupNorm) Train(bool) {}

// Forward normalises x (N, C, H, W). Each channel is a plane of H·W
// contiguous values: sums, the two-pass variance and the affine map run
// through the vector kernels, and backward recomputes x̂ from x, so nothing
// of x's size is kept besides the output.
func (g *groupNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Rank() != 4 || x.Dim(1) != g.Weight.Len() {
		panic(fmt.Sprintf("drm: GroupNorm(%d, %d): input shape %v, want (N, %d, H, W)", g.Groups, g.Weight.Len(), x.Shape(), g.Weight.Len()))
	}
	n, c, hw := x.Dim(0), x.Dim(1), x.Dim(2)*x.Dim(3)
	groups := g.Groups
	cg := c / groups
	size := float64(cg * hw) // values per group
	plane := func(v []float32, s, ch int) []float32 { return v[(s*c+ch)*hw : (s*c+ch+1)*hw] }
	out := make([]float32, x.Len())
	mean := make([]float32, n*groups)
	rstd := make([]float32, n*groups)
	w, b := g.Weight.Data, g.Bias.Data
	for s := range n {
		for k := range groups {
			var sum float64
			for ch := k * cg; ch < (k+1)*cg; ch++ {
				sum += float64(vec.Sum(plane(x.Data, s, ch)))
			}
			m := sum / size
			var ss float64
			for ch := k * cg; ch < (k+1)*cg; ch++ {
				ss += float64(vec.SumSqDiff(plane(x.Data, s, ch), float32(m)))
			}
			r := float32(1 / math.Sqrt(ss/size+1e-5))
			mean[s*groups+k], rstd[s*groups+k] = float32(m), r
			for ch := k * cg; ch < (k+1)*cg; ch++ {
				// y = γ·(x − μ)·r + β = a·x + (β − a·μ)
				a := w[ch] * r
				vec.ScaleShift(plane(out, s, ch), plane(x.Data, s, ch), a, b[ch]-a*float32(m))
			}
		}
	}
	gamma, beta := g.Weight, g.Bias
	return tensor.FromOp(out, x.Shape(), []*tensor.Tensor{x, gamma, beta}, func(y *tensor.Tensor) {
		dy := y.Grad
		sdy := make([]float32, c)  // Σ dy over a channel's plane
		sdyx := make([]float32, c) // Σ dy·x̂ over it
		var gg, gb, gx []float32
		if gamma.RequiresGrad() || beta.RequiresGrad() {
			gg, gb = tensor.GradOf(gamma), tensor.GradOf(beta)
		}
		if x.RequiresGrad() {
			gx = tensor.GradOf(x)
		}
		for s := range n {
			for k := range groups {
				m, r := mean[s*groups+k], rstd[s*groups+k]
				// Σ dy·x̂ = r·(Σ dy·x − μ·Σ dy)
				var m1, m2 float64
				for ch := k * cg; ch < (k+1)*cg; ch++ {
					d := plane(dy, s, ch)
					sdy[ch] = vec.Sum(d)
					sdyx[ch] = r * (vec.Dot(d, plane(x.Data, s, ch)) - m*sdy[ch])
					if gg != nil {
						gg[ch] += sdyx[ch]
						gb[ch] += sdy[ch]
					}
					m1 += float64(gamma.Data[ch] * sdy[ch])
					m2 += float64(gamma.Data[ch] * sdyx[ch])
				}
				if gx == nil {
					continue
				}
				// dx = r·(γ·dy − mean(γ·dy) − x̂·mean(γ·dy·x̂)) over the group,
				// x̂ = r·(x − μ): a multiple of dy, a multiple of x and a constant.
				a, bb := float32(m1/size), float32(m2/size)
				for ch := k * cg; ch < (k+1)*cg; ch++ {
					gp := plane(gx, s, ch)
					vec.Axpy(r*gamma.Data[ch], plane(dy, s, ch), gp)
					vec.Axpy(-r*r*bb, plane(x.Data, s, ch), gp)
					vec.AddConst(gp, r*r*bb*m-r*a)
				}
			}
		}
	})
}

// globalAvgPool averages each channel of (N, C, H, W) over its pixels,
// giving (N, C).
type globalAvgPool struct{}

func (globalAvgPool) Parameters() []*tensor.Tensor { return nil }
func (globalAvgPool) Train(bool)                   {}
func (globalAvgPool) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Rank() != 4 {
		panic(fmt.Sprintf("drm: global average pool: input shape %v, want (N, C, H, W)", x.Shape()))
	}
	return x.Reshape(x.Dim(0), x.Dim(1), x.Dim(2)*x.Dim(3)).MeanAxis(2)
}
