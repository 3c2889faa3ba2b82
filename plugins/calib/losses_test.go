package calib

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

type refCase struct {
	Loss       string         `json:"loss"`
	Params     map[string]any `json:"params"`
	InputScale float64        `json:"input_scale"`
	Value      float64        `json:"value"`
	Grad       []float64      `json:"grad"`
	Tau        []float64      `json:"tau"`
}

type refFile struct {
	Shape  []int     `json:"shape"`
	Logits []float64 `json:"logits"`
	Labels []int     `json:"labels"`
	Cases  []refCase `json:"cases"`
}

func num(p map[string]any, k string) float64 { v, _ := p[k].(float64); return v }

// lossFor builds the Go loss a reference case names.
func lossFor(c refCase) Loss {
	p := c.Params
	switch c.Loss {
	case "CE":
		return CE{}
	case "Focal":
		return Focal{Gamma: num(p, "gamma")}
	case "LS":
		return LS{Alpha: num(p, "alpha")}
	case "ECP":
		e := ECP{Alpha: num(p, "alpha"), Entropy: EntropyPerPixel}
		if p["entropy"] == "per_class" {
			e.Entropy = EntropyPerClass
		}
		return e
	case "SVLS":
		return SVLS{Sigma: num(p, "sigma")}
	case "MbLS":
		return MbLS{Margin: num(p, "margin"), Alpha: num(p, "alpha")}
	case "NACL":
		l := NACL{Lambda: num(p, "lambda"), Kernel: int(num(p, "kernel")), Sigma: num(p, "sigma")}
		switch p["prior"] {
		case "gaussian":
			l.Prior = PriorGaussianNormalised
		case "svls":
			l.Prior = PriorGaussian
		}
		if p["distance"] == "l2" {
			l.Distance = L2
		}
		switch p["border"] {
		case "background":
			l.Border = BorderBackground
		case "ignore":
			l.Border = BorderIgnore
		case "replicate":
			l.Border = BorderReplicate
		}
		return l
	}
	return nil
}

// TestLossesMatchPyTorch compares value and gradient of every loss with
// PyTorch's on the fixed input of testdata/gen_losses.py.
func TestLossesMatchPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/losses.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref refFile
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, c := range ref.Cases {
		l := lossFor(c)
		pj, _ := json.Marshal(c.Params)
		name := c.Loss + string(pj)
		x := tensor.FromFloat64(ref.Logits, ref.Shape...).SetRequiresGrad(true)
		in := x
		if c.InputScale != 1 {
			in = x.Scale(float32(c.InputScale))
		}
		v, err := l.Loss(in, ref.Labels)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := float64(v.Item()); math.Abs(got-c.Value) > 1e-5*math.Max(1, math.Abs(c.Value)) {
			t.Errorf("%s: value %.7f, PyTorch %.7f", name, got, c.Value)
		}
		v.Backward()
		for i, g := range c.Grad {
			if math.Abs(float64(x.Grad[i])-g) > 1e-6+1e-4*math.Abs(g) {
				t.Errorf("%s: grad[%d] %.7g, PyTorch %.7g", name, i, x.Grad[i], g)
				break
			}
		}
		if c.Tau != nil {
			tau, err := l.(NACL).Targets(x, ref.Labels)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range c.Tau {
				if math.Abs(float64(tau.Data[i])-want) > 1e-6 {
					t.Errorf("%s: tau[%d] %.6f, PyTorch %.6f", name, i, tau.Data[i], want)
					break
				}
			}
		}
	}
}

// TestLossGradients checks each loss's analytic gradient against central
// differences in float64 arithmetic on random logits.
func TestLossGradients(t *testing.T) {
	const N, C, H, W = 1, 3, 4, 5
	r := rand.New(rand.NewPCG(3, 4))
	labels := make([]int, N*H*W)
	for i := range labels {
		labels[i] = r.IntN(C)
	}
	base := make([]float64, N*C*H*W)
	for i := range base {
		base[i] = 2 * r.NormFloat64()
	}
	losses := []Loss{CE{}, Focal{Gamma: 2}, LS{Alpha: 0.2}, ECP{Alpha: 0.3}, SVLS{},
		MbLS{Margin: 1, Alpha: 0.5}, NACL{Distance: L2}, NACL{Prior: PriorGaussian, Border: BorderIgnore, Distance: L2}}
	for _, l := range losses {
		x := tensor.FromFloat64(base, N, C, H, W).SetRequiresGrad(true)
		v, err := l.Loss(x, labels)
		if err != nil {
			t.Fatal(err)
		}
		v.Backward()
		for _, i := range []int{0, 7, 19, 33, 59} {
			const h = 1e-2
			f := func(d float64) float64 {
				p := append([]float64(nil), base...)
				p[i] += d
				v, _ := l.Loss(tensor.FromFloat64(p, N, C, H, W), labels)
				return float64(v.Item())
			}
			num := (f(h) - f(-h)) / (2 * h)
			if math.Abs(num-float64(x.Grad[i])) > 2e-4+1e-2*math.Abs(num) {
				t.Errorf("%s: grad[%d] = %.6g, finite difference %.6g", l.Name(), i, x.Grad[i], num)
			}
		}
	}
}

func TestLossBadInput(t *testing.T) {
	x := tensor.Zeros(1, 3, 2, 2)
	cases := []struct {
		name   string
		logits *tensor.Tensor
		labels []int
		want   string
	}{
		{"shape", x, []int{0, 1, 2}, "3 labels"},
		{"range", x, []int{0, 1, 3, 0}, "out of range"},
		{"negative", x, []int{0, -1, 0, 0}, "out of range"},
		{"rank", tensor.Zeros(3, 2, 2), []int{0}, "shape"},
		{"one class", tensor.Zeros(1, 1, 2, 2), []int{0, 0, 0, 0}, "at least 2"},
		{"nan", tensor.Full(float32(math.NaN()), 1, 3, 2, 2), []int{0, 0, 0, 0}, "NaN"},
		{"one inf", tensor.New([]float32{0, 1, 2, 3, 4, 5, 6, float32(math.Inf(1)), 8, 9, 10, 11}, 1, 3, 2, 2), []int{0, 0, 0, 0}, "Inf"},
		{"both infs", tensor.New([]float32{0, float32(math.Inf(-1)), 2, 3, 4, 5, 6, float32(math.Inf(1)), 8, 9, 10, 11}, 1, 3, 2, 2), []int{0, 0, 0, 0}, "Inf"},
	}
	for _, c := range cases {
		for _, l := range []Loss{CE{}, Focal{}, LS{}, ECP{}, SVLS{}, MbLS{}, NACL{}} {
			_, err := l.Loss(c.logits, c.labels)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s: err %v, want one containing %q", l.Name(), c.name, err, c.want)
			}
		}
	}
	// Finite logits whose float32 sum overflows are still valid input.
	big := tensor.Full(3e38, 1, 3, 2, 2)
	if _, err := check(big, []int{0, 0, 0, 0}); err != nil {
		t.Errorf("finite logits of 3e38: %v", err)
	}
	if _, err := (NACL{Kernel: 4}).Loss(x, []int{0, 0, 0, 0}); err == nil {
		t.Error("NACL with an even kernel: no error")
	}
}

// TestNACLBorders shows the two border conventions on a 1×3 image of
// class 1: the authors' counts the 6 outside neighbours of the middle
// pixel's 3×3 window as background, MONAI's as nothing.
func TestNACLBorders(t *testing.T) {
	x := tensor.Zeros(1, 2, 1, 3)
	lab := []int{1, 1, 1}
	bg, _ := NACL{}.Targets(x, lab)
	ig, _ := NACL{Border: BorderIgnore}.Targets(x, lab)
	// middle pixel: 3 in-image neighbours of class 1, 6 outside
	if got := bg.At(0, 0, 0, 1); math.Abs(float64(got)-6.0/9) > 1e-6 {
		t.Errorf("background: tau_0 = %v, want 6/9", got)
	}
	if got := bg.At(0, 1, 0, 1); math.Abs(float64(got)-3.0/9) > 1e-6 {
		t.Errorf("background: tau_1 = %v, want 3/9", got)
	}
	if got := ig.At(0, 0, 0, 1); got != 0 {
		t.Errorf("ignore: tau_0 = %v, want 0", got)
	}
	if got := ig.At(0, 1, 0, 0); math.Abs(float64(got)-2.0/9) > 1e-6 {
		t.Errorf("ignore: corner tau_1 = %v, want 2/9", got)
	}
}
