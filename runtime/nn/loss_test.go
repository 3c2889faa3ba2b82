package nn_test

import (
	"errors"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

func randn(seed uint64, shape ...int) *tensor.Tensor {
	return tensor.Randn(tensor.NewRand(seed), 1, shape...)
}

func probs(seed uint64, shape ...int) *tensor.Tensor {
	var p *tensor.Tensor
	tensor.NoGrad(func() { p = randn(seed, shape...).Softmax(-1) })
	return p.Detach()
}

type fn = func(in []*tensor.Tensor) *tensor.Tensor

func TestLossGradients(t *testing.T) {
	labels2d := []int{0, 2, 1, 2}
	labelsPix := []int{0, 1, 2, -1, 1, 1, 0, 2, 2, 0, -1, 1} // (2, 2, 3) positions
	w := []float32{0.5, 2, 1}
	cases := []struct {
		name   string
		f      fn
		inputs []*tensor.Tensor
	}{
		{"MSE", func(in []*tensor.Tensor) *tensor.Tensor { return nn.MSE(in[0], in[1]) },
			[]*tensor.Tensor{randn(1, 3, 4), randn(2, 3, 4)}},
		{"BCEWithLogits", func(in []*tensor.Tensor) *tensor.Tensor { return nn.BCEWithLogits(in[0], in[1]) },
			[]*tensor.Tensor{randn(1, 3, 4), tensor.Uniform(tensor.NewRand(2), 0, 1, 3, 4)}},
		{"KLDiv", func(in []*tensor.Tensor) *tensor.Tensor { return nn.KLDiv(in[0].LogSoftmax(1), in[1]) },
			[]*tensor.Tensor{randn(1, 3, 4), probs(2, 3, 4)}},
		{"Entropy", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Entropy(in[0], 1) },
			[]*tensor.Tensor{randn(1, 2, 3, 4)}},
		{"EntropyLast", func(in []*tensor.Tensor) *tensor.Tensor { return nn.Entropy(in[0], -1) },
			[]*tensor.Tensor{randn(1, 3, 5)}},
		{"CrossEntropy", func(in []*tensor.Tensor) *tensor.Tensor { return nn.CrossEntropy(in[0], labels2d) },
			[]*tensor.Tensor{randn(1, 4, 3)}},
		{"CrossEntropyOne", func(in []*tensor.Tensor) *tensor.Tensor { return nn.CrossEntropy(in[0], []int{2}) },
			[]*tensor.Tensor{randn(1, 5)}},
		{"CrossEntropyPixels", func(in []*tensor.Tensor) *tensor.Tensor { return nn.CrossEntropy(in[0], labelsPix) },
			[]*tensor.Tensor{randn(1, 2, 3, 2, 3)}},
		{"CrossEntropyWeights", func(in []*tensor.Tensor) *tensor.Tensor {
			return nn.CrossEntropyWith(in[0], labelsPix, nn.CEOptions{Weights: w})
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3)}},
		// Logits computed by a layer: the loss's gradient is the first one
		// written into their fresh buffer (tensor.GradFor).
		{"CrossEntropyPixelsOfIntermediate", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			return nn.CrossEntropy(in[0].Tanh(), labelsPix)
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3)}},
		{"CrossEntropyRowsOfIntermediate", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			return nn.CrossEntropy(in[0].Tanh(), labels2d)
		}, []*tensor.Tensor{randn(1, 4, 3)}},
		{"CrossEntropySmoothOfIntermediate", func(in []*tensor.Tensor) *tensor.Tensor {
			poisonScratch()
			return nn.CrossEntropyWith(in[0].Tanh(), labelsPix, nn.CEOptions{Weights: w, LabelSmoothing: 0.2})
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3)}},
		{"CrossEntropySmooth", func(in []*tensor.Tensor) *tensor.Tensor {
			return nn.CrossEntropyWith(in[0], labelsPix, nn.CEOptions{Weights: w, LabelSmoothing: 0.2})
		}, []*tensor.Tensor{randn(1, 2, 3, 2, 3)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { tensortest.GradCheck(t, c.f, c.inputs...) })
	}
}

func TestCrossEntropyValue(t *testing.T) {
	// Two examples, uniform logits over 4 classes: loss = log 4.
	logits := tensor.Zeros(2, 4)
	got := nn.CrossEntropy(logits, []int{1, 3}).Item()
	if want := float32(math.Log(4)); math.Abs(float64(got-want)) > 1e-6 {
		t.Errorf("CrossEntropy of uniform logits = %v, want %v", got, want)
	}
	// Ignored positions do not count: the mean is over the others.
	logits = tensor.New([]float32{0, 0, 10, 0}, 2, 2)
	got = nn.CrossEntropy(logits, []int{0, -1}).Item()
	if want := float32(math.Log(2)); math.Abs(float64(got-want)) > 1e-6 {
		t.Errorf("CrossEntropy with an ignored row = %v, want %v", got, want)
	}
}

func TestLossErrors(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		name string
		f    func()
		want error
	}{
		{"CE NaN logits", func() { nn.CrossEntropy(tensor.New([]float32{0, nan}, 1, 2), []int{0}) }, nn.ErrNonFinite},
		{"CE label too big", func() { nn.CrossEntropy(tensor.Zeros(1, 2), []int{2}) }, nn.ErrLabel},
		{"CE label count", func() { nn.CrossEntropy(tensor.Zeros(3, 2), []int{0}) }, nn.ErrShape},
		{"CE all ignored", func() { nn.CrossEntropy(tensor.Zeros(1, 2), []int{-1}) }, nn.ErrEmpty},
		{"CE empty batch", func() { nn.CrossEntropy(tensor.Zeros(0, 2), nil) }, nn.ErrEmpty},
		{"CE weights", func() { nn.CrossEntropyWith(tensor.Zeros(1, 2), []int{0}, nn.CEOptions{Weights: []float32{1}}) }, nn.ErrShape},
		{"MSE shapes", func() { nn.MSE(tensor.Zeros(2, 3), tensor.Zeros(3, 2)) }, nn.ErrShape},
		{"MSE empty", func() { nn.MSE(tensor.Zeros(0), tensor.Zeros(0)) }, nn.ErrEmpty},
		{"MSE NaN", func() { nn.MSE(tensor.New([]float32{nan}), tensor.Zeros(1)) }, nn.ErrNonFinite},
		{"BCE Inf", func() {
			nn.BCEWithLogits(tensor.New([]float32{float32(math.Inf(-1))}), tensor.Ones(1))
		}, nn.ErrNonFinite},
	}
	for _, c := range cases {
		err := tensor.Catch(c.f)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got error %v, want %v", c.name, err, c.want)
		}
	}
}
