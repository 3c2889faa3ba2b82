package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Sizes of the single-example MLP step that bench/runtime_torch.py compares
// with PyTorch.
const (
	mlpIn     = 100
	mlpHidden = 100
)

func BenchmarkMLPStep(b *testing.B) {
	rng := tensor.NewRand(1)
	net := nn.NewSequential(nn.NewLinear(mlpIn, mlpHidden, rng), nn.ReLU{}, nn.NewLinear(mlpHidden, 1, rng))
	opt := optim.NewSGD(net.Parameters(), 0.01, 0, 0)
	x := tensor.Randn(rng, 1, 1, mlpIn)
	y := tensor.New([]float32{0.5}, 1, 1)
	b.ReportAllocs()
	for b.Loop() {
		opt.ZeroGrad()
		loss := nn.MSE(net.Forward(x), y)
		loss.Backward()
		opt.Step()
	}
}
