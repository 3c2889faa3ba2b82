package bandit

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// blobs is a small K-class problem that a learner solves quickly: Gaussian
// clusters around random unit directions.
func blobs(t testing.TB, n, k, d int, seed uint64) *Classification {
	r := rand.New(rand.NewPCG(seed, 1))
	centers := make([][]float64, k)
	for c := range centers {
		centers[c] = make([]float64, d)
		for j := range d {
			centers[c][j] = r.NormFloat64()
		}
	}
	x, y := make([][]float64, n), make([]int, n)
	for i := range x {
		y[i] = i % k
		x[i] = make([]float64, d)
		for j := range d {
			x[i][j] = centers[y[i]][j] + 0.3*r.NormFloat64()
		}
	}
	env, err := NewClassification("blobs", x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func allPolicies() []Policy {
	return []Policy{
		NeuSquareCB(NeuralOptions{}), NeuFastCB(NeuralOptions{}), Uniform(),
		EpsGreedy(0.05), NeuralEpsGreedy(0.05, NeuralOptions{}), LinUCB(1),
		LinSquareCB(10, 0.5), NeuralUCB(0.1, NeuralOptions{}), NeuralTS(0.1, NeuralOptions{}),
		NeuralUCBRetrained(0.1, NeuralOptions{}), NeuralTSRetrained(0.1, NeuralOptions{}),
	}
}

// TestEndToEndLearns: on a small problem every learner's regret ends well
// below the uniform policy's, and NeuSquareCB's and NeuFastCB's below a third of it.
func TestEndToEndLearns(t *testing.T) {
	env := blobs(t, 2000, 5, 8, 1)
	const rounds = 2000
	res, err := Experiment{Env: env, Policies: allPolicies(), Seeds: []uint64{1, 2}, Rounds: rounds, Workers: 2}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	uni := res.Final("uniform").Mean
	if uni < 0.7*rounds {
		t.Fatalf("uniform regret %v, want about 0.8 per round", uni)
	}
	for _, name := range res.Methods {
		f := res.Final(name).Mean
		t.Logf("%-20s %8.1f", name, f)
		limit := 0.5 * uni
		if strings.HasPrefix(name, "Neu") && !strings.HasPrefix(name, "Neural") {
			limit = uni / 3
		}
		if name != "uniform" && f > limit {
			t.Errorf("%s: regret %.1f, want below %.1f (uniform %.1f)", name, f, limit, uni)
		}
	}
}

// TestDeterministic: the same seeds give the same traces, whatever the
// number of workers.
func TestDeterministic(t *testing.T) {
	env := blobs(t, 500, 3, 4, 2)
	ps := []Policy{NeuFastCB(NeuralOptions{Hidden: 16, Ensemble: 2}), NeuralTS(0.1, NeuralOptions{Hidden: 16}), LinSquareCB(10, 0.5)}
	a, err := Experiment{Env: env, Policies: ps, Seeds: []uint64{1, 2, 3}, Rounds: 300, Workers: 1}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Experiment{Env: env, Policies: ps, Seeds: []uint64{1, 2, 3}, Rounds: 300, Workers: 2}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		for j := range a.Seeds {
			ra, rb := a.Traces[i][j].Regret, b.Traces[i][j].Regret
			for s := range ra {
				if ra[s] != rb[s] {
					t.Fatalf("%s seed %d differs at round %d: %v vs %v", ps[i].Name(), a.Seeds[j], s, ra[s], rb[s])
				}
			}
		}
	}
	c, err := Experiment{Env: env, Policies: ps[:1], Seeds: []uint64{2}, Rounds: 300, Log: true}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lg := c.Logs[0][0]
	if len(lg.Records) != 300 || lg.Arms != 3 || lg.Dim != 4 || c.Traces[0][0].Regret[299] != a.Traces[0][1].Regret[299] {
		t.Fatalf("log of %d records (%d arms, %d features); regret %v vs %v without logging", len(lg.Records), lg.Arms, lg.Dim, c.Traces[0][0].Regret[299], a.Traces[0][1].Regret[299])
	}
	sum := 0.0
	for _, r := range lg.Records {
		if !(r.Prob > 0 && r.Prob <= 1) || len(r.X) != 4 {
			t.Fatalf("bad record %+v", r)
		}
		sum += r.Reward
	}
	if sum != c.Traces[0][0].Reward {
		t.Fatalf("logged rewards sum to %v, the run's reward is %v", sum, c.Traces[0][0].Reward)
	}
	m, se := a.Curve(ps[0].Name())
	if len(m) != 300 || math.IsNaN(se[299]) {
		t.Fatalf("curve: %d points, last SE %v", len(m), se[299])
	}
	if f := a.Final("no such policy"); !math.IsNaN(f.Mean) {
		t.Errorf("Final of an unknown name = %v, want NaN", f)
	}
	if m, _ := a.Curve("no such policy"); m != nil {
		t.Errorf("Curve of an unknown name has %d points, want none", len(m))
	}
}

// TestMethodsByName: two policies with the same Name get distinct method
// names, and Final finds each by its own.
func TestMethodsByName(t *testing.T) {
	env := blobs(t, 300, 3, 4, 2)
	res, err := Experiment{Env: env, Policies: []Policy{LinUCB(1), Uniform(), LinUCB(0.01)}, Seeds: []uint64{1}, Rounds: 200}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"LinUCB", "uniform", "LinUCB (2)"}; !slices.Equal(res.Methods, want) {
		t.Fatalf("Methods = %q, want %q", res.Methods, want)
	}
	for i, name := range res.Methods {
		if got, want := res.Final(name).Mean, res.Traces[i][0].FinalRegret(); got != want {
			t.Errorf("Final(%q) = %v, want its own run's %v", name, got, want)
		}
	}
}

// badPolicy misbehaves in one of several ways from round 3 on.
type badPolicy struct{ how string }

func (b *badPolicy) Name() string                              { return "bad-" + b.how }
func (b *badPolicy) Clone() Policy                             { return &badPolicy{b.how} }
func (b *badPolicy) Start(int, int, uint64) error              { return nil }
func (b *badPolicy) Update(int, []float64, int, float64) error { return nil }
func (b *badPolicy) Choose(t int, x, p []float64) (int, error) {
	oneHot(p, 0)
	if t < 3 {
		return 0, nil
	}
	switch b.how {
	case "arm":
		return len(p), nil
	case "sum":
		p[0] = 0.9
	case "zero":
		return 1, nil
	case "nan":
		p[0] = math.NaN()
	case "panic":
		panic("boom")
	}
	return 0, nil
}

func TestBadPolicies(t *testing.T) {
	env := blobs(t, 50, 3, 2, 3)
	for how, want := range map[string]string{
		"arm":  "chose arm 3, but the arms are 0..2",
		"sum":  "invalid action probabilities: they sum to 0.9",
		"zero": "probabilities give 0",
		"nan":  "p[0] = NaN",
	} {
		_, err := Run(context.Background(), env, &badPolicy{how}, 10, 1, nil)
		if (how == "sum" || how == "nan") && !errors.Is(err, ErrProbs) {
			t.Errorf("%s: err = %v does not wrap ErrProbs", how, err)
		}
		if err == nil || !errors.Is(err, ErrPolicy) || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "bandit: bad-"+how+", round 3: policy misbehaved: ") || strings.Count(err.Error(), "bandit:") != 1 {
			t.Errorf("%s: err = %v, want ErrPolicy at round 3 mentioning %q", how, err, want)
		}
	}
}

// nanEnv shows a NaN feature in round 2.
type nanEnv struct{}

func (nanEnv) Arms() int { return 2 }
func (nanEnv) Dim() int  { return 2 }
func (nanEnv) Round(seed uint64, t int, x, r []float64) error {
	x[0], x[1], r[0], r[1] = 1, 0, 1, 0
	if t == 2 {
		x[1] = math.NaN()
	}
	return nil
}

func TestBadEnvironment(t *testing.T) {
	_, err := Run(context.Background(), nanEnv{}, NeuFastCB(NeuralOptions{}), 5, 1, nil)
	if err == nil || !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "bandit: round 2: bad data: feature 1 of the context is NaN") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Run(context.Background(), nanEnv{}, NeuFastCB(NeuralOptions{LR: -1}), 5, 1, nil); err == nil || !strings.Contains(err.Error(), "learning rate") {
		t.Fatalf("negative LR: %v", err)
	}
	if _, err := Run(context.Background(), nanEnv{}, EpsGreedy(2), 5, 1, nil); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Fatalf("epsilon 2: %v", err)
	}
	if _, err := (Experiment{Env: nanEnv{}, Policies: []Policy{Uniform()}, Rounds: 0}).Run(context.Background()); err == nil {
		t.Fatal("zero rounds accepted")
	}
}

// TestExperimentRecoversPanics: a panicking policy on a worker goroutine
// stops the experiment with an error instead of the process.
func TestExperimentRecoversPanics(t *testing.T) {
	_, err := Experiment{Env: blobs(t, 50, 3, 2, 3), Policies: []Policy{Uniform(), &badPolicy{"panic"}}, Rounds: 10, Workers: 2}.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "bad-panic on episode") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v", err)
	}
}

// A stopped experiment says so, wraps the context's error and keeps the
// runs that finished.
func TestExperimentStops(t *testing.T) {
	env := blobs(t, 200, 3, 4, 1)
	ps := []Policy{Uniform(), NeuFastCB(NeuralOptions{})}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	res, err := Experiment{Env: env, Policies: ps, Seeds: []uint64{1, 2, 3}, Rounds: 1 << 22, Workers: 1}.Run(ctx)
	t.Logf("returned %v after the deadline", time.Since(start)-300*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped (timed out)") {
		t.Fatalf("error %v, want a stop that wraps context.DeadlineExceeded", err)
	}
	if res == nil || !res.Partial {
		t.Fatalf("results %v, want partial results", res)
	}
	if !strings.Contains(res.Table().Caption, "stopped early") {
		t.Errorf("the table does not say the run stopped: %q", res.Table().Caption)
	}
}
