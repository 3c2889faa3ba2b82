package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// TestAgainstTorch3d compares the 3-D layers with PyTorch's conv3d,
// max_pool3d and interpolate (nearest) on the fixed inputs of
// testdata/torch3d_reference.json (written by testdata/gen_torch3d.py):
// outputs and the gradients of sum(output * w).
func TestAgainstTorch3d(t *testing.T) {
	cases := loadTorchCases(t, "testdata/torch3d_reference.json")
	conv := func(relu bool) torchOp {
		return func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return (&nn.Conv3d{Weight: in["w"], Bias: in["b"], Padding: c.Attrs.Padding, ReLU: relu}).Forward(in["x"])
		}
	}
	ops := map[string]torchOp{
		"conv3d_k3p1": conv(false), "conv3d_k3p0": conv(false), "conv3d_k1p0": conv(false),
		"conv3d_relu_k3p1": conv(true),
		"maxpool3d_2": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.MaxPool3d{K: c.Attrs.K, Stride: c.Attrs.Stride}.Forward(in["x"])
		},
		"upsample_nearest3d_2": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Upsample3d{Scale: c.Attrs.Scale}.Forward(in["x"])
		},
	}
	if len(cases) != len(ops) {
		t.Errorf("%d torch cases for %d ops", len(cases), len(ops))
	}
	checkTorchCases(t, cases, ops, nil)
}
