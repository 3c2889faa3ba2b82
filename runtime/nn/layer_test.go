package nn_test

import (
	"errors"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// distinct returns values spaced at least 0.05 apart in shuffled order, so a
// max-pooling window never has a near-tie that the finite-difference step
// could flip.
func distinct(seed uint64, shape ...int) *tensor.Tensor {
	t := tensor.Zeros(shape...)
	perm := tensor.NewRand(seed).Perm(t.Len())
	for i, p := range perm {
		t.Data[i] = float32(p)*0.05 - float32(t.Len())*0.025
	}
	return t
}

func TestLayerGradients(t *testing.T) {
	bn := nn.NewBatchNorm2d(3)
	bnEval := nn.NewBatchNorm2d(3)
	bnEval.Train(false)
	copy(bnEval.RunningMean, []float32{0.1, -0.2, 0.3})
	copy(bnEval.RunningVar, []float32{0.5, 1.5, 2})
	cases := []struct {
		name   string
		f      fn
		inputs []*tensor.Tensor
	}{
		{"Conv3x3", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 1, 1) },
			[]*tensor.Tensor{randn(1, 2, 2, 5, 4), randn(2, 3, 2, 3, 3), randn(3, 3)}},
		{"ConvStride2NoPad", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 2, 0) },
			[]*tensor.Tensor{randn(1, 2, 2, 7, 6), randn(2, 3, 2, 3, 2), randn(3, 3)}},
		{"ConvStride2Pad2", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], nil, 2, 2) },
			[]*tensor.Tensor{randn(1, 1, 2, 5, 5), randn(2, 2, 2, 3, 3)}},
		// Wide enough (cout, cin·3·3 >= 32) for the gemm path.
		{"ConvGemmPath", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 1, 1) },
			[]*tensor.Tensor{randn(1, 1, 4, 3, 3), randn(2, 32, 4, 3, 3), randn(3, 32)}},
		{"Conv1x1Gemm", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 1, 0) },
			[]*tensor.Tensor{randn(1, 1, 32, 2, 2), randn(2, 32, 32, 1, 1), randn(3, 32)}},
		// Stride 1 takes the implicit-column path: no padding, a 3×2 kernel, and padding 2.
		{"ConvDirectPad0", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 1, 0) },
			[]*tensor.Tensor{randn(1, 2, 3, 6, 5), randn(2, 4, 3, 3, 2), randn(3, 4)}},
		{"ConvDirectPad2", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], nil, 1, 2) },
			[]*tensor.Tensor{randn(1, 1, 2, 4, 3), randn(2, 3, 2, 3, 3)}},
		{"ConvReLU", func(in []*tensor.Tensor) *tensor.Tensor { return nn.ConvReLU(in[0], in[1], in[2], 1, 1) },
			[]*tensor.Tensor{randn(1, 2, 2, 5, 4), randn(2, 3, 2, 3, 3), randn(3, 3)}},
		{"Conv1x1", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Conv(in[0], in[1], in[2], 1, 0) },
			[]*tensor.Tensor{randn(1, 2, 3, 4, 4), randn(2, 2, 3, 1, 1), randn(3, 2)}},
		{"MaxPool2", func(in []*tensor.Tensor) *tensor.Tensor { return nn.MaxPool(in[0], 2, 0) },
			[]*tensor.Tensor{distinct(1, 2, 2, 4, 6)}},
		{"MaxPool3Stride2", func(in []*tensor.Tensor) *tensor.Tensor { return nn.MaxPool(in[0], 3, 2) },
			[]*tensor.Tensor{distinct(1, 1, 2, 7, 5)}},
		{"UpsampleNearest", func(in []*tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearest(in[0], 2) },
			[]*tensor.Tensor{randn(1, 2, 2, 3, 4)}},
		// Gradients into intermediate results: the first writer assigns
		// (tensor.GradFor), later ones add. y feeds the concatenation and
		// the convolution; the convolution's output feeds the concatenation.
		{"IntermediateConvConcatUpsample", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			y := in[0].Tanh()
			return nn.UpsampleNearest(tensor.Concat(1, nn.Conv(y, in[1], in[2], 1, 1), y), 2)
		}, []*tensor.Tensor{randn(1, 2, 2, 5, 4), randn(2, 3, 2, 3, 3), randn(3, 3)}},
		{"ConvOfIntermediate", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			return nn.Conv(in[0].Tanh(), in[1], in[2], 1, 1)
		}, []*tensor.Tensor{randn(1, 2, 2, 5, 4), randn(2, 3, 2, 3, 3), randn(3, 3)}},
		{"UpsampleOfIntermediate", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			return nn.UpsampleNearest(in[0].Tanh(), 2)
		}, []*tensor.Tensor{randn(1, 2, 2, 3, 4)}},
		{"UpsampleNearest3", func(in []*tensor.Tensor) *tensor.Tensor { return nn.UpsampleNearest(in[0], 3) },
			[]*tensor.Tensor{randn(1, 1, 2, 3, 2)}},
		{"UpsampleBilinear", func(in []*tensor.Tensor) *tensor.Tensor { return nn.UpsampleBilinear(in[0], 2) },
			[]*tensor.Tensor{randn(1, 2, 2, 3, 4)}},
		{"UpsampleBilinear3", func(in []*tensor.Tensor) *tensor.Tensor { return nn.UpsampleBilinear(in[0], 3) },
			[]*tensor.Tensor{randn(1, 1, 1, 2, 3)}},
		{"ConcatChannels", func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Concat(1, in[0], in[1]).Square() },
			[]*tensor.Tensor{randn(1, 2, 1, 2, 2), randn(2, 2, 3, 2, 2)}},
		{"LayerNorm", func(in []*tensor.Tensor) *tensor.Tensor {
			l := &nn.LayerNorm{Weight: in[1], Bias: in[2], Eps: 1e-5}
			return l.Forward(in[0])
		}, []*tensor.Tensor{randn(1, 2, 3, 5), randn(2, 5), randn(3, 5)}},
		{"BatchNorm2dTrain", func(in []*tensor.Tensor) *tensor.Tensor {
			bn.Weight, bn.Bias = in[1], in[2]
			return bn.Forward(in[0])
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3), randn(2, 3), randn(3, 3)}},
		{"BatchNorm2dEval", func(in []*tensor.Tensor) *tensor.Tensor {
			bnEval.Weight, bnEval.Bias = in[1], in[2]
			return bnEval.Forward(in[0])
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3), randn(2, 3), randn(3, 3)}},
		{"Dropout", func(in []*tensor.Tensor) *tensor.Tensor {
			return nn.NewDropout(0.4, 7).Forward(in[0]) // a fresh seed per call: the same mask
		}, []*tensor.Tensor{randn(1, 4, 5)}},
		{"Embedding", func(in []*tensor.Tensor) *tensor.Tensor {
			e := &nn.Embedding{Weight: in[0]}
			return e.Forward(tensor.New([]float32{3, 0, 3, 1}, 2, 2))
		}, []*tensor.Tensor{randn(1, 4, 3)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { tensortest.GradCheck(t, c.f, c.inputs...) })
	}
}

func TestConvReLUMatchesConvThenReLU(t *testing.T) {
	rng := tensor.NewRand(3)
	x := tensor.Randn(rng, 1, 2, 3, 9, 9).SetRequiresGrad(true)
	w := tensor.Randn(rng, 1, 4, 3, 3, 3).SetRequiresGrad(true)
	b := tensor.Randn(rng, 1, 4).SetRequiresGrad(true)
	g := tensor.Randn(rng, 1, 2, 4, 9, 9).Data
	grads := func(y *tensor.Tensor) [][]float32 {
		x.ZeroGrad()
		w.ZeroGrad()
		b.ZeroGrad()
		y.BackwardWith(g)
		return [][]float32{append([]float32(nil), y.Data...), append([]float32(nil), x.Grad...),
			append([]float32(nil), w.Grad...), append([]float32(nil), b.Grad...)}
	}
	fused := grads(nn.ConvReLU(x, w, b, 1, 1))
	apart := grads(nn.Conv(x, w, b, 1, 1).ReLU())
	for i := range fused {
		for j := range fused[i] {
			if fused[i][j] != apart[i][j] {
				t.Fatalf("ConvReLU differs from Conv then ReLU: result %d element %d: %v vs %v", i, j, fused[i][j], apart[i][j])
			}
		}
	}
}

func TestConvShapes(t *testing.T) {
	rng := tensor.NewRand(1)
	c := nn.NewConv2d(3, 8, 3, 2, 1, rng)
	y := c.Forward(tensor.Zeros(2, 3, 9, 8))
	if got, want := y.Shape(), []int{2, 8, 5, 4}; !equalInts(got, want) {
		t.Errorf("Conv2d(3,8,3,stride 2,pad 1) on 9x8: shape %v, want %v", got, want)
	}
	err := tensor.Catch(func() { c.Forward(tensor.Zeros(2, 4, 9, 8)) })
	if !errors.Is(err, nn.ErrShape) {
		t.Errorf("wrong channel count: error %v, want ErrShape", err)
	}
}

func TestDropoutDeterministicAndEval(t *testing.T) {
	x := tensor.Ones(1000)
	a := nn.NewDropout(0.3, 5).Forward(x)
	b := nn.NewDropout(0.3, 5).Forward(x)
	zeros := 0
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatal("Dropout with the same seed gave different masks")
		}
		if a.Data[i] == 0 {
			zeros++
		}
	}
	if zeros < 250 || zeros > 350 {
		t.Errorf("Dropout(0.3) zeroed %d of 1000", zeros)
	}
	d := nn.NewDropout(0.3, 5)
	d.Train(false)
	if d.Forward(x) != x {
		t.Error("Dropout in eval mode should pass its input through")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// poisonScratch fills buffers of the tensor package's free list with NaN,
// so that a kernel reading a buffer it was meant to overwrite (or to clear
// first) fails the test instead of meeting zeros by luck.
func poisonScratch() {
	var held [][]float32
	for n := 1; n <= 1<<12; n *= 2 {
		for range 4 {
			b := tensor.Scratch(n)
			for i := range b {
				b[i] = float32(math.NaN())
			}
			held = append(held, b)
		}
	}
	for _, b := range held {
		tensor.Release(b)
	}
}
