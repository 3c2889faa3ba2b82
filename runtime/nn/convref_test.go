package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// refConv is the textbook convolution in float64: the output, and the
// input, weight and bias gradients for an upstream gradient dy (after a
// ReLU when relu is set).
func refConv(x, w, b *tensor.Tensor, stride, pad int, relu bool, dy []float32) (y, dx, dw, db []float64) {
	n, cin, h, wd := x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3)
	cout, kh, kw := w.Dim(0), w.Dim(2), w.Dim(3)
	ho, wo := (h+2*pad-kh)/stride+1, (wd+2*pad-kw)/stride+1
	y = make([]float64, n*cout*ho*wo)
	dx, dw, db = make([]float64, len(x.Data)), make([]float64, len(w.Data)), make([]float64, cout)
	xi := func(s, c, iy, ix int) int { return ((s*cin+c)*h+iy)*wd + ix }
	wi := func(co, c, i, j int) int { return ((co*cin+c)*kh+i)*kw + j }
	for s := 0; s < n; s++ {
		for co := 0; co < cout; co++ {
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					sum := float64(b.Data[co])
					for c := 0; c < cin; c++ {
						for i := 0; i < kh; i++ {
							for j := 0; j < kw; j++ {
								iy, ix := oy*stride-pad+i, ox*stride-pad+j
								if iy >= 0 && iy < h && ix >= 0 && ix < wd {
									sum += float64(x.Data[xi(s, c, iy, ix)]) * float64(w.Data[wi(co, c, i, j)])
								}
							}
						}
					}
					o := ((s*cout+co)*ho+oy)*wo + ox
					g := float64(dy[o])
					if relu && sum <= 0 {
						sum, g = 0, 0
					}
					y[o] = sum
					db[co] += g
					for c := 0; c < cin; c++ {
						for i := 0; i < kh; i++ {
							for j := 0; j < kw; j++ {
								iy, ix := oy*stride-pad+i, ox*stride-pad+j
								if iy >= 0 && iy < h && ix >= 0 && ix < wd {
									dw[wi(co, c, i, j)] += g * float64(x.Data[xi(s, c, iy, ix)])
									dx[xi(s, c, iy, ix)] += g * float64(w.Data[wi(co, c, i, j)])
								}
							}
						}
					}
				}
			}
		}
	}
	return y, dx, dw, db
}

// TestConvMatchesReference runs every convolution path (direct stride-1,
// im2col with the vector kernels, packed gemm, fused ReLU; Winograd in
// TestWinogradMatchesReference) at sizes where the
// vector kernels' full-width loops and their tails both run, against the
// float64 reference.
func TestConvMatchesReference(t *testing.T) {
	cases := []struct{ n, cin, cout, h, w, k, stride, pad int }{
		{2, 1, 16, 20, 19, 3, 1, 1},  // first layer: k = 9
		{2, 8, 8, 33, 17, 3, 1, 1},   // narrow inner layer
		{1, 3, 5, 16, 16, 3, 2, 1},   // stride 2: im2col
		{1, 32, 32, 12, 12, 3, 1, 1}, // wide: gemm
		{1, 16, 4, 18, 18, 3, 1, 0},  // unpadded
		{2, 4, 64, 9, 9, 3, 1, 1},    // many outputs, few inputs
		{1, 6, 7, 21, 23, 3, 1, 2},   // padding 2
		{1, 64, 2, 8, 8, 3, 2, 1},    // many inputs, stride 2
		{3, 64, 72, 9, 9, 3, 2, 1},   // wide, stride 2: grouped gemm, groups of 3 outputs' columns
		{13, 64, 64, 7, 7, 3, 1, 1},  // wide direct: the weight gradient by grouped gemm, two groups
		{5, 40, 48, 12, 11, 3, 2, 1}, // grouped, k and cout off the tile sizes
		{2, 3, 4, 1, 1, 3, 2, 1},     // taps past the 1×1 input on every side
		{1, 2, 3, 5, 6, 5, 3, 2},     // stride 3, 5×5 kernel
		// The grouped path's layouts: phases of strides 2 and 3 with
		// padding 0-2 and odd sizes, a 1×1 stride-2 kernel that reads one
		// phase only, stride 1 wider than the direct path (every product
		// grouped) and a stride-1 weight gradient with padding 2.
		{2, 40, 36, 13, 11, 5, 3, 2},
		{2, 48, 40, 10, 9, 3, 2, 0},
		{2, 40, 40, 7, 7, 1, 2, 0},
		{2, 136, 40, 6, 5, 3, 1, 1},
		{3, 64, 64, 7, 6, 5, 1, 2},
	}
	for _, c := range cases {
		for _, relu := range []bool{false, true} {
			name := fmt.Sprintf("%dx%dx%dx%d_to_%d_s%d_p%d_relu%v", c.n, c.cin, c.h, c.w, c.cout, c.stride, c.pad, relu)
			t.Run(name, func(t *testing.T) {
				rng := tensor.NewRand(uint64(c.cin*100 + c.cout))
				x := tensor.Randn(rng, 1, c.n, c.cin, c.h, c.w).SetRequiresGrad(true)
				conv := nn.NewConv2d(c.cin, c.cout, c.k, c.stride, c.pad, rng)
				conv.ReLU = relu
				y := conv.Forward(x)
				dy := tensor.Randn(rng, 1, y.Shape()...).Data
				wantY, wantDx, wantDw, wantDb := refConv(x, conv.Weight, conv.Bias, c.stride, c.pad, relu, dy)
				y.BackwardWith(dy)
				for _, r := range []struct {
					what      string
					got       []float32
					want      []float64
					terms     int
					magnitude float64
				}{
					{"output", y.Data, wantY, c.cin * c.k * c.k, 1},
					{"input gradient", x.Grad, wantDx, c.cout * c.k * c.k, 1},
					{"weight gradient", conv.Weight.Grad, wantDw, c.n * len(wantY) / c.cout, 1},
					{"bias gradient", conv.Bias.Grad, wantDb, c.n * len(wantY) / c.cout, 1},
				} {
					tol := 1e-5 * math.Sqrt(float64(r.terms)) * 4
					for i, v := range r.want {
						if math.Abs(float64(r.got[i])-v) > tol*(1+math.Abs(v)) {
							t.Fatalf("%s[%d] = %v, reference %v", r.what, i, r.got[i], v)
						}
					}
				}
			})
		}
	}
}
