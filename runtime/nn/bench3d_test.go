package nn_test

import (
	"testing"

	"github.com/yaknb/yak/internal/proccpu"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// Sizes of the 3-D cases that bench/runtime_torch.py compares with
// PyTorch: a layer of calib's 3-D U-Net, 8→8 channels, 3×3×3, padding 1,
// on a batch of 2 volumes of 16³, and the first layer (1→8, no input
// gradient).
const (
	volBatch = 2
	volSize  = 16
	volWidth = 8
)

func benchConv3d(b *testing.B, in, out int, inputGrad bool) {
	rng := tensor.NewRand(1)
	conv := nn.NewConv3d(in, out, 3, 1, rng)
	x := tensor.Randn(rng, 1, volBatch, in, volSize, volSize, volSize).SetRequiresGrad(inputGrad)
	g := tensor.Randn(rng, 1, volBatch, out, volSize, volSize, volSize).Data
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		conv.Weight.ZeroGrad()
		conv.Bias.ZeroGrad()
		x.FreeGrad() // PyTorch's side sets x.grad = None
		y := conv.Forward(x)
		y.BackwardWith(g)
		y.FreeGraph()
		y.Free()
	})
}

// BenchmarkConv3dFwdBwd is an inner layer of a 3-D U-Net, forward and
// backward with the input gradient.
func BenchmarkConv3dFwdBwd(b *testing.B) { benchConv3d(b, volWidth, volWidth, true) }

// BenchmarkConv3dFirst is the first layer: one input channel, no input
// gradient.
func BenchmarkConv3dFirst(b *testing.B) { benchConv3d(b, 1, volWidth, false) }

func benchVolumeOp(b *testing.B, f func(x *tensor.Tensor) *tensor.Tensor) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, volBatch, volWidth, volSize, volSize, volSize).SetRequiresGrad(true)
	g := tensor.Randn(rng, 1, f(x).Shape()...).Data
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		x.FreeGrad()
		y := f(x)
		y.BackwardWith(g)
		y.FreeGraph()
		y.Free()
	})
}

// BenchmarkMaxPool3d is the 2×2×2 pooling of the U-Net's down path.
func BenchmarkMaxPool3d(b *testing.B) {
	benchVolumeOp(b, func(x *tensor.Tensor) *tensor.Tensor { return nn.MaxPoolVolume(x, 2, 2) })
}

// BenchmarkUpsampleNearest3d is the ×2 upsampling of its up path.
func BenchmarkUpsampleNearest3d(b *testing.B) {
	benchVolumeOp(b, func(x *tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearestVolume(x, 2) })
}
