package drm

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor"
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

func (g *groupNorm) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x.Rank() != 4 || x.Dim(1) != g.Weight.Len() {
		panic(fmt.Sprintf("drm: GroupNorm(%d, %d): input shape %v, want (N, %d, H, W)", g.Groups, g.Weight.Len(), x.Shape(), g.Weight.Len()))
	}
	n, c, hw := x.Dim(0), x.Dim(1), x.Dim(2)*x.Dim(3)
	cg := c / g.Groups
	size := cg * hw // values per group
	xhat := make([]float32, x.Len())
	out := make([]float32, x.Len())
	rstd := make([]float32, n*g.Groups)
	w, b := g.Weight.Data, g.Bias.Data
	for s := range n {
		for k := range g.Groups {
			off := (s*c + k*cg) * hw
			v := x.Data[off : off+size]
			var sum float64
			for _, e := range v {
				sum += float64(e)
			}
			mean := sum / float64(size)
			var ss float64
			for _, e := range v {
				d := float64(e) - mean
				ss += d * d
			}
			r := float32(1 / math.Sqrt(ss/float64(size)+1e-5))
			rstd[s*g.Groups+k] = r
			m := float32(mean)
			for j := range cg {
				ch := k*cg + j
				po := off + j*hw
				for p := range hw {
					xh := (x.Data[po+p] - m) * r
					xhat[po+p] = xh
					out[po+p] = xh*w[ch] + b[ch]
				}
			}
		}
	}
	gamma, beta := g.Weight, g.Bias
	groups := g.Groups
	return tensor.FromOp(out, x.Shape(), []*tensor.Tensor{x, gamma, beta}, func(y *tensor.Tensor) {
		dy := y.Grad
		if gamma.RequiresGrad() || beta.RequiresGrad() {
			gg, gb := tensor.GradOf(gamma), tensor.GradOf(beta)
			for s := range n {
				for ch := range c {
					po := (s*c + ch) * hw
					var a, bb float32
					for p := range hw {
						a += dy[po+p] * xhat[po+p]
						bb += dy[po+p]
					}
					gg[ch] += a
					gb[ch] += bb
				}
			}
		}
		if !x.RequiresGrad() {
			return
		}
		gx := tensor.GradOf(x)
		// dx = rstd·(dxh − mean(dxh) − xhat·mean(dxh·xhat)) per group, with
		// dxh = dy·γ the gradient with respect to x̂.
		for s := range n {
			for k := range groups {
				off := (s*c + k*cg) * hw
				var m1, m2 float64
				for j := range cg {
					gm := gamma.Data[k*cg+j]
					po := off + j*hw
					for p := range hw {
						d := dy[po+p] * gm
						m1 += float64(d)
						m2 += float64(d * xhat[po+p])
					}
				}
				a, bb := float32(m1/float64(size)), float32(m2/float64(size))
				r := rstd[s*groups+k]
				for j := range cg {
					gm := gamma.Data[k*cg+j]
					po := off + j*hw
					for p := range hw {
						gx[po+p] += r * (dy[po+p]*gm - a - xhat[po+p]*bb)
					}
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
