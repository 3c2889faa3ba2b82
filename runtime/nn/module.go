package nn

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor"
)

// Module is a layer or a network: it maps a tensor to a tensor, lists its
// trainable parameters (in a fixed order, which SaveParameters relies on)
// and switches between training and evaluation behaviour (Dropout,
// BatchNorm2d).
type Module interface {
	Forward(x *tensor.Tensor) *tensor.Tensor
	Parameters() []*tensor.Tensor
	Train(on bool)
}

// Sequential applies its modules in order.
type Sequential struct {
	Modules []Module
}

// NewSequential returns the composition of mods, applied first to last.
func NewSequential(mods ...Module) *Sequential { return &Sequential{Modules: mods} }

// Append adds m at the end and returns s. In a notebook, modules defined in
// the cell itself (interpreted types) go in this way: yaegi cannot yet pass
// them as NewSequential's variadic arguments.
func (s *Sequential) Append(m Module) *Sequential {
	s.Modules = append(s.Modules, m)
	return s
}

// Forward runs x through every module.
func (s *Sequential) Forward(x *tensor.Tensor) *tensor.Tensor {
	for _, m := range s.Modules {
		x = m.Forward(x)
	}
	return x
}

// Parameters concatenates the modules' parameters in order.
func (s *Sequential) Parameters() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, m := range s.Modules {
		ps = append(ps, m.Parameters()...)
	}
	return ps
}

// Train sets training mode on every module.
func (s *Sequential) Train(on bool) {
	for _, m := range s.Modules {
		m.Train(on)
	}
}

// Linear is a fully connected layer y = x·Wᵀ + b with W of shape (Out, In),
// PyTorch's layout, so saved weights line up with torch.nn.Linear.
type Linear struct {
	Weight *tensor.Tensor // (out, in)
	Bias   *tensor.Tensor // (out), or nil for no bias
}

// NewLinear returns a Linear layer initialised as PyTorch does: weights and
// bias uniform in ±1/sqrt(in), drawn from rng.
func NewLinear(in, out int, rng *rand.Rand) *Linear {
	bound := float32(1 / math.Sqrt(float64(max(in, 1))))
	return &Linear{
		Weight: tensor.Uniform(rng, -bound, bound, out, in).SetRequiresGrad(true),
		Bias:   tensor.Uniform(rng, -bound, bound, out).SetRequiresGrad(true),
	}
}

// Forward maps x of shape (..., in) to (..., out).
func (l *Linear) Forward(x *tensor.Tensor) *tensor.Tensor {
	return tensor.Linear(x, l.Weight, l.Bias)
}

// Parameters returns the weight and, if present, the bias.
func (l *Linear) Parameters() []*tensor.Tensor {
	if l.Bias == nil {
		return []*tensor.Tensor{l.Weight}
	}
	return []*tensor.Tensor{l.Weight, l.Bias}
}

// Train does nothing: Linear behaves the same in both modes.
func (l *Linear) Train(bool) {}

// noParams is embedded by modules without parameters or modes.
type noParams struct{}

func (noParams) Parameters() []*tensor.Tensor { return nil }
func (noParams) Train(bool)                   {}

// ReLU is the module form of Tensor.ReLU.
type ReLU struct{ noParams }

// Forward returns max(x, 0).
func (ReLU) Forward(x *tensor.Tensor) *tensor.Tensor { return x.ReLU() }

// LeakyReLU is the module form of Tensor.LeakyReLU; Slope 0 means 0.01,
// PyTorch's default.
type LeakyReLU struct {
	noParams
	Slope float32
}

// Forward returns x where positive and Slope*x elsewhere.
func (l LeakyReLU) Forward(x *tensor.Tensor) *tensor.Tensor {
	s := l.Slope
	if s == 0 {
		s = 0.01
	}
	return x.LeakyReLU(s)
}

// GELU is the module form of Tensor.GELU.
type GELU struct{ noParams }

// Forward returns x*Φ(x).
func (GELU) Forward(x *tensor.Tensor) *tensor.Tensor { return x.GELU() }

// Sigmoid is the module form of Tensor.Sigmoid.
type Sigmoid struct{ noParams }

// Forward returns 1/(1+e^-x).
func (Sigmoid) Forward(x *tensor.Tensor) *tensor.Tensor { return x.Sigmoid() }

// Tanh is the module form of Tensor.Tanh.
type Tanh struct{ noParams }

// Forward returns tanh(x).
func (Tanh) Forward(x *tensor.Tensor) *tensor.Tensor { return x.Tanh() }

// Softmax normalises along Axis (negative counts from the end).
type Softmax struct {
	noParams
	Axis int
}

// Forward returns softmax(x) along Axis.
func (s Softmax) Forward(x *tensor.Tensor) *tensor.Tensor { return x.Softmax(s.Axis) }

// LogSoftmax is log(softmax) along Axis, computed stably.
type LogSoftmax struct {
	noParams
	Axis int
}

// Forward returns log-softmax(x) along Axis.
func (s LogSoftmax) Forward(x *tensor.Tensor) *tensor.Tensor { return x.LogSoftmax(s.Axis) }

// Flatten reshapes (N, ...) to (N, rest), between convolutional and linear
// layers.
type Flatten struct{ noParams }

// Forward returns x viewed as (N, rest).
func (Flatten) Forward(x *tensor.Tensor) *tensor.Tensor { return x.Flatten() }

// Func wraps a function without parameters as a Module, for a custom step
// inside a Sequential.
type Func struct {
	noParams
	F func(x *tensor.Tensor) *tensor.Tensor
}

// Forward returns F(x).
func (f Func) Forward(x *tensor.Tensor) *tensor.Tensor { return f.F(x) }
