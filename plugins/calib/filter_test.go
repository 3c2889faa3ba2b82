package calib

import (
	"math"
	"math/rand/v2"
	"testing"
)

// filterLabelsRef is filterLabels as a plain scatter: each window
// position adds its weight into its class's target, border tests inline.
// It is the reference filterLabels must match bit for bit.
func filterLabelsRef(labels []int, g geom, w []float64, k int, b Border) []float64 {
	S, r := g.sp(), k/2
	rz := 0
	if g.dims() == 3 {
		rz = r
	}
	out := zeros64(g.n * g.c * S)
	for n := 0; n < g.n; n++ {
		lab := labels[n*S : (n+1)*S]
		base := n * g.c * S
		for z := 0; z < g.d; z++ {
			for y := 0; y < g.h; y++ {
				for x := 0; x < g.w; x++ {
					s := (z*g.h+y)*g.w + x
					for dz := -rz; dz <= rz; dz++ {
						for dy := -r; dy <= r; dy++ {
							for dx := -r; dx <= r; dx++ {
								wt := w[((dz+rz)*k+dy+r)*k+dx+r]
								zz, yy, xx := z+dz, y+dy, x+dx
								cls := 0
								if zz < 0 || zz >= g.d || yy < 0 || yy >= g.h || xx < 0 || xx >= g.w {
									switch b {
									case BorderIgnore:
										continue
									case BorderReplicate:
										cls = lab[(clampInt(zz, 0, g.d-1)*g.h+clampInt(yy, 0, g.h-1))*g.w+clampInt(xx, 0, g.w-1)]
									}
								} else {
									cls = lab[(zz*g.h+yy)*g.w+xx]
								}
								out[base+cls*S+s] += wt
							}
						}
					}
				}
			}
		}
	}
	return out
}

// filterLabels pads, counts and looks up; the targets must have the bits
// of the scatter on 2-D and 3-D maps, every border and kernel, and images
// smaller than the window.
func TestFilterLabelsMatchesScatter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, gg := range []geom{{n: 2, c: 4, d: 1, h: 9, w: 7}, {n: 1, c: 3, d: 5, h: 6, w: 4, vol: true}, {n: 1, c: 2, d: 1, h: 1, w: 3}, {n: 2, c: 5, d: 1, h: 2, w: 2}} {
		lab := make([]int, gg.pixels())
		for i := range lab {
			lab[i] = r.IntN(gg.c)
		}
		for _, k := range []int{1, 3, 5} {
			n := k * k
			if gg.dims() == 3 {
				n *= k
			}
			mean := make([]float64, n)
			for i := range mean {
				mean[i] = 1 / float64(n)
			}
			kernels := [][]float64{mean, gaussKernel(k, gg.dims(), 1)}
			if k >= 3 {
				kernels = append(kernels, svlsKernel(k, gg.dims(), 1))
			}
			for _, w := range kernels {
				for _, b := range []Border{BorderBackground, BorderIgnore, BorderReplicate} {
					a, o := filterLabels(lab, gg, w, k, b), filterLabelsRef(lab, gg, w, k, b)
					for i := range o {
						if math.Float64bits(a[i]) != math.Float64bits(o[i]) {
							t.Fatalf("%+v k %d b %v: [%d] %v, old %v", gg, k, b, i, a[i], o[i])
						}
					}
				}
			}
		}
	}
}
