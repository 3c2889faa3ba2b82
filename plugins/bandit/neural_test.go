package bandit

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNeuralDefaults(t *testing.T) {
	for _, p := range []Policy{NeuSquareCB(NeuralOptions{}), NeuFastCB(NeuralOptions{})} {
		o := p.(*neuIGW).Options()
		want := NeuralOptions{Hidden: 100, Ensemble: 5, Perturbation: 0.1, LR: 0.01, HiddenLR: 1, Steps: 1,
			GammaScale: 10, GammaExponent: 0.5, InitOut: 1, Z: "diag"}
		if o != want {
			t.Errorf("%s defaults %+v, want %+v", p.Name(), o, want)
		}
	}
	if g := (NeuralOptions{GammaScale: 10, GammaExponent: 0.5}).gamma(4, 24); g != 100 {
		t.Errorf("gamma at round 25 with K = 4: %v, want 10·sqrt(100) = 100", g)
	}
}

// TestNeuralOptions runs each open choice of the method at a non-default
// value: each still learns the small problem, and changes the run.
func TestNeuralOptions(t *testing.T) {
	env := blobs(t, 1500, 4, 6, 5)
	const rounds = 1500
	uni, err := Run(context.Background(), env, Uniform(), rounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Run(context.Background(), env, NeuFastCB(NeuralOptions{}), rounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		o    NeuralOptions
	}{
		{"no perturbation", NeuralOptions{Perturbation: -1}},
		{"large perturbation", NeuralOptions{Perturbation: 0.5}},
		{"one network", NeuralOptions{Ensemble: 1}},
		{"two steps", NeuralOptions{Steps: 2}},
		{"replay", NeuralOptions{Replay: 4}},
		{"narrow", NeuralOptions{Hidden: 20}},
		{"greedier", NeuralOptions{GammaScale: 100}},
		{"linear gamma", NeuralOptions{GammaExponent: 1}},
		{"one step size", NeuralOptions{LR: 0.01, HiddenLR: 0.01}},
		{"parameter perturbation", NeuralOptions{ParamPerturbation: 0.5}},
		{"parameter perturbation only", NeuralOptions{ParamPerturbation: 0.5, Perturbation: -1}},
	} {
		for _, mk := range []func(NeuralOptions) Policy{NeuSquareCB, NeuFastCB} {
			p := mk(c.o)
			t.Run(c.name+"/"+p.Name(), func(t *testing.T) {
				tr, err := Run(context.Background(), env, p, rounds, 1, nil)
				if err != nil {
					t.Fatal(err)
				}
				if tr.FinalRegret() > uni.FinalRegret()/2 {
					t.Errorf("regret %.0f, uniform %.0f", tr.FinalRegret(), uni.FinalRegret())
				}
				if strings.HasPrefix(p.Name(), "NeuFastCB") && slices.Equal(tr.Regret, base.Regret) {
					t.Errorf("same run as the defaults: the option has no effect")
				}
			})
		}
	}
}

func TestNeuralBadOptions(t *testing.T) {
	for _, o := range []NeuralOptions{{Hidden: -1}, {Steps: -2}, {Replay: -1}, {HiddenLR: -1}, {GammaScale: -3}, {ParamPerturbation: -0.1}} {
		if err := NeuSquareCB(o).Start(3, 2, 1); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	// A step size far too large diverges; the run stops with a clear error.
	_, err := Run(context.Background(), blobs(t, 100, 3, 4, 1), NeuSquareCB(NeuralOptions{LR: 1e6, HiddenLR: 1e6}), 100, 1, nil)
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Fatalf("err = %v", err)
	}
}

func TestRetrainSchedule(t *testing.T) {
	for _, c := range []struct {
		n    int
		want bool
	}{{1, true}, {100, true}, {101, false}, {110, true}, {1000, true}, {1010, false}, {1100, true}, {9999, false}, {10000, true}} {
		if got := retrainDue(c.n); got != c.want {
			t.Errorf("retrainDue(%d) = %v, want %v", c.n, got, c.want)
		}
	}
	n := 0
	for i := 1; i <= 10000; i++ {
		if retrainDue(i) {
			n++
		}
	}
	if n != 280 {
		t.Errorf("%d retrainings in 10,000 rounds, the doc says 280", n)
	}
}

// TestRetrainedBaselines: NeuralUCB and NeuralTS as published learn the
// small problem, differ from their online variants, and survive Clone.
func TestRetrainedBaselines(t *testing.T) {
	env := blobs(t, 1500, 4, 6, 5)
	const rounds = 1200
	uni, err := Run(context.Background(), env, Uniform(), rounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ retrained, online Policy }{
		{NeuralUCBRetrained(0.1, NeuralOptions{}), NeuralUCB(0.1, NeuralOptions{})},
		{NeuralTSRetrained(0.1, NeuralOptions{}), NeuralTS(0.1, NeuralOptions{})},
	} {
		p := c.retrained.Clone()
		if !strings.HasSuffix(p.Name(), "(retrained)") {
			t.Errorf("clone of %s is %s", c.retrained.Name(), p.Name())
		}
		tr, err := Run(context.Background(), env, p, rounds, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		on, err := Run(context.Background(), env, c.online, rounds, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tr.FinalRegret() > uni.FinalRegret()/2 {
			t.Errorf("%s: regret %.0f, uniform %.0f", p.Name(), tr.FinalRegret(), uni.FinalRegret())
		}
		if tr.FinalRegret() == on.FinalRegret() && tr.Reward == on.Reward {
			t.Errorf("%s: the same run as %s", p.Name(), c.online.Name())
		}
	}
}

// TestParamPerturb: ε has entries ±σ in about equal numbers, ⟨ε, θ − θ₀⟩ is
// zero at the initialisation, and the perturbation's step moves θ by −lr·g·ε.
func TestParamPerturb(t *testing.T) {
	r := newRand(3)
	n := newBlockNet(r, 4, 3, 8, 1, 0)
	p := newParamPerturb(n, 0.5*math.Sqrt(float64(n.params())), r)
	if s := p.draw(n); s != 0 {
		t.Fatalf("<eps, theta - theta0> = %v at the initialisation", s)
	}
	plus := 0
	for _, v := range p.ew1 {
		switch v {
		case 0.5:
			plus++
		case -0.5:
		default:
			t.Fatalf("entry %v, want ±0.5", v)
		}
	}
	if m := len(p.ew1); plus < m/2-m/8 || plus > m/2+m/8 {
		t.Errorf("%d of %d entries +σ", plus, m)
	}
	w1 := append([]float32(nil), n.w1...)
	b2 := n.b2
	p.step(n, 2, 0.1, 0.3)
	for i := range w1 {
		if d := n.w1[i] - (w1[i] - 0.3*2*p.ew1[i]); d > 1e-6 || d < -1e-6 {
			t.Fatalf("w1[%d] moved to %v, want %v", i, n.w1[i], w1[i]-0.3*2*p.ew1[i])
		}
	}
	if d := n.b2 - (b2 - 0.1*2*p.eb2); d > 1e-6 || d < -1e-6 {
		t.Fatalf("b2 %v, want %v", n.b2, b2-0.1*2*p.eb2)
	}
	// now θ − θ₀ = −0.3·2·ε on W1 and b1, so the same ε would give −0.6·Σε² there
	if s := p.draw(n); s == 0 {
		t.Errorf("<eps, theta - theta0> still zero after a step")
	}
}
