package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"

	"github.com/yaknb/yak/internal/proccpu"
)

// Sizes of the cases that bench/runtime_torch.py compares with PyTorch: a
// single-example SGD step of Linear(100,100)-ReLU-Linear(100,1), and a
// 1→16 channel 3×3 convolution on 8×1×64×64 images, forward and backward.
const (
	mlpIn      = 100
	mlpHidden  = 100
	convBatch  = 8
	convIn     = 1
	convOut    = 16
	convSize   = 64
	unetWidth  = 8  // channels of the U-Net-like layers below
	segClasses = 4  // classes of the per-pixel cross-entropy
	poolSize   = 64 // image side for pooling and upsampling
)

func BenchmarkMLPStep(b *testing.B) {
	rng := tensor.NewRand(1)
	net := nn.NewSequential(nn.NewLinear(mlpIn, mlpHidden, rng), nn.ReLU{}, nn.NewLinear(mlpHidden, 1, rng))
	opt := optim.NewSGD(net.Parameters(), 0.01, 0, 0)
	x := tensor.Randn(rng, 1, 1, mlpIn)
	y := tensor.New([]float32{0.5}, 1, 1)
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		opt.ZeroGrad()
		loss := nn.MSE(net.Forward(x), y)
		loss.Backward()
		opt.Step()
	})
}

func benchConv(b *testing.B, in, out, size int, inputGrad bool) {
	benchConvAct(b, in, out, size, inputGrad, false)
}

func benchConvAct(b *testing.B, in, out, size int, inputGrad, relu bool) {
	rng := tensor.NewRand(1)
	conv := nn.NewConv2d(in, out, 3, 1, 1, rng)
	conv.ReLU = relu
	x := tensor.Randn(rng, 1, convBatch, in, size, size).SetRequiresGrad(inputGrad)
	g := tensor.Randn(rng, 1, convBatch, out, size, size).Data
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

// BenchmarkConv2dFwdBwd is the first layer of an image network: no
// gradient for the input.
func BenchmarkConv2dFwdBwd(b *testing.B) { benchConv(b, convIn, convOut, convSize, false) }

// BenchmarkConv2dFwdBwdInputGrad also computes the input gradient.
func BenchmarkConv2dFwdBwdInputGrad(b *testing.B) { benchConv(b, convIn, convOut, convSize, true) }

// BenchmarkConv2dWide is an inner U-Net layer: 8→8 channels.
func BenchmarkConv2dWide(b *testing.B) { benchConv(b, unetWidth, unetWidth, convSize, true) }

// BenchmarkConv2dReLUWide is the U-Net block: 8→8 convolution and ReLU,
// fused in one op.
func BenchmarkConv2dReLUWide(b *testing.B) {
	benchConvAct(b, unetWidth, unetWidth, convSize, true, true)
}

// BenchmarkConv2dDeep is a deeper U-Net layer: 32→32 channels at 16×16.
func BenchmarkConv2dDeep(b *testing.B) { benchConv(b, 4*unetWidth, 4*unetWidth, convSize/4, true) }

func BenchmarkConv2dForward(b *testing.B) {
	rng := tensor.NewRand(1)
	conv := nn.NewConv2d(convIn, convOut, 3, 1, 1, rng)
	x := tensor.Randn(rng, 1, convBatch, convIn, convSize, convSize)
	proccpu.Loop(b, func() {
		tensor.NoGrad(func() { conv.Forward(x).Free() })
	})
}

func benchImageOp(b *testing.B, f func(x *tensor.Tensor) *tensor.Tensor) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, convBatch, unetWidth, poolSize, poolSize).SetRequiresGrad(true)
	y := f(x)
	g := tensor.Randn(rng, 1, y.Shape()...).Data
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		x.FreeGrad() // PyTorch's side sets x.grad = None
		y := f(x)
		y.BackwardWith(g)
		y.FreeGraph()
		y.Free()
	})
}

func BenchmarkMaxPool2(b *testing.B) {
	benchImageOp(b, func(x *tensor.Tensor) *tensor.Tensor { return nn.MaxPool(x, 2, 2) })
}

func BenchmarkUpsampleNearest2(b *testing.B) {
	benchImageOp(b, func(x *tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearest(x, 2) })
}

func BenchmarkUpsampleBilinear2(b *testing.B) {
	benchImageOp(b, func(x *tensor.Tensor) *tensor.Tensor { return nn.UpsampleBilinear(x, 2) })
}

func BenchmarkBatchNorm2d(b *testing.B) {
	bn := nn.NewBatchNorm2d(unetWidth)
	benchImageOp(b, bn.Forward)
}

func BenchmarkReLUImage(b *testing.B) {
	benchImageOp(b, func(x *tensor.Tensor) *tensor.Tensor { return x.ReLU() })
}

func BenchmarkCrossEntropyPixels(b *testing.B) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, convBatch, segClasses, poolSize, poolSize).SetRequiresGrad(true)
	labels := make([]int, convBatch*poolSize*poolSize)
	for i := range labels {
		labels[i] = rng.IntN(segClasses)
	}
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		x.FreeGrad() // PyTorch's side sets x.grad = None
		loss := nn.CrossEntropy(x, labels)
		loss.Backward()
		loss.FreeGraph()
	})
}

func BenchmarkConv2dWideForward(b *testing.B) {
	rng := tensor.NewRand(1)
	conv := nn.NewConv2d(unetWidth, unetWidth, 3, 1, 1, rng)
	x := tensor.Randn(rng, 1, convBatch, unetWidth, convSize, convSize)
	proccpu.Loop(b, func() {
		tensor.NoGrad(func() { conv.Forward(x).Free() })
	})
}

// BenchmarkCrossEntropyRows is a classifier's loss: 256 rows of 10 classes.
func BenchmarkCrossEntropyRows(b *testing.B) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, 256, 10).SetRequiresGrad(true)
	labels := make([]int, 256)
	for i := range labels {
		labels[i] = rng.IntN(10)
	}
	b.ReportAllocs()
	proccpu.Loop(b, func() {
		x.ZeroGrad()
		loss := nn.CrossEntropy(x, labels)
		loss.Backward()
		loss.FreeGraph()
	})
}

// miniUNet is a two-level U-Net of fused conv3x3+ReLU blocks (base width w,
// nearest upsampling, channel concatenation, 1x1 head), the shape of the
// calibration plugin's network, so its step times the layers together.
type miniUNet struct {
	e1a, e1b, e2a, e2b, ba, bb, d2a, d2b, d1a, d1b, head *nn.Conv2d
}

func newMini(w int) *miniUNet {
	rng := tensor.NewRand(1)
	c := func(in, out, k int) *nn.Conv2d {
		l := nn.NewConv2d(in, out, k, 1, k/2, rng)
		l.ReLU = k == 3
		return l
	}
	return &miniUNet{c(1, w, 3), c(w, w, 3), c(w, 2*w, 3), c(2*w, 2*w, 3), c(2*w, 4*w, 3), c(4*w, 4*w, 3),
		c(6*w, 2*w, 3), c(2*w, 2*w, 3), c(3*w, w, 3), c(w, w, 3), c(w, 4, 1)}
}

func (u *miniUNet) forward(x *tensor.Tensor) *tensor.Tensor {
	e1 := u.e1b.Forward(u.e1a.Forward(x))
	e2 := u.e2b.Forward(u.e2a.Forward(nn.MaxPool(e1, 2, 2)))
	b := u.bb.Forward(u.ba.Forward(nn.MaxPool(e2, 2, 2)))
	d2 := u.d2b.Forward(u.d2a.Forward(tensor.Concat(1, nn.UpsampleNearest(b, 2), e2)))
	d1 := u.d1b.Forward(u.d1a.Forward(tensor.Concat(1, nn.UpsampleNearest(d2, 2), e1)))
	return u.head.Forward(d1)
}

func (u *miniUNet) params() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, c := range []*nn.Conv2d{u.e1a, u.e1b, u.e2a, u.e2b, u.ba, u.bb, u.d2a, u.d2b, u.d1a, u.d1b, u.head} {
		ps = append(ps, c.Parameters()...)
	}
	return ps
}

// BenchmarkUNetStep is one Adam step of miniUNet (base 8) on 8 images of
// 64x64 with per-pixel cross-entropy over 4 classes.
func BenchmarkUNetStep(b *testing.B) {
	u := newMini(8)
	opt := optim.NewAdam(u.params(), 1e-3)
	rng := tensor.NewRand(2)
	x := tensor.Randn(rng, 1, 8, 1, 64, 64)
	labels := make([]int, 8*64*64)
	for i := range labels {
		labels[i] = rng.IntN(4)
	}
	proccpu.Loop(b, func() {
		opt.ZeroGrad()
		loss := nn.CrossEntropy(u.forward(x), labels)
		loss.Backward()
		loss.FreeGraph() // the step's feature maps go to the next step
		opt.Step()
	})
}
