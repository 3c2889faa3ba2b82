package calib

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// overconfident makes classification logits whose true calibration map is
// temperature 3: labels are drawn from softmax(z/3), logits are z.
func overconfident(n, c int, seed uint64) (*tensor.Tensor, []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	z := make([]float64, n*c)
	lab := make([]int, n)
	p := make([]float64, c)
	for i := 0; i < n; i++ {
		for k := 0; k < c; k++ {
			z[i*c+k] = 4 * r.NormFloat64()
			p[k] = z[i*c+k] / 3
		}
		softmaxRow(p)
		u, acc := r.Float64(), 0.0
		lab[i] = c - 1
		for k := range p {
			if acc += p[k]; u < acc {
				lab[i] = k
				break
			}
		}
	}
	return tensor.FromFloat64(z, n, c), lab
}

func nll(p *tensor.Tensor, lab []int) float64 {
	c, s := p.Dim(1), 0.0
	for i, y := range lab {
		s -= math.Log(math.Max(float64(p.Data[i*c+y]), 1e-12))
	}
	return s / float64(len(lab))
}

func TestPostHoc(t *testing.T) {
	fitX, fitY := overconfident(4000, 4, 1)
	testX, testY := overconfident(4000, 4, 2)
	raw := nll(Probs(testX), testY)
	for _, cal := range []Calibrator{&Temperature{}, &Vector{}, &Histogram{}, &Isotonic{}} {
		if _, err := cal.Calibrate(testX); err == nil {
			t.Errorf("%s: Calibrate before Fit gave no error", cal.Name())
		}
		if err := cal.Fit(fitX, fitY); err != nil {
			t.Fatal(err)
		}
		p, err := cal.Calibrate(testX)
		if err != nil {
			t.Fatal(err)
		}
		got := nll(p, testY)
		if got > raw*0.8 {
			t.Errorf("%s: test NLL %.3f, raw %.3f; want a clear improvement", cal.Name(), got, raw)
		}
		conf, ok, _ := Reliability(p, testY, false)
		rconf, rok, _ := Reliability(Probs(testX), testY, false)
		if e, r := ECE(conf, ok, 15), ECE(rconf, rok, 15); e > r/2 {
			t.Errorf("%s: ECE %.3f, raw %.3f", cal.Name(), e, r)
		}
		if _, err := cal.Calibrate(tensor.Zeros(3, 5)); err == nil {
			t.Errorf("%s: 5-class logits after fitting 4: no error", cal.Name())
		}
	}
	ts := &Temperature{}
	ts.Fit(fitX, fitY)
	if math.Abs(ts.T-3) > 0.3 {
		t.Errorf("fitted temperature %.3f, want about 3", ts.T)
	}
}

func TestTemperatureIsNLLMinimum(t *testing.T) {
	x, y := overconfident(500, 3, 5)
	ts := &Temperature{}
	if err := ts.Fit(x, y); err != nil {
		t.Fatal(err)
	}
	at := func(T float64) float64 {
		s := &Temperature{T: T, c: 3}
		p, _ := s.Calibrate(x)
		return nll(p, y)
	}
	if at(ts.T) > at(ts.T*1.01) || at(ts.T) > at(ts.T*0.99) {
		t.Errorf("T = %.4f is not a minimum of the NLL", ts.T)
	}
}

func TestPAV(t *testing.T) {
	f := pav([]float64{0.1, 0.2, 0.3, 0.4}, []bool{false, true, false, true})
	// blocks: {0.1}: 0, {0.2, 0.3}: 0.5, {0.4}: 1
	for _, c := range []struct{ x, want float64 }{{0, 0}, {0.1, 0}, {0.25, 0.5}, {0.4, 1}, {0.9, 1}, {0.175, 0.25}} {
		if got := f(c.x); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("isotonic(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}
