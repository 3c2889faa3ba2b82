package nn_test

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// The 2×2×2 pooling pools two depth slices with the 2-D kernel and
// compares them; on ties and NaNs it must pick the tap a scan of the eight
// in (depth, row, column) order picks (a larger value or a NaN replaces the
// running maximum), and route the gradient there, on odd sizes and on one
// and two threads.
func TestMaxPool3d2MatchesTapScan(t *testing.T) {
	const n, c, d, h, w = 2, 8, 9, 10, 67 // odd sides, rows longer than a vector, enough windows to split
	rng := tensor.NewRand(9)
	x := make([]float32, n*c*d*h*w)
	for i := range x {
		x[i] = float32(rng.IntN(3)) // many ties
		if rng.IntN(40) == 0 {
			x[i] = float32(math.NaN())
		}
	}
	do, ho, wo := d/2, h/2, w/2
	want := make([]float32, n*c*do*ho*wo)
	wantGrad := make([]float32, len(x))
	dy := make([]float32, len(want))
	for i := range dy {
		dy[i] = float32(i%5) + 1
	}
	o := 0
	for p := 0; p < n*c; p++ {
		for oz := 0; oz < do; oz++ {
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					best := -1
					var bv float32
					for dz := 0; dz < 2; dz++ {
						for dyy := 0; dyy < 2; dyy++ {
							for dx := 0; dx < 2; dx++ {
								i := p*d*h*w + ((2*oz+dz)*h+2*oy+dyy)*w + 2*ox + dx
								if e := x[i]; best < 0 || e > bv || e != e {
									best, bv = i, e
								}
							}
						}
					}
					want[o] = bv
					wantGrad[best] += dy[o]
					o++
				}
			}
		}
	}
	for _, threads := range []int{1, 2} {
		func() {
			defer tensor.SetThreads(tensor.SetThreads(threads))
			xt := tensor.New(append([]float32(nil), x...), n, c, d, h, w).SetRequiresGrad(true)
			y := nn.MaxPoolVolume(xt, 2, 2)
			for i, v := range want {
				if math.Float32bits(y.Data[i]) != math.Float32bits(v) {
					t.Fatalf("%d threads: output[%d] = %v, tap scan %v", threads, i, y.Data[i], v)
				}
			}
			y.BackwardWith(dy)
			for i, v := range wantGrad {
				if math.Float32bits(xt.Grad[i]) != math.Float32bits(v) {
					t.Fatalf("%d threads: gradient[%d] = %v, tap scan %v", threads, i, xt.Grad[i], v)
				}
			}
		}()
	}
}
