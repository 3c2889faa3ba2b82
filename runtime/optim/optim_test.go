package optim_test

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

func param(vals ...float32) *tensor.Tensor {
	return tensor.New(vals).SetRequiresGrad(true)
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestSGDSteps(t *testing.T) {
	cases := []struct {
		name         string
		mom, wd      float64
		nesterov     bool
		want1, want2 float32 // w after steps 1 and 2 from w=1 with gradient 2 (fixed)
	}{
		// w1 = 1 - 0.1*2; w2 = w1 - 0.1*2
		{"plain", 0, 0, false, 0.8, 0.6},
		// d = 2 + 0.5*w: d1 = 2.5, w1 = 0.75; d2 = 2.375, w2 = 0.5125
		{"decay", 0, 0.5, false, 0.75, 0.5125},
		// buf1 = 2, w1 = 0.8; buf2 = 0.9*2+2 = 3.8, w2 = 0.42
		{"momentum", 0.9, 0, false, 0.8, 0.42},
		// step1: d = 2 + 0.9*2 = 3.8, w1 = 0.62; buf2 = 3.8, d = 2 + 3.42 = 5.42, w2 = 0.078
		{"nesterov", 0.9, 0, true, 0.62, 0.078},
	}
	for _, c := range cases {
		p := param(1)
		o := optim.NewSGD([]*tensor.Tensor{p}, 0.1, c.mom, c.wd)
		o.Nesterov = c.nesterov
		for step, want := range []float32{c.want1, c.want2} {
			o.ZeroGrad()
			tensor.GradOf(p)[0] = 2
			o.Step()
			if !near(float64(p.Data[0]), float64(want), 1e-6) {
				t.Errorf("%s step %d: w = %v, want %v", c.name, step+1, p.Data[0], want)
			}
		}
	}
}

func TestAdamFirstStepIsLRTimesSign(t *testing.T) {
	// With bias correction, Adam's first update is lr·g/(|g|+eps) ≈ lr·sign(g).
	p := param(1, 1)
	o := optim.NewAdam([]*tensor.Tensor{p}, 0.01)
	copy(tensor.GradOf(p), []float32{3, -0.5})
	o.Step()
	if !near(float64(p.Data[0]), 0.99, 1e-6) || !near(float64(p.Data[1]), 1.01, 1e-6) {
		t.Errorf("after one Adam step: %v, want [0.99 1.01]", p.Data)
	}
	w := param(1)
	aw := optim.NewAdamW([]*tensor.Tensor{w}, 0.01, 0.1)
	tensor.GradOf(w)[0] = 1
	aw.Step()
	// decay first: 1·(1 − 0.001) = 0.999, then −0.01.
	if !near(float64(w.Data[0]), 0.989, 1e-6) {
		t.Errorf("after one AdamW step: %v, want 0.989", w.Data[0])
	}
}

func TestAdamMinimisesQuadratic(t *testing.T) {
	p := param(3, -2)
	o := optim.NewAdam([]*tensor.Tensor{p}, 0.1)
	for i := 0; i < 500; i++ {
		o.ZeroGrad()
		p.Square().Sum().Backward()
		o.Step()
	}
	for _, v := range p.Data {
		if math.Abs(float64(v)) > 1e-2 {
			t.Fatalf("Adam on x² ended at %v, want near 0", p.Data)
		}
	}
}

func TestSchedules(t *testing.T) {
	s := optim.StepLR{Base: 1, Gamma: 0.5, Every: 10}
	for _, c := range []struct {
		step int
		want float64
	}{{0, 1}, {9, 1}, {10, 0.5}, {25, 0.25}} {
		if got := s.LR(c.step); !near(got, c.want, 1e-12) {
			t.Errorf("StepLR(%d) = %v, want %v", c.step, got, c.want)
		}
	}
	cs := optim.Cosine{Base: 1, Min: 0.1, Total: 12, Warmup: 2}
	for _, c := range []struct {
		step int
		want float64
	}{{0, 0.5}, {1, 1}, {2, 1}, {7, 0.55}, {12, 0.1}, {50, 0.1}} {
		if got := cs.LR(c.step); !near(got, c.want, 1e-12) {
			t.Errorf("Cosine(%d) = %v, want %v", c.step, got, c.want)
		}
	}
}

func TestParamsMustRequireGrad(t *testing.T) {
	err := tensor.Catch(func() { optim.NewAdam([]*tensor.Tensor{tensor.Zeros(2)}, 0.1) })
	if err == nil {
		t.Fatal("NewAdam accepted a parameter without gradients")
	}
}
