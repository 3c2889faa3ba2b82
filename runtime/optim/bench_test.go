package optim_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// benchParams is the parameter count of Linear(100,100)-Linear(100,1).
const benchParams = 100*100 + 100 + 100 + 1

func benchStep(b *testing.B, mk func(ps []*tensor.Tensor) optim.Optimizer) {
	p := tensor.Randn(tensor.NewRand(1), 1, benchParams).SetRequiresGrad(true)
	copy(tensor.GradOf(p), tensor.Randn(tensor.NewRand(2), 1e-3, benchParams).Data)
	o := mk([]*tensor.Tensor{p})
	for b.Loop() {
		o.Step()
	}
}

func BenchmarkSGDStep(b *testing.B) {
	benchStep(b, func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewSGD(ps, 1e-3, 0, 0) })
}

func BenchmarkSGDMomentumStep(b *testing.B) {
	benchStep(b, func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewSGD(ps, 1e-3, 0.9, 1e-4) })
}

func BenchmarkAdamStep(b *testing.B) {
	benchStep(b, func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewAdam(ps, 1e-3) })
}

func BenchmarkZeroGrad(b *testing.B) {
	benchStep(b, func(ps []*tensor.Tensor) optim.Optimizer { return zeroOnly{optim.NewSGD(ps, 1e-3, 0, 0)} })
}

type zeroOnly struct{ *optim.SGD }

func (z zeroOnly) Step() { z.ZeroGrad() }
