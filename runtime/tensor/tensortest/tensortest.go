package tensortest

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/yaknb/yak/runtime/tensor"
)

// Tolerances of GradCheck. Finite differences in float32 with a step of 1e-3
// are accurate to about 1e-3 relative, so the bounds are loose by that much.
const (
	Step = 1e-3
	ATol = 2e-3
	RTol = 2e-2
)

// GradCheck compares the gradients that Backward computes for f with central
// finite differences (gonum diff/fd) for every input. The output of f is
// reduced to a scalar with fixed pseudo-random weights, so every element of
// the Jacobian counts. f must be deterministic; the inputs are cloned.
func GradCheck(t testing.TB, f func(in []*tensor.Tensor) *tensor.Tensor, inputs ...*tensor.Tensor) {
	t.Helper()
	if err := gradCheck(f, inputs); err != nil {
		t.Error(err)
	}
}

func gradCheck(f func(in []*tensor.Tensor) *tensor.Tensor, inputs []*tensor.Tensor) error {
	ins := make([]*tensor.Tensor, len(inputs))
	for i, x := range inputs {
		ins[i] = x.Clone().SetRequiresGrad(true)
	}
	out := f(ins)
	rng := tensor.NewRand(42)
	w := tensor.Uniform(rng, 0.5, 1.5, out.Shape()...)
	out.Mul(w).Sum().Backward()

	for i, x := range ins {
		plain := make([]*tensor.Tensor, len(ins))
		for j := range ins {
			plain[j] = ins[j].Detach()
		}
		xi := x.Clone()
		plain[i] = xi
		loss := func(v []float64) float64 {
			for k := range v {
				xi.Data[k] = float32(v[k])
			}
			var s float64
			tensor.NoGrad(func() {
				o := f(plain)
				for k, ov := range o.Data {
					s += float64(ov) * float64(w.Data[k])
				}
			})
			return s
		}
		x0 := x.Float64s()
		num := fd.Gradient(nil, loss, x0, &fd.Settings{Formula: fd.Central, Step: Step})
		if x.Grad == nil {
			return fmt.Errorf("input %d: no gradient reached it", i)
		}
		for k := range num {
			a, n := float64(x.Grad[k]), num[k]
			if math.IsNaN(a) || math.Abs(a-n) > ATol+RTol*math.Max(math.Abs(a), math.Abs(n)) {
				return fmt.Errorf("input %d element %d: backward %.6g, finite difference %.6g", i, k, a, n)
			}
		}
	}
	return nil
}
