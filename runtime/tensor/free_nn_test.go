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
