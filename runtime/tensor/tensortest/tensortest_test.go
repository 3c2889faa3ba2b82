package tensortest

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// square builds x² as a custom op whose backward multiplies by factor; the
// right factor is 2.
func square(factor float32) func(in []*tensor.Tensor) *tensor.Tensor {
	return func(in []*tensor.Tensor) *tensor.Tensor {
		x := in[0]
		out := make([]float32, x.Len())
		for i, v := range x.Data {
			out[i] = v * v
		}
		return tensor.FromOp(out, x.Shape(), in, func(y *tensor.Tensor) {
			g := tensor.GradOf(x)
			for i, v := range x.Data {
				g[i] += factor * v * y.Grad[i]
			}
		})
	}
}

func TestGradCheckCatchesWrongBackward(t *testing.T) {
	x := tensor.New([]float32{0.5, -1, 2})
	if err := gradCheck(square(2), []*tensor.Tensor{x}); err != nil {
		t.Errorf("correct backward rejected: %v", err)
	}
	if err := gradCheck(square(2.2), []*tensor.Tensor{x}); err == nil {
		t.Error("a backward 10% off passed the check")
	}
}
