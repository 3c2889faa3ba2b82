package tensor_test

import (
	"math"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// Ops that take their output or a gradient from the free list uncleared
// must write every element before reading it. With the free list poisoned
// (every recycled buffer filled with NaN) and the graph freed after each
// step, a network that uses every such op must give the bits it gives with
// fresh, zeroed memory.
func TestRecycledBuffersSameBits(t *testing.T) {
	rng := tensor.NewRand(3)
	conv := func(in, out, k, stride int, relu bool) *nn.Conv2d {
		c := nn.NewConv2d(in, out, k, stride, k/2, rng)
		c.ReLU = relu
		return c
	}
	c1 := conv(1, 8, 3, 1, true)   // first layer, direct path
	c2 := conv(8, 16, 3, 2, false) // stride 2: im2col, vector path
	c2.Bias = nil
	c3 := conv(16, 32, 3, 1, true) // wide: gemm
	c3.Bias = nil
	c4 := conv(40, 4, 1, 1, false) // pointwise head
	lin := tensor.Randn(rng, 0.5, 16).SetRequiresGrad(true)
	var params []*tensor.Tensor
	for _, c := range []*nn.Conv2d{c1, c2, c3, c4} {
		params = append(params, c.Parameters()...)
	}
	params = append(params, lin)
	x := tensor.Randn(rng, 1, 2, 1, 40, 40) // 40 wide: the direct path writes output lines in place
	labels := make([]int, 2*40*40)
	for i := range labels {
		labels[i] = rng.IntN(4)
	}
	labels[7] = -1
	step := func() (float32, [][]float32) {
		for _, p := range params {
			p.ZeroGrad()
		}
		e := c1.Forward(x)                                        // 2×8×40×40
		d := c3.Forward(c2.Forward(e))                            // 2×32×20×20
		p := nn.MaxPool(d, 3, 3)                                  // 2×32×6×6, general path
		u := nn.UpsampleNearest(nn.MaxPool(d, 2, 2), 4)           // 2×32×40×40
		b := nn.UpsampleBilinear(p, 2).Tanh()                     // 2×32×12×12
		cat := tensor.Concat(1, u, e)                             // 2×40×40×40
		logits := c4.Forward(cat).Add(c4.Forward(cat).Scale(0.5)) // 2×4×40×40
		seg := nn.CrossEntropy(logits.Sub(logits.Exp().Scale(0.01)), labels)
		row := b.Reshape(-1, 16).Mul(lin.Reshape(4, 4).Transpose().Reshape(16)) // broadcast
		aux := nn.CrossEntropy(row.Reshape(-1, 4, 4).SumAxis(2), make([]int, row.Len()/16))
		loss := seg.Add(aux.Scale(0.1))
		loss.Backward()
		var grads [][]float32
		for _, p := range params {
			grads = append(grads, slices.Clone(p.Grad))
		}
		v := loss.Item()
		loss.FreeGraph()
		return v, grads
	}
	defer tensor.SetPoison(tensor.SetPoison(false))
	want, wantGrads := step()
	if math.IsNaN(float64(want)) {
		t.Fatal("NaN loss without poisoning")
	}
	tensor.SetPoison(true)
	for i := range 3 {
		got, grads := step()
		if math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("step %d on recycled buffers: loss %v, want %v", i, got, want)
		}
		for k := range grads {
			if !slices.Equal(grads[k], wantGrads[k]) {
				t.Fatalf("step %d on recycled buffers: gradient of parameter %d differs", i, k)
			}
		}
	}
}

// An input whose gradient FreeGrad drops gets it written by the first op
// of the next Backward into a recycled, uncleared buffer (GradFor): with
// the free list poisoned, each op that does so must give the bits that
// ZeroGrad and adding give.
func TestFreeGradSameBits(t *testing.T) {
	rng := tensor.NewRand(5)
	conv := nn.NewConv2d(3, 4, 3, 1, 1, rng) // direct path: stores the input gradient
	ops := []struct {
		name string
		f    func(x *tensor.Tensor) *tensor.Tensor
	}{
		{"ReLU", func(x *tensor.Tensor) *tensor.Tensor { return x.ReLU() }},
		{"MaxPool2", func(x *tensor.Tensor) *tensor.Tensor { return nn.MaxPool(x, 2, 2) }},
		{"UpsampleNearest2", func(x *tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearest(x, 2) }},
		{"Conv2d", conv.Forward},
		{"Concat", func(x *tensor.Tensor) *tensor.Tensor { return tensor.Concat(1, x, x.Scale(2)) }},
		{"ReLU twice", func(x *tensor.Tensor) *tensor.Tensor { return x.ReLU().Add(x.ReLU()) }},
	}
	defer tensor.SetPoison(tensor.SetPoison(false))
	for _, op := range ops {
		for _, size := range []int{5, 64, 128} { // small: one goroutine; 128: split, ReLU by its mask
			x := tensor.Randn(tensor.NewRand(7), 1, 2, 3, size, size).SetRequiresGrad(true)
			y := op.f(x)
			g := tensor.Randn(tensor.NewRand(8), 1, y.Shape()...).Data
			y.FreeGraph()
			step := func(fresh bool) []float32 {
				if fresh {
					x.FreeGrad()
				} else {
					x.FreeGrad()
					x.Grad = make([]float32, x.Len()) // a zeroed buffer to add into
				}
				y := op.f(x)
				y.BackwardWith(g)
				y.FreeGraph()
				y.Free()
				return slices.Clone(x.Grad)
			}
			tensor.SetPoison(false)
			want := step(false)
			tensor.SetPoison(true)
			for i := range 3 {
				got := step(true)
				for k := range got {
					if math.Float32bits(got[k]) != math.Float32bits(want[k]) {
						t.Fatalf("%s %dx%d, step %d after FreeGrad: gradient[%d] = %v, ZeroGrad gives %v",
							op.name, size, size, i, k, got[k], want[k])
					}
				}
			}
			if x.FreeGrad(); x.Grad != nil {
				t.Fatalf("%s: FreeGrad left a gradient", op.name)
			}
		}
	}
}
