package nn_test

import (
	"fmt"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// In steady state a convolution's forward and backward allocate only the
// output tensor and the tape node (a few small objects), never their
// workspace (padded samples, column and gradient buffers, the per-sample
// partial sums) nor, once the step frees its graph, the output's data: all
// come back from tensor.Scratch step after step. One thread, so that no
// goroutine of the parallel split is counted.
func TestConvSteadyStateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	defer tensor.SetThreads(tensor.SetThreads(1))
	for _, c := range []struct {
		name                       string
		n, cin, cout, size, stride int
		relu                       bool
		maxAllocs                  float64
	}{
		// The output's data and tensor, the tape node's closure, the
		// geometry the closures share, the parallel split's closures.
		{"direct", 4, 8, 8, 32, 1, true, 8},
		{"im2col stride 2", 4, 8, 8, 32, 2, false, 8},
		// runtime/gemm adds its own goroutine split per product (about
		// 24 small objects), and its packing buffers live in a sync.Pool
		// that each garbage collection empties, so bytes are not checked.
		{"gemm", 2, 32, 32, 16, 1, true, 40},
		{"grouped stride 2", 4, 64, 64, 14, 2, true, 60},
		{"winograd", 12, 64, 64, 14, 1, true, 60},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := tensor.NewRand(1)
			conv := nn.NewConv2d(c.cin, c.cout, 3, c.stride, 1, rng)
			conv.ReLU = c.relu
			x := tensor.Randn(rng, 1, c.n, c.cin, c.size, c.size).SetRequiresGrad(true)
			y := conv.Forward(x)
			dy := tensor.Randn(rng, 1, y.Shape()...).Data
			outBytes := 4 * y.Len()
			step := func() {
				x.ZeroGrad()
				conv.Weight.ZeroGrad()
				conv.Bias.ZeroGrad()
				y := conv.Forward(x)
				y.BackwardWith(dy)
				y.FreeGraph()
				y.Free()
			}
			perStep := tensortest.BytesPerRun(20, step)
			allocs := testing.AllocsPerRun(20, step)
			t.Logf("%v allocations, %d bytes per step (output %d bytes)", allocs, perStep, outBytes)
			if allocs > c.maxAllocs {
				t.Errorf("%v allocations per step, want at most %v", allocs, c.maxAllocs)
			}
			if c.cin < 32 && perStep > 8192 {
				t.Errorf("%d bytes allocated per step, want at most 8 KiB (the output's %d bytes are recycled)", perStep, outBytes)
			}
		})
	}
}

// The other layers of a U-Net step and the pixel loss allocate no feature
// map either once each step frees its graph: not their outputs, not the
// masks and codes their backward reads (ReLU's bit mask on a big tensor,
// max-pooling's window codes), and not the input's gradient when the step
// drops it with FreeGrad instead of clearing it.
func TestLayerSteadyStateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	defer tensor.SetThreads(tensor.SetThreads(1))
	rng := tensor.NewRand(2)
	for _, shape := range [][]int{{4, 8, 32, 32}, {8, 8, 64, 64}} { // below and above the parallel split
		x := tensor.Randn(rng, 1, shape...).SetRequiresGrad(true)
		labels := make([]int, shape[0]*shape[2]*shape[3])
		for i := range labels {
			labels[i] = rng.IntN(8)
		}
		for _, c := range []struct {
			name string
			f    func(x *tensor.Tensor) *tensor.Tensor
		}{
			{"ReLU", func(x *tensor.Tensor) *tensor.Tensor { return x.ReLU().Sum() }},
			{"MaxPool", func(x *tensor.Tensor) *tensor.Tensor { return nn.MaxPool(x, 2, 2).Sum() }},
			{"UpsampleNearest", func(x *tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearest(x, 2).Sum() }},
			{"Concat", func(x *tensor.Tensor) *tensor.Tensor { return tensor.Concat(1, x, x).Sum() }},
			{"CrossEntropy", func(x *tensor.Tensor) *tensor.Tensor { return nn.CrossEntropy(x, labels) }},
		} {
			for _, free := range []bool{false, true} {
				name := fmt.Sprintf("%s/%v/FreeGrad=%v", c.name, shape, free)
				t.Run(name, func(t *testing.T) {
					step := func() {
						if free {
							x.FreeGrad()
						} else {
							x.ZeroGrad()
						}
						loss := c.f(x)
						loss.Backward()
						loss.FreeGraph()
					}
					perStep := tensortest.BytesPerRun(20, step)
					t.Logf("%d bytes per step (input %d bytes)", perStep, 4*x.Len())
					if perStep > 8192 {
						t.Errorf("%d bytes allocated per step, want at most 8 KiB", perStep)
					}
				})
			}
		}
	}
}
