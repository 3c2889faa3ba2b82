package nn_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// vol5 is the geometry of a stride-1 3-D convolution for the float64
// references below.
type vol5 struct{ n, cin, cout, d, h, w, k, pad int }

func (g vol5) out() (do, ho, wo int) {
	return g.d + 2*g.pad - g.k + 1, g.h + 2*g.pad - g.k + 1, g.w + 2*g.pad - g.k + 1
}

// refConv3d is the textbook 3-D convolution in float64 (ReLU after it when
// relu is set).
func refConv3d(g vol5, x, w, b []float64, relu bool) []float64 {
	do, ho, wo := g.out()
	y := make([]float64, g.n*g.cout*do*ho*wo)
	o := 0
	for s := 0; s < g.n; s++ {
		for co := 0; co < g.cout; co++ {
			for oz := 0; oz < do; oz++ {
				for oy := 0; oy < ho; oy++ {
					for ox := 0; ox < wo; ox++ {
						sum := b[co]
						for c := 0; c < g.cin; c++ {
							for i := 0; i < g.k; i++ {
								for j := 0; j < g.k; j++ {
									for m := 0; m < g.k; m++ {
										iz, iy, ix := oz-g.pad+i, oy-g.pad+j, ox-g.pad+m
										if iz < 0 || iz >= g.d || iy < 0 || iy >= g.h || ix < 0 || ix >= g.w {
											continue
										}
										sum += x[(((s*g.cin+c)*g.d+iz)*g.h+iy)*g.w+ix] * w[(((co*g.cin+c)*g.k+i)*g.k+j)*g.k+m]
									}
								}
							}
						}
						if relu && sum < 0 {
							sum = 0
						}
						y[o] = sum
						o++
					}
				}
			}
		}
	}
	return y
}

func f64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

func dot64(a []float64, b []float32) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * float64(b[i])
	}
	return s
}

// checkFiniteDiff compares got (an analytic gradient) with central
// differences of f, the float64 reference loss, in each entry of v.
func checkFiniteDiff(t *testing.T, what string, v []float64, got []float32, f func() float64) {
	t.Helper()
	// Small, so that a step rarely crosses a ReLU kink or a tie of two
	// window values; the references are float64, so rounding stays far below
	// the tolerance.
	const h = 1e-7
	for i := range v {
		old := v[i]
		v[i] = old + h
		up := f()
		v[i] = old - h
		down := f()
		v[i] = old
		want := (up - down) / (2 * h)
		if math.Abs(float64(got[i])-want) > 1e-4*(1+math.Abs(want)) {
			t.Fatalf("%s[%d] = %v, finite difference %v", what, i, got[i], want)
		}
	}
}

// TestConv3dGradients checks the output against the float64 reference and
// every input, weight and bias gradient against central differences of it,
// for kernels 1 and 3, padding 0 to 2, with and without the fused ReLU.
func TestConv3dGradients(t *testing.T) {
	for _, g := range []vol5{
		{2, 2, 3, 4, 5, 6, 3, 1},
		{1, 3, 4, 3, 4, 5, 1, 0},
		{1, 2, 5, 5, 4, 4, 3, 0},
		{2, 1, 4, 3, 3, 4, 3, 2},
		{1, 4, 1, 3, 3, 3, 1, 1}, // a 1×1×1 kernel with padding
	} {
		for _, relu := range []bool{false, true} {
			t.Run(fmt.Sprintf("%+v_relu%v", g, relu), func(t *testing.T) {
				rng := tensor.NewRand(uint64(g.cin*10 + g.cout))
				x := tensor.Randn(rng, 1, g.n, g.cin, g.d, g.h, g.w).SetRequiresGrad(true)
				conv := nn.NewConv3d(g.cin, g.cout, g.k, g.pad, rng)
				conv.ReLU = relu
				y := conv.Forward(x)
				do, ho, wo := g.out()
				if want := []int{g.n, g.cout, do, ho, wo}; fmt.Sprint(y.Shape()) != fmt.Sprint(want) {
					t.Fatalf("shape %v, want %v", y.Shape(), want)
				}
				dy := tensor.Randn(rng, 1, y.Shape()...).Data
				y.BackwardWith(dy)
				xs, ws, bs := f64(x.Data), f64(conv.Weight.Data), f64(conv.Bias.Data)
				ref := refConv3d(g, xs, ws, bs, relu)
				for i, v := range ref {
					if math.Abs(float64(y.Data[i])-v) > 1e-5*(1+math.Abs(v)) {
						t.Fatalf("output[%d] = %v, reference %v", i, y.Data[i], v)
					}
				}
				loss := func() float64 { return dot64(refConv3d(g, xs, ws, bs, relu), dy) }
				checkFiniteDiff(t, "input gradient", xs, x.Grad, loss)
				checkFiniteDiff(t, "weight gradient", ws, conv.Weight.Grad, loss)
				checkFiniteDiff(t, "bias gradient", bs, conv.Bias.Grad, loss)
			})
		}
	}
}

// TestConv3dWide runs the vector kernels' full-width loops (16 outputs and
// more per row, 4-row tiles) against the float64 reference on a U-Net-sized
// layer, and checks that a second backward adds into the gradients.
func TestConv3dWide(t *testing.T) {
	g := vol5{2, 8, 12, 8, 8, 8, 3, 1}
	rng := tensor.NewRand(3)
	x := tensor.Randn(rng, 1, g.n, g.cin, g.d, g.h, g.w).SetRequiresGrad(true)
	conv := nn.NewConv3d(g.cin, g.cout, g.k, g.pad, rng)
	y := conv.Forward(x)
	ref := refConv3d(g, f64(x.Data), f64(conv.Weight.Data), f64(conv.Bias.Data), false)
	for i, v := range ref {
		if math.Abs(float64(y.Data[i])-v) > 1e-4*(1+math.Abs(v)) {
			t.Fatalf("output[%d] = %v, reference %v", i, y.Data[i], v)
		}
	}
	dy := tensor.Randn(rng, 1, y.Shape()...).Data
	y.BackwardWith(dy)
	once := append([]float32(nil), conv.Weight.Grad...)
	onceX := append([]float32(nil), x.Grad...)
	conv.Forward(x).BackwardWith(dy)
	for i := range once {
		if d := conv.Weight.Grad[i] - 2*once[i]; math.Abs(float64(d)) > 1e-4*(1+math.Abs(float64(once[i]))) {
			t.Fatalf("weight gradient[%d] after two backwards %v, want %v", i, conv.Weight.Grad[i], 2*once[i])
		}
	}
	for i := range onceX {
		if d := x.Grad[i] - 2*onceX[i]; math.Abs(float64(d)) > 1e-4*(1+math.Abs(float64(onceX[i]))) {
			t.Fatalf("input gradient[%d] after two backwards %v, want %v", i, x.Grad[i], 2*onceX[i])
		}
	}
}

// refPool3d is max pooling in float64 (windows k, stride k).
func refPool3d(x []float64, n, c, d, h, w, k int) []float64 {
	do, ho, wo := d/k, h/k, w/k
	y := make([]float64, 0, n*c*do*ho*wo)
	for p := 0; p < n*c; p++ {
		for oz := 0; oz < do; oz++ {
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					best := math.Inf(-1)
					for i := 0; i < k; i++ {
						for j := 0; j < k; j++ {
							for m := 0; m < k; m++ {
								best = math.Max(best, x[((p*d+oz*k+i)*h+oy*k+j)*w+ox*k+m])
							}
						}
					}
					y = append(y, best)
				}
			}
		}
	}
	return y
}

// refUp3d is nearest upsampling by s in float64.
func refUp3d(x []float64, n, c, d, h, w, s int) []float64 {
	y := make([]float64, 0, n*c*d*h*w*s*s*s)
	for p := 0; p < n*c; p++ {
		for z := 0; z < d*s; z++ {
			for yy := 0; yy < h*s; yy++ {
				for xx := 0; xx < w*s; xx++ {
					y = append(y, x[((p*d+z/s)*h+yy/s)*w+xx/s])
				}
			}
		}
	}
	return y
}

// TestPoolUpsample3dGradients checks 2×2×2 max pooling (odd sides
// included, which pooling drops) and nearest ×2 and ×3 upsampling against
// float64 references and central differences.
func TestPoolUpsample3dGradients(t *testing.T) {
	for _, c := range []struct {
		op            string
		n, c, d, h, w int
		k             int
	}{
		{"pool", 2, 3, 4, 4, 4, 2},
		{"pool", 1, 2, 5, 6, 7, 2},
		{"pool", 1, 1, 6, 6, 6, 3},
		{"up", 2, 3, 2, 3, 4, 2},
		{"up", 1, 2, 2, 2, 3, 3},
	} {
		t.Run(fmt.Sprintf("%s_%dx%dx%dx%dx%d_k%d", c.op, c.n, c.c, c.d, c.h, c.w, c.k), func(t *testing.T) {
			rng := tensor.NewRand(uint64(c.d*c.h*c.w + c.k))
			x := tensor.Randn(rng, 1, c.n, c.c, c.d, c.h, c.w).SetRequiresGrad(true)
			ref := func(v []float64) []float64 {
				if c.op == "pool" {
					return refPool3d(v, c.n, c.c, c.d, c.h, c.w, c.k)
				}
				return refUp3d(v, c.n, c.c, c.d, c.h, c.w, c.k)
			}
			var y *tensor.Tensor
			if c.op == "pool" {
				y = nn.MaxPool3d{K: c.k}.Forward(x)
			} else {
				y = nn.Upsample3d{Scale: c.k}.Forward(x)
			}
			xs := f64(x.Data)
			want := ref(xs)
			if len(want) != y.Len() {
				t.Fatalf("%d outputs (shape %v), reference %d", y.Len(), y.Shape(), len(want))
			}
			for i, v := range want {
				if float64(y.Data[i]) != v {
					t.Fatalf("output[%d] = %v, reference %v", i, y.Data[i], v)
				}
			}
			dy := tensor.Randn(rng, 1, y.Shape()...).Data
			y.BackwardWith(dy)
			checkFiniteDiff(t, "input gradient", xs, x.Grad, func() float64 { return dot64(ref(xs), dy) })
		})
	}
}

// TestVolumeOpsRejectBadShapes: wrong shapes are ErrShape errors that say
// what was wrong, not index panics.
func TestVolumeOpsRejectBadShapes(t *testing.T) {
	rng := tensor.NewRand(1)
	vol := tensor.Randn(rng, 1, 1, 2, 4, 4, 4)
	img := tensor.Randn(rng, 1, 1, 2, 4, 4)
	for _, c := range []struct {
		name string
		fn   func()
	}{
		{"conv on an image", func() { nn.NewConv3d(2, 3, 3, 1, rng).Forward(img) }},
		{"channel mismatch", func() { nn.NewConv3d(3, 3, 3, 1, rng).Forward(vol) }},
		{"kernel too large", func() { nn.NewConv3d(2, 3, 7, 1, rng).Forward(vol) }},
		{"negative padding", func() { nn.VolumeConv(vol, tensor.Randn(rng, 1, 3, 2, 1, 1, 1), nil, -1) }},
		{"bias length", func() {
			nn.VolumeConv(vol, tensor.Randn(rng, 1, 3, 2, 1, 1, 1), tensor.Zeros(2), 0)
		}},
		{"2-D weight", func() { nn.VolumeConv(vol, tensor.Randn(rng, 1, 3, 2, 3, 3), nil, 1) }},
		{"pool on an image", func() { nn.MaxPool3d{K: 2}.Forward(img) }},
		{"pool window too large", func() { nn.MaxPool3d{K: 5}.Forward(vol) }},
		{"pool window zero", func() { nn.MaxPoolVolume(vol, 0, 0) }},
		{"upsample an image", func() { nn.Upsample3d{Scale: 2}.Forward(img) }},
		{"upsample scale zero", func() { nn.Upsample3d{}.Forward(vol) }},
	} {
		err := tensor.Catch(c.fn)
		if !errors.Is(err, nn.ErrShape) {
			t.Errorf("%s: error %v, want ErrShape", c.name, err)
		}
	}
}

// TestVolumeThreadsSameBits: a few Adam steps of a small 3-D net give the
// same bits with one thread and with four (samples and volumes split
// across goroutines, the weight gradients summed in sample order).
func TestVolumeThreadsSameBits(t *testing.T) {
	train := func() []float32 {
		rng := tensor.NewRand(5)
		c1, c2 := nn.NewConv3d(2, 8, 3, 1, rng), nn.NewConv3d(8, 3, 1, 0, rng)
		c1.ReLU = true
		params := append(c1.Parameters(), c2.Parameters()...)
		opt := optim.NewAdam(params, 1e-2)
		x := tensor.Randn(rng, 1, 4, 2, 8, 8, 8).SetRequiresGrad(true)
		labels := make([]int, 4*8*8*8)
		for i := range labels {
			labels[i] = rng.IntN(3)
		}
		for step := 0; step < 3; step++ {
			opt.ZeroGrad()
			x.ZeroGrad()
			y := nn.UpsampleNearestVolume(c2.Forward(nn.MaxPoolVolume(c1.Forward(x), 2, 2)), 2)
			nn.CrossEntropy(y, labels).Backward()
			opt.Step()
		}
		var out []float32
		for _, p := range params {
			out = append(out, p.Data...)
		}
		return append(out, x.Grad...)
	}
	prev := tensor.SetThreads(1)
	one := train()
	tensor.SetThreads(4)
	four := train()
	tensor.SetThreads(prev)
	for i := range one {
		if one[i] != four[i] {
			t.Fatalf("value %d: %v with one thread, %v with four", i, one[i], four[i])
		}
	}
}
