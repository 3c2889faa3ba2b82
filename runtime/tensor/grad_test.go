package tensor_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// awayFromZero returns random values with |v| >= 0.1, so kinks (ReLU, Abs,
// Clamp, max) are not straddled by the finite-difference step.
func awayFromZero(seed uint64, shape ...int) *tensor.Tensor {
	t := tensor.Uniform(tensor.NewRand(seed), 0.1, 1.5, shape...)
	rng := tensor.NewRand(seed + 1)
	for i := range t.Data {
		if rng.IntN(2) == 0 {
			t.Data[i] = -t.Data[i]
		}
	}
	return t
}

func positive(seed uint64, shape ...int) *tensor.Tensor {
	return tensor.Uniform(tensor.NewRand(seed), 0.5, 2, shape...)
}

type fn = func(in []*tensor.Tensor) *tensor.Tensor

func TestGradients(t *testing.T) {
	cases := []struct {
		name   string
		f      fn
		inputs []*tensor.Tensor
	}{
		{"Add", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Add(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 3, 4)}},
		{"AddBroadcastRight", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Add(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 4), awayFromZero(2, 3, 4)}},
		{"AddBroadcastLeft", func(in []*tensor.Tensor) *tensor.Tensor { return in[1].Add(in[0]) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 4), awayFromZero(2, 4)}},
		{"AddScalarTensor", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Add(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3), awayFromZero(2, 1)}},
		{"Sub", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Sub(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 4)}},
		{"SubLeftSmall", func(in []*tensor.Tensor) *tensor.Tensor { return in[1].Sub(in[0]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 4)}},
		{"Mul", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Mul(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 3, 4)}},
		{"MulBroadcast", func(in []*tensor.Tensor) *tensor.Tensor { return in[1].Mul(in[0]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 4)}},
		{"MulScalar", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Mul(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2)}},
		{"Div", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Div(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), positive(2, 4)}},
		{"AddScalar", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].AddScalar(3) },
			[]*tensor.Tensor{awayFromZero(1, 5)}},
		{"Scale", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Scale(-2.5) },
			[]*tensor.Tensor{awayFromZero(1, 5)}},
		{"Neg", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Neg() },
			[]*tensor.Tensor{awayFromZero(1, 5)}},
		{"Exp", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Exp() },
			[]*tensor.Tensor{awayFromZero(1, 2, 5)}},
		{"Log", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Log() },
			[]*tensor.Tensor{positive(1, 2, 5)}},
		{"Sqrt", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Sqrt() },
			[]*tensor.Tensor{positive(1, 2, 5)}},
		{"Square", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Square() },
			[]*tensor.Tensor{awayFromZero(1, 2, 5)}},
		{"Reciprocal", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Reciprocal() },
			[]*tensor.Tensor{positive(1, 2, 5)}},
		{"Abs", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Abs() },
			[]*tensor.Tensor{awayFromZero(1, 2, 5)}},
		{"Pow", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Pow(1.7) },
			[]*tensor.Tensor{positive(1, 2, 5)}},
		{"Clamp", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Clamp(-0.8, 0.9) },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"ReLU", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].ReLU() },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"LeakyReLU", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].LeakyReLU(0.1) },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"Sigmoid", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Sigmoid() },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"Tanh", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Tanh() },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"GELU", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].GELU() },
			[]*tensor.Tensor{awayFromZero(1, 4, 5)}},
		{"Sum", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Sum() },
			[]*tensor.Tensor{awayFromZero(1, 3, 4)}},
		{"Mean", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Mean() },
			[]*tensor.Tensor{awayFromZero(1, 3, 4)}},
		{"SumAxis0", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SumAxis(0) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4, 2)}},
		{"SumAxis1", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].SumAxis(1) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4, 2)}},
		{"MeanAxisLast", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].MeanAxis(-1) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4, 2)}},
		{"MaxAxis", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].MaxAxis(1) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4, 2)}},
		{"Softmax", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Softmax(1) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 4)}},
		{"SoftmaxLast", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Softmax(-1) },
			[]*tensor.Tensor{awayFromZero(1, 3, 5)}},
		{"LogSoftmax", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].LogSoftmax(1) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 4)}},
		{"MatMul", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].MatMul(in[1]) },
			[]*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 4, 5)}},
		{"Linear", func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Linear(in[0], in[1], in[2]) },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 4), awayFromZero(2, 5, 4), awayFromZero(3, 5)}},
		{"LinearNoBias", func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Linear(in[0], in[1], nil) },
			[]*tensor.Tensor{awayFromZero(1, 4), awayFromZero(2, 5, 4)}},
		{"Reshape", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Reshape(-1, 6).Square() },
			[]*tensor.Tensor{awayFromZero(1, 2, 3, 2)}},
		{"Slice", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Slice(1, 3).Square() },
			[]*tensor.Tensor{awayFromZero(1, 4, 3)}},
		{"Index", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Index(2).Square() },
			[]*tensor.Tensor{awayFromZero(1, 4, 3)}},
		{"Gather", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Gather([]int{2, 0, 2}) },
			[]*tensor.Tensor{awayFromZero(1, 4, 3)}},
		{"Transpose", func(in []*tensor.Tensor) *tensor.Tensor { return in[0].Transpose().MatMul(in[0]) },
			[]*tensor.Tensor{awayFromZero(1, 4, 3)}},
		{"Concat", func(in []*tensor.Tensor) *tensor.Tensor { return tensor.Concat(1, in[0], in[1], in[2]) },
			[]*tensor.Tensor{awayFromZero(1, 2, 1, 3), awayFromZero(2, 2, 2, 3), awayFromZero(3, 2, 3, 3)}},
		{"Chain", func(in []*tensor.Tensor) *tensor.Tensor {
			h := tensor.Linear(in[0], in[1], in[2]).Tanh()
			return h.Mul(h).Sum().Add(in[0].SumAxis(1).Sigmoid().Sum())
		}, []*tensor.Tensor{awayFromZero(1, 3, 4), awayFromZero(2, 2, 4), awayFromZero(3, 2)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { tensortest.GradCheck(t, c.f, c.inputs...) })
	}
}
