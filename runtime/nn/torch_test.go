package nn_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// Reference values written by testdata/gen_torch.py with PyTorch.

type jsonTensor struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

func (j jsonTensor) tensor() *tensor.Tensor {
	return tensor.New(append([]float32(nil), j.Data...), j.Shape...)
}

type torchCase struct {
	Name    string                `json:"name"`
	Inputs  map[string]jsonTensor `json:"inputs"`
	Weights jsonTensor            `json:"weights"`
	Output  jsonTensor            `json:"output"`
	Grads   map[string]jsonTensor `json:"grads"`
	Attrs   struct {
		Stride, Padding, K, Scale, Axis int
		Slope, Smoothing                float32
		Weights                         []float32
	} `json:"attrs"`
	Labels []int                 `json:"labels"`
	Extra  map[string]jsonTensor `json:"extra"`
}

func TestAgainstTorch(t *testing.T) {
	cases := loadTorchCases(t, "testdata/torch_reference.json")
	var bnStats *nn.BatchNorm2d
	ops := map[string]torchOp{
		"linear": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return (&nn.Linear{Weight: in["w"], Bias: in["b"]}).Forward(in["x"])
		},
		"conv_s1p1": conv, "conv_s2p1": conv,
		"maxpool2": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.MaxPool2d{K: c.Attrs.K, Stride: c.Attrs.Stride}.Forward(in["x"])
		},
		"upsample_nearest": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Upsample{Scale: c.Attrs.Scale}.Forward(in["x"])
		},
		"upsample_bilinear": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Upsample{Scale: c.Attrs.Scale, Bilinear: true}.Forward(in["x"])
		},
		"layernorm": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return (&nn.LayerNorm{Weight: in["w"], Bias: in["b"], Eps: 1e-5}).Forward(in["x"])
		},
		"batchnorm_train": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			bnStats = nn.NewBatchNorm2d(3)
			bnStats.Weight, bnStats.Bias = in["w"], in["b"]
			return bnStats.Forward(in["x"])
		},
		"gelu":    func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor { return nn.GELU{}.Forward(in["x"]) },
		"sigmoid": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor { return nn.Sigmoid{}.Forward(in["x"]) },
		"tanh":    func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor { return nn.Tanh{}.Forward(in["x"]) },
		"leaky_relu": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.LeakyReLU{Slope: c.Attrs.Slope}.Forward(in["x"])
		},
		"softmax1": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Softmax{Axis: c.Attrs.Axis}.Forward(in["x"])
		},
		"log_softmax1": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.LogSoftmax{Axis: c.Attrs.Axis}.Forward(in["x"])
		},
		"ce_pixels": ce, "ce_pixels_weighted": ce, "ce_smoothing_weighted": ce, "ce_rows": ce,
		"bce_logits": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.BCEWithLogits(in["x"], in["t"])
		},
		"mse": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor { return nn.MSE(in["x"], in["t"]) },
		"kl_batchmean": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.KLDiv(in["x"], in["t"])
		},
		"entropy": func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
			return nn.Entropy(in["x"], c.Attrs.Axis)
		},
	}
	checkTorchCases(t, cases, ops, func(t *testing.T, c *torchCase) {
		if c.Name == "batchnorm_train" {
			compare(t, "running mean", bnStats.RunningMean, c.Extra["running_mean"].Data)
			compare(t, "running var", bnStats.RunningVar, c.Extra["running_var"].Data)
		}
	})
}

// torchOp computes a case's output from its inputs, as PyTorch did.
type torchOp func(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor

// loadTorchCases reads a reference file written by a testdata/gen_torch*.py script.
func loadTorchCases(t *testing.T, path string) []torchCase {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Cases []torchCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref.Cases
}

// checkTorchCases runs each case's op on its inputs and compares the
// output and the gradients of sum(output * weights) with PyTorch's; after,
// when not nil, checks what a case keeps beside them.
func checkTorchCases(t *testing.T, cases []torchCase, ops map[string]torchOp, after func(t *testing.T, c *torchCase)) {
	for i := range cases {
		c := &cases[i]
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
			if after != nil {
				after(t, c)
			}
		})
	}
}

func conv(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
	return (&nn.Conv2d{Weight: in["w"], Bias: in["b"], Stride: c.Attrs.Stride, Padding: c.Attrs.Padding}).Forward(in["x"])
}

func ce(c *torchCase, in map[string]*tensor.Tensor) *tensor.Tensor {
	return nn.CrossEntropyWith(in["x"], c.Labels, nn.CEOptions{Weights: c.Attrs.Weights, LabelSmoothing: c.Attrs.Smoothing})
}

// compare allows float32 rounding differences between two orders of
// summation: 1e-5 absolute plus 1e-4 relative.
func compare(t *testing.T, what string, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, torch has %d", what, len(got), len(want))
	}
	for i := range got {
		d := math.Abs(float64(got[i] - want[i]))
		if d > 1e-5+1e-4*math.Abs(float64(want[i])) || math.IsNaN(float64(got[i])) {
			t.Errorf("%s[%d] = %v, torch %v", what, i, got[i], want[i])
			return
		}
	}
}
