package nn_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// TestAgainstTorch3d compares the 3-D layers with PyTorch's conv3d,
// max_pool3d and interpolate (nearest) on the fixed inputs of
// testdata/torch3d_reference.json (written by testdata/gen_torch3d.py):
// outputs and the gradients of sum(output * w).
func TestAgainstTorch3d(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch3d_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []torchCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	conv := func(relu bool) func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
		return func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return (&nn.Conv3d{Weight: in["w"], Bias: in["b"], Padding: c.Attrs.Padding, ReLU: relu}).Forward(in["x"])
		}
	}
	ops := map[string]func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor{
		"conv3d_k3p1": conv(false), "conv3d_k3p0": conv(false), "conv3d_k1p0": conv(false),
		"conv3d_relu_k3p1": conv(true),
		"maxpool3d_2": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.MaxPool3d{K: c.Attrs.K, Stride: c.Attrs.Stride}.Forward(in["x"])
		},
		"upsample_nearest3d_2": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Upsample3d{Scale: c.Attrs.Scale}.Forward(in["x"])
		},
	}
	if len(ref.Cases) != len(ops) {
		t.Errorf("%d torch cases for %d ops", len(ref.Cases), len(ops))
	}
	for i := range ref.Cases {
		c := &ref.Cases[i]
		t.Run(c.Name, func(t *testing.T) {
			op, ok := ops[c.Name]
			if !ok {
				t.Fatalf("no Go counterpart for torch case %q", c.Name)
			}
			in := map[string]*tensor.Tensor{}
			for k, v := range c.Inputs {
				in[k] = v.tensor().SetRequiresGrad(true)
			}
			out := op(c, in)
			compare(t, "output", out.Data, c.Output.Data)
			out.Mul(c.Weights.tensor()).Sum().Backward()
			for k, want := range c.Grads {
				compare(t, "gradient of "+k, in[k].Grad, want.Data)
			}
		})
	}
}
