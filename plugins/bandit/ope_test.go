package bandit

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// fixedPolicy plays arm 0 when x[0] > 0, else arm 1: a deterministic target.
type fixedPolicy struct{}

func (fixedPolicy) Name() string                              { return "fixed" }
func (fixedPolicy) Clone() Policy                             { return fixedPolicy{} }
func (fixedPolicy) Start(int, int, uint64) error              { return nil }
func (fixedPolicy) Update(int, []float64, int, float64) error { return nil }
func (fixedPolicy) Choose(t int, x, p []float64) (int, error) {
	a := 1
	if x[0] > 0 {
		a = 0
	}
	oneHot(p, a)
	return a, nil
}

type constModel float64

func (c constModel) Predict([]float64, int) float64 { return float64(c) }
func (constModel) Update([]float64, int, float64)   {}

func TestOPEHandComputed(t *testing.T) {
	// Uniform logging over 2 arms (p = 0.5); the target plays arm 0 on all
	// four contexts. w = 2 on the records of arm 0, 0 elsewhere.
	l := &Log{Arms: 2, Dim: 1, Records: []Record{
		{X: []float64{1}, Arm: 0, Prob: 0.5, Reward: 1},
		{X: []float64{1}, Arm: 1, Prob: 0.5, Reward: 0},
		{X: []float64{1}, Arm: 0, Prob: 0.5, Reward: 0},
		{X: []float64{1}, Arm: 1, Prob: 0.5, Reward: 1},
	}}
	e, err := Evaluate(l.Source(), 2, fixedPolicy{}, constModel(0.5))
	if err != nil {
		t.Fatal(err)
	}
	// IPS = (2·1 + 0 + 2·0 + 0)/4; SNIPS = 2/4; DR terms 1.5, 0.5, −0.5, 0.5.
	if e.N != 4 || e.IPS != 0.5 || e.SNIPS != 0.5 || e.DR != 0.5 || e.MeanWeight != 1 || e.LoggedMeanValue != 0.5 {
		t.Fatalf("%+v", e)
	}
	if want := math.Sqrt((1.5*1.5 + 3*0.25) / 3 / 4); math.Abs(e.IPSSE-want) > 1e-12 {
		t.Fatalf("IPS SE %v, want %v", e.IPSSE, want)
	}
}

// TestOPESynthetic: rewards are Bernoulli with known means, the log comes
// from a non-uniform logging policy, and the target's value is known exactly:
// arm 0 pays 0.8 where x0 > 0 and 0.2 elsewhere, arm 1 pays 0.6, arm 2 0.1;
// the target plays 0 where x0 > 0 and 1 elsewhere: value 0.5·0.8 + 0.5·0.6 = 0.7.
func TestOPESynthetic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	logp := []float64{0.5, 0.3, 0.2}
	l := &Log{Arms: 3, Dim: 2}
	for range 20000 {
		x := []float64{2*r.Float64() - 1, 2*r.Float64() - 1}
		a := Sample(r, logp)
		mean := []float64{0.2, 0.6, 0.1}
		if x[0] > 0 {
			mean[0] = 0.8
		}
		rew := 0.0
		if r.Float64() < mean[a] {
			rew = 1
		}
		l.Records = append(l.Records, Record{X: x, Arm: a, Prob: logp[a], Reward: rew})
	}
	var buf bytes.Buffer
	if err := l.WriteJSONL(&buf); err != nil {
		t.Fatal(err)
	}
	e, err := Evaluate(ReadLog(&buf), 3, fixedPolicy{}, nil) // streamed from JSON lines
	if err != nil {
		t.Fatal(err)
	}
	t.Log(e)
	if e.N != 20000 {
		t.Fatalf("read %d records", e.N)
	}
	for name, v := range map[string][2]float64{"IPS": {e.IPS, e.IPSSE}, "DR": {e.DR, e.DRSE}, "SNIPS": {e.SNIPS, e.IPSSE}} {
		if math.Abs(v[0]-0.7) > 4*v[1] || v[1] > 0.02 {
			t.Errorf("%s = %.4f ± %.4f, true value 0.7", name, v[0], v[1])
		}
	}
	if e.DRSE >= e.IPSSE {
		t.Errorf("DR's error %.4f not below IPS's %.4f: the reward model does not help", e.DRSE, e.IPSSE)
	}
}

func TestOPEBadLog(t *testing.T) {
	for _, c := range []struct {
		rec  Record
		want string
	}{
		{Record{X: []float64{1}, Arm: 0, Prob: 0, Reward: 1}, "propensity 0"},
		{Record{X: []float64{1}, Arm: 5, Prob: 0.5, Reward: 1}, "arm 5 out of range"},
		{Record{X: []float64{math.NaN()}, Arm: 0, Prob: 0.5, Reward: 1}, "feature 0 is NaN"},
		{Record{X: []float64{1}, Arm: 0, Prob: 0.5, Reward: math.Inf(1)}, "reward +Inf"},
	} {
		l := &Log{Records: []Record{c.rec}}
		if _, err := Evaluate(l.Source(), 2, fixedPolicy{}, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.rec, err, c.want)
		}
	}
	if _, err := Evaluate((&Log{}).Source(), 2, fixedPolicy{}, nil); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty log: %v", err)
	}
	if _, err := Evaluate(ReadLog(strings.NewReader("{\"x\":[1],\"arm\":0,\"prob\":0.5,\"reward\":1}\nnot json\n")), 2, fixedPolicy{}, nil); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad JSON: %v", err)
	}
}

// TestOPEOnSimulatedLog: log a uniform policy on a bandit made from data;
// the estimates of a trained policy's value match its true value.
func TestOPEOnSimulatedLog(t *testing.T) {
	env := blobs(t, 3000, 4, 6, 4)
	target := LinSquareCB(10, 0.5)
	if _, err := Run(context.Background(), env, target, 1000, 1, nil); err != nil { // train on episode 1
		t.Fatal(err)
	}
	log := &Log{}
	if _, err := Run(context.Background(), env, Uniform(), 3000, 2, log); err != nil { // log episode 2
		t.Fatal(err)
	}
	truth, err := TrueValue(env, target, 2, 0, 3000)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Evaluate(log.Source(), env.Arms(), target, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("truth %.4f, %v", truth, e)
	if math.Abs(e.IPS-truth) > 4*e.IPSSE || math.Abs(e.DR-truth) > 4*e.DRSE {
		t.Errorf("estimates %v far from the true value %.4f", e, truth)
	}
}
