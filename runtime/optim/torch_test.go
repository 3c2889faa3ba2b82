package optim_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Three steps of each optimizer from the same start and gradients as
// ../nn/testdata/gen_torch.py ran them through torch.optim.
func TestAgainstTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch_optim.json")
	if err != nil {
		t.Fatal(err)
	}
	type vec struct {
		Data []float32 `json:"data"`
	}
	var ref struct {
		Runs []struct {
			Name   string `json:"name"`
			Param  vec    `json:"param"`
			Grads  []vec  `json:"grads"`
			Result vec    `json:"result"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	makers := map[string]func(ps []*tensor.Tensor) optim.Optimizer{
		"sgd_momentum_wd": func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewSGD(ps, 0.1, 0.9, 0.01) },
		"sgd_nesterov": func(ps []*tensor.Tensor) optim.Optimizer {
			o := optim.NewSGD(ps, 0.1, 0.9, 0)
			o.Nesterov = true
			return o
		},
		"adam": func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewAdam(ps, 0.01) },
		"adam_l2": func(ps []*tensor.Tensor) optim.Optimizer {
			o := optim.NewAdam(ps, 0.01)
			o.WeightDecay = 0.1
			return o
		},
		"adamw": func(ps []*tensor.Tensor) optim.Optimizer { return optim.NewAdamW(ps, 0.01, 0.1) },
	}
	for _, run := range ref.Runs {
		mk, ok := makers[run.Name]
		if !ok {
			t.Errorf("no Go counterpart for torch run %q", run.Name)
			continue
		}
		p := tensor.New(append([]float32(nil), run.Param.Data...)).SetRequiresGrad(true)
		o := mk([]*tensor.Tensor{p})
		for _, g := range run.Grads {
			o.ZeroGrad()
			copy(tensor.GradOf(p), g.Data)
			o.Step()
		}
		for i, want := range run.Result.Data {
			if d := math.Abs(float64(p.Data[i] - want)); d > 1e-6+1e-5*math.Abs(float64(want)) {
				t.Errorf("%s: param[%d] = %v, torch %v", run.Name, i, p.Data[i], want)
				break
			}
		}
	}
}
