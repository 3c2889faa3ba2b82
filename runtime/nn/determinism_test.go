package nn_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// trainBits trains a small conv net for a few Adam steps from seed and
// returns its parameters. The sizes are big enough that the convolution,
// cross-entropy and pooling split their work across goroutines.
func trainBits(seed uint64) []float32 {
	rng := tensor.NewRand(seed)
	net := nn.NewSequential(
		nn.NewConv2d(4, 8, 3, 1, 1, rng), nn.NewBatchNorm2d(8), nn.ReLU{},
		nn.MaxPool2d{K: 2}, nn.NewConv2d(8, 3, 1, 1, 0, rng), nn.Upsample{Scale: 2},
	)
	opt := optim.NewAdam(net.Parameters(), 1e-2)
	x := tensor.Randn(rng, 1, 8, 4, 32, 32)
	labels := make([]int, 8*32*32)
	for i := range labels {
		labels[i] = rng.IntN(3)
	}
	for step := 0; step < 3; step++ {
		opt.ZeroGrad()
		nn.CrossEntropy(net.Forward(x), labels).Backward()
		opt.Step()
	}
	var out []float32
	for _, p := range net.Parameters() {
		out = append(out, p.Data...)
	}
	return out
}

func TestSameSeedSameBits(t *testing.T) {
	for _, threads := range []int{1, 2} {
		prev := tensor.SetThreads(threads)
		a, b := trainBits(7), trainBits(7)
		tensor.SetThreads(prev)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("threads=%d: parameter %d differs between two runs with one seed: %v vs %v", threads, i, a[i], b[i])
			}
		}
	}
	if c := trainBits(8); c[0] == trainBits(7)[0] && c[1] == trainBits(7)[1] {
		t.Error("different seeds gave the same parameters")
	}
}

// TestWideConvSameBitsAnyThreads: the grouped paths of wide convolutions
// (stride 2 through gemm, and the stride-1 weight gradient by grouped gemm)
// give the same bits on one thread and on two, as the narrow ones do: the
// groups are fixed by the geometry and gemm sums in an order fixed by its
// kernel.
func TestWideConvSameBitsAnyThreads(t *testing.T) {
	for _, stride := range []int{1, 2} {
		// 50 samples of 10×10: five groups at stride 1, two weight-gradient chunks.
		convSameBitsAnyThreads(t, fmt.Sprintf("stride %d", stride), 3, stride, 50, 10)
	}
}

// convSameBitsAnyThreads runs a 64→64 3×3 convolution with a fused ReLU
// (padding 1) forward and backward on n samples of size×size, on one
// thread and on two, and fails unless the output and every gradient have
// the same bits.
func convSameBitsAnyThreads(t *testing.T, name string, seed uint64, stride, n, size int) {
	t.Helper()
	run := func(threads int) []float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads)) // gemm's threads
		defer tensor.SetThreads(tensor.SetThreads(threads))
		rng := tensor.NewRand(seed)
		conv := nn.NewConv2d(64, 64, 3, stride, 1, rng)
		conv.ReLU = true
		x := tensor.Randn(rng, 1, n, 64, size, size).SetRequiresGrad(true)
		y := conv.Forward(x)
		y.BackwardWith(tensor.Randn(rng, 1, y.Shape()...).Data)
		var out []float32
		for _, v := range [][]float32{y.Data, x.Grad, conv.Weight.Grad, conv.Bias.Grad} {
			out = append(out, v...)
		}
		return out
	}
	one, two := run(1), run(2)
	for i := range one {
		if one[i] != two[i] {
			t.Fatalf("%s: value %d is %v on one thread, %v on two", name, i, one[i], two[i])
		}
	}
}
