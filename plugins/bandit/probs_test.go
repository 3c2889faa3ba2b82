package bandit

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestRulesHandComputed(t *testing.T) {
	cases := []struct {
		name   string
		rule   func([]float64, float64, []float64) int
		losses []float64
		gamma  float64
		want   []float64
	}{
		// b = 0; p1 = 1/(3+10·0.4), p2 = 1/(3+10·0.2), p0 the rest.
		{"IGW", IGW, []float64{0.1, 0.5, 0.3}, 10, []float64{1 - 1.0/7 - 1.0/5, 1.0 / 7, 1.0 / 5}},
		{"IGW gamma 0 is uniform", IGW, []float64{0.9, 0.1}, 0, []float64{0.5, 0.5}},
		{"IGW ties", IGW, []float64{0.4, 0.4, 0.4, 0.4}, 100, []float64{0.25, 0.25, 0.25, 0.25}},
		// b = 0; p1 = 0.1/(3·0.1+10·0.4) = 1/43, p2 = 0.1/(0.3+10·0.2) = 1/23.
		{"FastCB", FastCB, []float64{0.1, 0.5, 0.3}, 10, []float64{1 - 1.0/43 - 1.0/23, 1.0 / 43, 1.0 / 23}},
		{"FastCB gamma 0 is uniform", FastCB, []float64{0.2, 0.7, 0.9}, 0, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		// a lossless best arm is played for sure, except against ties (limit 1/K).
		{"FastCB zero loss", FastCB, []float64{0, 0.5, 0}, 10, []float64{2.0 / 3, 0, 1.0 / 3}},
		{"FastCB clips", FastCB, []float64{-0.5, 1.5}, 1, []float64{1, 0}},
		// b = 1 (lowest loss); p0 = 0.5/(2·0.5 + 4·0.25) = 0.25.
		{"FastCB argmin not first", FastCB, []float64{0.75, 0.5}, 4, []float64{0.25, 0.75}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := make([]float64, len(c.losses))
			c.rule(c.losses, c.gamma, p)
			for a := range p {
				if math.Abs(p[a]-c.want[a]) > 1e-12 {
					t.Fatalf("p = %v, want %v", p, c.want)
				}
			}
		})
	}
}

// TestRulesProperties checks, on random losses, what the analyses rely on:
// a distribution, the best arm most likely and at least 1/K, and exploration
// shrinking as gamma grows.
func TestRulesProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, rule := range []struct {
		name string
		f    func([]float64, float64, []float64) int
	}{{"IGW", IGW}, {"FastCB", FastCB}} {
		for trial := range 500 {
			k := 2 + r.IntN(30)
			l := make([]float64, k)
			for a := range l {
				l[a] = r.Float64()
			}
			g := r.ExpFloat64() * 100
			p, q := make([]float64, k), make([]float64, k)
			b := rule.f(l, g, p)
			if err := CheckProbs(p); err != nil {
				t.Fatalf("%s trial %d: %v", rule.name, trial, err)
			}
			if b != argmin(l) {
				t.Fatalf("%s returned %d, argmin is %d", rule.name, b, argmin(l))
			}
			for a := range p {
				if p[a] > p[b]+1e-15 {
					t.Fatalf("%s: arm %d (loss %v) more likely than the best (loss %v): %v", rule.name, a, l[a], l[b], p)
				}
			}
			if p[b] < 1/float64(k)-1e-12 {
				t.Fatalf("%s: best arm has %v < 1/K", rule.name, p[b])
			}
			rule.f(l, 2*g, q)
			if q[b] < p[b]-1e-12 {
				t.Fatalf("%s: doubling gamma lowered the best arm's probability %v -> %v", rule.name, p[b], q[b])
			}
		}
	}
}

func TestRulesPanicOnBadInput(t *testing.T) {
	for name, f := range map[string]func(){
		"NaN loss":       func() { IGW([]float64{0, math.NaN()}, 1, make([]float64, 2)) },
		"negative gamma": func() { FastCB([]float64{0, 1}, -1, make([]float64, 2)) },
		"length":         func() { IGW([]float64{0, 1}, 1, make([]float64, 3)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			f()
		})
	}
}

func TestCheckProbs(t *testing.T) {
	for _, c := range []struct {
		p  []float64
		ok bool
	}{
		{[]float64{0.5, 0.5}, true},
		{[]float64{1, 0, 0}, true},
		{[]float64{0.5, 0.4}, false},
		{[]float64{1.5, -0.5}, false},
		{[]float64{math.NaN(), 1}, false},
		{nil, false},
	} {
		err := CheckProbs(c.p)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrProbs)) {
			t.Errorf("CheckProbs(%v) = %v", c.p, err)
		}
	}
}

func TestSampleFrequencies(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	p := []float64{0.1, 0, 0.6, 0.3}
	n := make([]int, len(p))
	const draws = 100000
	for range draws {
		n[Sample(r, p)]++
	}
	for a := range p {
		f := float64(n[a]) / draws
		if math.Abs(f-p[a]) > 0.005 {
			t.Errorf("arm %d drawn %.4f of the time, want %.2f", a, f, p[a])
		}
	}
}
