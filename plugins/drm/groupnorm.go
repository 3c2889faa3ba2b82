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
//
// With ReLU it normalises max(x, 0) instead (a ReLU and then the norm,
// DomainBed's order after each convolution, as one op): the backward pass
// rectifies x as it reads it and writes the input gradient already masked,
// so the convolution before it runs without its own fused ReLU, and its
// backward has no masking pass over its output (a read of the gradient and
// of the output, 64 MB each for the MNIST CNN's first layer at batch 320).
// The values and bits are those of nn.ReLU followed by the norm
// (TestGroupNormReLUMatchesUnfused).
type groupNorm struct {
	Groups       int
	ReLU         bool
	Weight, Bias *tensor.Tensor // (C)
}

func newGroupNorm(groups, channels int) *groupNorm {
	if groups <= 0 || channels%groups != 0 {
		panic(fmt.Sprintf("drm: GroupNorm: %d channels do not fall into %d groups", channels, groups))
	}
	return &groupNorm{Groups: groups,
		Weight: tensor.Ones(channels).SetRequiresGrad(true), Bias: tensor.Zeros(channels).SetRequiresGrad(true)}
}

// newReLUGroupNorm is a ReLU and then the group norm, as DomainBed orders
// them after each of the MNIST CNN's convolutions, in one op (see ReLU).
func newReLUGroupNorm(groups, channels int) *groupNorm {
	g := newGroupNorm(groups, channels)
	g.ReLU = true
	return g
}

func (g *groupNorm) Parameters() []*tensor.Tensor { return []*tensor.Tensor{g.Weight, g.Bias} }

// Train does nothing: the statistics are each sample's own in both modes.
func (g *groupNorm) Train(bool) {}

// Forward normalises x (N, C, H, W). Each channel is a plane of H·W
// contiguous values: sums, the two-pass variance and the affine map run
// through the vector kernels, and backward recomputes x̂ from x, so nothing
// of x's size is kept besides the output. The output comes from
// tensor.Scratch (a training step that frees its graph reuses it), and the
// samples are split across goroutines (each sample's groups are its own).
func (g *groupNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Rank() != 4 || x.Dim(1) != g.Weight.Len() {
		panic(fmt.Sprintf("drm: GroupNorm(%d, %d): input shape %v, want (N, %d, H, W)", g.Groups, g.Weight.Len(), x.Shape(), g.Weight.Len()))
	}
	n, c, hw := x.Dim(0), x.Dim(1), x.Dim(2)*x.Dim(3)
	groups := g.Groups
	cg := c / groups
	size := float64(cg * hw) // values per group
	plane := func(v []float32, s, ch int) []float32 { return v[(s*c+ch)*hw : (s*c+ch+1)*hw] }
	out := tensor.Scratch(x.Len()) // every element is written below
	stats := tensor.Scratch(2 * n * groups)
	mean, rstd := stats[:n*groups], stats[n*groups:]
	w, b := g.Weight.Data, g.Bias.Data
	tensor.Parallel(n, 3*x.Len(), func(lo, hi int) {
		for s := lo; s < hi; s++ {
			for k := range groups {
				// The group's channels are contiguous: one call per pass.
				span := x.Data[(s*c+k*cg)*hw : (s*c+(k+1)*cg)*hw]
				src := x.Data
				if g.ReLU {
					// Rectified into out (L1-sized: a group is a few
					// planes), then normalised there in place.
					src = out
					span = out[(s*c+k*cg)*hw : (s*c+(k+1)*cg)*hw]
					vec.ReLU(span, x.Data[(s*c+k*cg)*hw:(s*c+(k+1)*cg)*hw])
				}
				m := float64(vec.Sum(span)) / size
				ss := float64(vec.SumSqDiff(span, float32(m)))
				r := float32(1 / math.Sqrt(ss/size+1e-5))
				mean[s*groups+k], rstd[s*groups+k] = float32(m), r
				for ch := k * cg; ch < (k+1)*cg; ch++ {
					// y = γ·(x − μ)·r + β = a·x + (β − a·μ)
					a := w[ch] * r
					vec.ScaleShift(plane(out, s, ch), plane(src, s, ch), a, b[ch]-a*float32(m))
				}
			}
		}
	})
	gamma, beta := g.Weight, g.Bias
	y := tensor.FromOpScratch(out, x.Shape(), []*tensor.Tensor{x, gamma, beta}, func(y *tensor.Tensor) {
		dy := y.Grad
		// Σ dy and Σ dy·x̂ over each channel's plane, per sample: the
		// parameter gradients are summed from them in sample order after
		// the parallel part, so the bits do not depend on the split.
		sums := tensor.Scratch(2 * n * c)
		defer tensor.Release(sums)
		sdy, sdyx := sums[:n*c], sums[n*c:]
		var gx []float32
		assign := false
		if x.RequiresGrad() {
			gx, assign = tensor.GradFor(x)
		}
		tensor.Parallel(n, 4*x.Len(), func(lo, hi int) {
			var tmp []float32 // with ReLU, a plane's gradient to add to x's
			if g.ReLU && !assign && gx != nil {
				tmp = tensor.Scratch(hw)
				defer tensor.Release(tmp)
			}
			for s := lo; s < hi; s++ {
				for k := range groups {
					m, r := mean[s*groups+k], rstd[s*groups+k]
					// Σ dy·x̂ = r·(Σ dy·x − μ·Σ dy)
					var m1, m2 float64
					for ch := k * cg; ch < (k+1)*cg; ch++ {
						var sd, dx float32
						if g.ReLU {
							sd, dx = vec.ReLUSumDot(plane(dy, s, ch), plane(x.Data, s, ch))
						} else {
							sd, dx = vec.SumDot(plane(dy, s, ch), plane(x.Data, s, ch))
						}
						sdx := r * (dx - m*sd)
						sdy[s*c+ch], sdyx[s*c+ch] = sd, sdx
						m1 += float64(gamma.Data[ch] * sd)
						m2 += float64(gamma.Data[ch] * sdx)
					}
					if gx == nil {
						continue
					}
					// dx = r·(γ·dy − mean(γ·dy) − x̂·mean(γ·dy·x̂)) over the
					// group, x̂ = r·(x − μ): a multiple of dy, a multiple of
					// x and a constant; stored straight when nothing else
					// has written x's gradient yet.
					a, bb := float32(m1/size), float32(m2/size)
					for ch := k * cg; ch < (k+1)*cg; ch++ {
						gp := plane(gx, s, ch)
						if g.ReLU { // the same terms where x > 0, zero elsewhere
							coefs := [3]float32{-r * r * bb, r * gamma.Data[ch], r*r*bb*m - r*a}
							if assign {
								vec.ReLUAffineMix(gp, plane(x.Data, s, ch), plane(dy, s, ch), coefs[0], coefs[1], coefs[2])
								continue
							}
							vec.ReLUAffineMix(tmp, plane(x.Data, s, ch), plane(dy, s, ch), coefs[0], coefs[1], coefs[2])
							vec.Add(tmp, gp)
							continue
						}
						if assign { // one pass
							vec.AffineMix(gp, plane(x.Data, s, ch), plane(dy, s, ch), -r*r*bb, r*gamma.Data[ch], r*r*bb*m-r*a)
							continue
						}
						vec.Axpy(-r*r*bb, plane(x.Data, s, ch), gp)
						vec.AddConst(gp, r*r*bb*m-r*a)
						vec.Axpy(r*gamma.Data[ch], plane(dy, s, ch), gp)
					}
				}
			}
		})
		if gamma.RequiresGrad() || beta.RequiresGrad() {
			gg, gb := tensor.GradOf(gamma), tensor.GradOf(beta)
			for s := range n {
				vec.Add(sdyx[s*c:(s+1)*c], gg)
				vec.Add(sdy[s*c:(s+1)*c], gb)
			}
		}
	})
	y.HoldScratch(stats)
	return y
}

// globalAvgPool averages each channel of (N, C, H, W) over its pixels,
// giving (N, C): one vector sum per plane forward, one fill per plane
// backward (through MeanAxis of a reshape it took 3% of a DRM step, an
// element at a time in float64 and a cleared gradient).
type globalAvgPool struct{}

func (globalAvgPool) Parameters() []*tensor.Tensor { return nil }
func (globalAvgPool) Train(bool)                   {}
func (globalAvgPool) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Rank() != 4 || x.Dim(2)*x.Dim(3) == 0 {
		panic(fmt.Sprintf("drm: global average pool: input shape %v, want (N, C, H, W) with pixels", x.Shape()))
	}
	n, c, hw := x.Dim(0), x.Dim(1), x.Dim(2)*x.Dim(3)
	inv := 1 / float32(hw)
	out := tensor.Scratch(n * c)
	for p := range out {
		out[p] = vec.Sum(x.Data[p*hw:(p+1)*hw]) * inv
	}
	return tensor.FromOpScratch(out, []int{n, c}, []*tensor.Tensor{x}, func(y *tensor.Tensor) {
		if !x.RequiresGrad() {
			return
		}
		gx, assign := tensor.GradFor(x)
		for p, g := range y.Grad {
			plane := gx[p*hw : (p+1)*hw]
			if assign {
				vec.Fill(plane, g*inv)
			} else {
				vec.AddConst(plane, g*inv)
			}
		}
	})
}
