package calib

import (
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// upConcat is tensor.Concat(1, nn.UpsampleNearest(x, 2), skip), the join
// of the 2-D U-Net's up path, as one op: the upsampled planes are written
// straight into the joined map instead of into a map of their own that the
// concatenation then copies, and the backward sums each 2×2 block of the
// joined gradient into x's gradient without the upsampled gradient in
// between. Both passes are spread over the planes on the runtime's threads
// (the concatenation ran on one). The values and both gradients have the
// bits of the composed ops. Shapes that do not fit (a side not divisible
// by 2^Depth) go to the composed ops, which say what is wrong.
func upConcat(x, skip *tensor.Tensor) *tensor.Tensor {
	xs, ss := x.Shape(), skip.Shape()
	if len(xs) != 4 || len(ss) != 4 || ss[0] != xs[0] || ss[2] != 2*xs[2] || ss[3] != 2*xs[3] {
		return tensor.Concat(1, nn.UpsampleNearest(x, 2), skip)
	}
	n, cx, h, w := xs[0], xs[1], xs[2], xs[3]
	cs, ho, wo := ss[1], ss[2], ss[3]
	c, plane, small := cx+cs, ho*wo, h*w
	out := tensor.Scratch(n * c * plane) // every element is written below
	xd, sd := x.Data, skip.Data
	tensor.ParallelParts(n*c, len(out), func(_, lo, hi int) {
		for p := lo; p < hi; p++ {
			i, ch := p/c, p%c
			dst := out[p*plane : (p+1)*plane]
			if ch >= cx {
				copy(dst, sd[(i*cs+ch-cx)*plane:(i*cs+ch-cx+1)*plane])
				continue
			}
			src := xd[(i*cx+ch)*small : (i*cx+ch+1)*small]
			for y := 0; y < h; y++ {
				row := dst[2*y*wo : (2*y+1)*wo]
				for x, v := range src[y*w : (y+1)*w] {
					row[2*x], row[2*x+1] = v, v
				}
				copy(dst[(2*y+1)*wo:(2*y+2)*wo], row)
			}
		}
	})
	return tensor.FromOpScratch(out, []int{n, c, ho, wo}, []*tensor.Tensor{x, skip}, func(y *tensor.Tensor) {
		var gx, gs []float32
		var ax, as bool
		if x.RequiresGrad() {
			gx, ax = tensor.GradFor(x)
		}
		if skip.RequiresGrad() {
			gs, as = tensor.GradFor(skip)
		}
		dy := y.Grad
		tensor.ParallelParts(n*c, len(out), func(_, lo, hi int) {
			for p := lo; p < hi; p++ {
				i, ch := p/c, p%c
				d := dy[p*plane : (p+1)*plane]
				if ch >= cx {
					if gs == nil {
						continue
					}
					g := gs[(i*cs+ch-cx)*plane : (i*cs+ch-cx+1)*plane]
					if as {
						copy(g, d)
					} else {
						vec.Add(d, g)
					}
					continue
				}
				if gx == nil {
					continue
				}
				g := gx[(i*cx+ch)*small : (i*cx+ch+1)*small]
				for yy := 0; yy < h; yy++ {
					r0, r1 := d[2*yy*wo:(2*yy+1)*wo], d[(2*yy+1)*wo:(2*yy+2)*wo]
					gr := g[yy*w : (yy+1)*w]
					r0, r1 = r0[:2*len(gr)], r1[:2*len(gr)]
					if ax {
						for x := range gr {
							gr[x] = (r0[2*x] + r1[2*x]) + (r0[2*x+1] + r1[2*x+1])
						}
						continue
					}
					for x := range gr {
						gr[x] += (r0[2*x] + r1[2*x]) + (r0[2*x+1] + r1[2*x+1])
					}
				}
			}
		})
	})
}
