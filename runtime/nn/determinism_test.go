package nn_test

import (
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
