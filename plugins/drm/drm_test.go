package drm

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func toyTrainSet(md *MultiDomain, test int, cfg Config) *TrainSet {
	ts := &TrainSet{C: md.C, H: md.H, W: md.W, Classes: md.Classes, Config: cfg.withDefaults()}
	for i, d := range md.Domains {
		if i != test {
			tr, va := split(d, md.Dim(), 0.2, uint64(i))
			ts.Train, ts.Val = append(ts.Train, tr), append(ts.Val, va)
		}
	}
	return ts
}

func headCE(m *drmModel, x []float32, rows int, pseudo []int) float64 {
	z := m.n.features(x, rows)
	p, _ := m.probs(z, rows)
	s := 0.0
	for k := range p.Heads {
		s += -logOf(p.Head(k), pseudo, m.n.classes)
	}
	return s / float64(len(p.Heads))
}

func logOf(probs []float64, y []int, classes int) float64 {
	s := 0.0
	for i, c := range y {
		s += ln(probs[i*classes+c])
	}
	return s / float64(len(y))
}

func TestSteeringStep(t *testing.T) {
	md := toyDomains(3, 200, 4)
	ts := toyTrainSet(md, 2, Config{Steps: 60, Featurizer: MLP(16, 1), Beta: 0.6, SteerLR: 0.05, SteerSteps: 3})
	model, err := DRM{}.Train(ts, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := model.(*drmModel)
	test := md.Domains[2]
	x, rows := test.X[:64*4], 64
	before := snapshot(m.n.params())
	pre := m.ensemble(x, rows)
	_, conf := Argmax(func() []float64 { p, _ := m.probs(m.n.features(x, rows), rows); return p.Ensemble(1) }(), 2)
	var pseudo []int
	var keptX []float32
	for i, c := range conf {
		if c >= 0.6 {
			pseudo = append(pseudo, pre[i])
			keptX = append(keptX, x[i*4:(i+1)*4]...)
		}
	}
	if len(pseudo) == 0 || len(pseudo) == rows {
		t.Fatalf("%d of %d samples pass the threshold: the test needs some on each side", len(pseudo), rows)
	}
	ceBefore := headCE(m, keptX, len(pseudo), pseudo)

	st := m.newSteerer()
	got := st.Step(x, rows)
	for i := range pre {
		if got[i] != pre[i] {
			t.Fatalf("Step returned %v, want the prediction made before the step %v", got, pre)
		}
	}
	if st.Kept != len(pseudo) || st.Seen != rows {
		t.Errorf("kept %d of %d, want %d of %d", st.Kept, st.Seen, len(pseudo), rows)
	}
	if n := st.opt.Steps(); n != 3 {
		t.Errorf("%d Adam steps on one batch, want SteerSteps = 3", n)
	}
	ceAfter := headCE(m, keptX, len(pseudo), pseudo)
	if !(ceAfter < ceBefore) {
		t.Errorf("heads' cross-entropy to the pseudo labels went from %.4f to %.4f; steering should lower it", ceBefore, ceAfter)
	}
	// Only the heads moved.
	fp := len(m.n.feat.Parameters())
	for i, p := range m.n.params() {
		same := equal(p.Data, before[i])
		if i < fp && !same {
			t.Errorf("featurizer parameter %d changed without SteerAll", i)
		}
	}
	if equal(m.n.heads[0].Weight.Data, before[fp]) {
		t.Error("head 0's weights did not move")
	}
	st.Reset()
	for i, p := range m.n.params() {
		if !equal(p.Data, before[i]) {
			t.Fatalf("Reset did not restore parameter %d", i)
		}
	}
	// A threshold nothing passes leaves the model alone.
	m.t.Config.Beta = 1.01
	st = m.newSteerer()
	st.Step(x, rows)
	if st.Kept != 0 || st.opt.Steps() != 0 {
		t.Errorf("beta above 1: kept %d, %d steps", st.Kept, st.opt.Steps())
	}
}

func equal(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestEndToEndAboveChance(t *testing.T) {
	md := toyDomains(3, 200, 5)
	// IRMLambda 1: at DomainBed's 100 the loss is divided by 100 after the
	// anneal steps, which in an 80-step run stops IRM from learning.
	r, err := Experiment{Data: md, Algorithms: []Algorithm{ERM{Tent: true}, CORAL{}, IRM{}, DRM{}},
		Seeds: []uint64{1, 2}, Test: []int{0, 2}, Config: Config{Steps: 80, Featurizer: MLP(16, 1), Batch: 16, IRMLambda: 1}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Methods) != 7 {
		t.Fatalf("methods %v", r.Methods)
	}
	for _, name := range r.Methods {
		if a := r.Average(name).Mean; a < 0.7 {
			t.Errorf("%s: accuracy %.3f on held-out toy domains, chance is 0.5", name, a)
		}
	}
	picks := 0
	for _, row := range r.Picks {
		for _, c := range row {
			picks += c
		}
	}
	// 200 test samples in batches of 64: 4 batches, × 2 domains × 2 seeds.
	if picks != 16 {
		t.Errorf("%d head picks recorded, want 16", picks)
	}
	if r.Picks[0][0] != 0 || r.Picks[1][2] != 0 {
		t.Errorf("a held-out domain's own head was picked: %v", r.Picks)
	}
	if s := r.Table().String(); len(s) == 0 {
		t.Error("empty table")
	}
}

func TestDeterministic(t *testing.T) {
	md := toyDomains(3, 100, 6)
	run := func() float64 {
		r, err := Experiment{Data: md, Algorithms: []Algorithm{DRM{}}, Seeds: []uint64{3}, Test: []int{1},
			Config: Config{Steps: 20, Featurizer: MLP(8, 1)}}.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return r.Acc[r.Method(DRMSteer)][0][0]
	}
	if a, b := run(), run(); a != b {
		t.Errorf("same seed, accuracies %v and %v", a, b)
	}
}

func TestExperimentBadInput(t *testing.T) {
	one := toyDomains(1, 50, 1)
	if _, err := (Experiment{Data: one, Algorithms: []Algorithm{DRM{}}}).Run(context.Background()); !errors.Is(err, ErrData) {
		t.Errorf("one domain: %v", err)
	}
	md := toyDomains(3, 50, 1)
	if _, err := (Experiment{Data: md}).Run(context.Background()); !errors.Is(err, ErrData) {
		t.Errorf("no algorithms: %v", err)
	}
	if _, err := (Experiment{Data: md, Algorithms: []Algorithm{DRM{}}, Test: []int{3}}).Run(context.Background()); !errors.Is(err, ErrData) {
		t.Errorf("test domain out of range: %v", err)
	}
	md.Domains[1] = &Domain{Name: "empty"}
	if _, err := (Experiment{Data: md, Algorithms: []Algorithm{DRM{}}}).Run(context.Background()); !errors.Is(err, ErrData) {
		t.Errorf("empty domain: %v", err)
	}
}

func TestCNNFeaturizer(t *testing.T) {
	ts := &TrainSet{C: 2, H: 8, W: 6, Classes: 2, Config: Config{Featurizer: CNN(4, 12)}.withDefaults()}
	n := newNet(ts, 3, 1)
	x := make([]float32, 5*2*8*6)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	ls := n.logits(x, 5)
	if len(ls) != 3 || len(ls[0]) != 5*2 || n.feat.OutDim() != 12 {
		t.Fatalf("CNN on 5 images of 2×8×6: %d heads, %d logits in head 0, %d features", len(ls), len(ls[0]), n.feat.OutDim())
	}
}

func TestSelfTest(t *testing.T) {
	if err := selfTest(); err != nil {
		t.Fatal(err)
	}
}

// DRM's method names find its methods wherever DRM stands among the
// algorithms (the indices were DRM's own, wrong when ERM came first).
func TestMethodNamesAfterOtherAlgorithms(t *testing.T) {
	md := toyDomains(3, 100, 2)
	r, err := Experiment{Data: md, Algorithms: []Algorithm{ERM{Tent: true}, DRM{}}, Seeds: []uint64{1}, Test: []int{1},
		Config: Config{Steps: 10, Featurizer: MLP(8, 1)}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m := r.Method(DRMEnsemble)
	if m != 3 || r.Methods[m] != "DRM (ensemble)" {
		t.Fatalf("Method(DRMEnsemble) = %d in %v", m, r.Methods)
	}
	if got, want := r.Mean(DRMEnsemble, 0).Mean, r.Acc[m][0][0]; got != want {
		t.Errorf("Mean(DRMEnsemble) = %v, want the ensemble's %v", got, want)
	}
	if s := r.Mean("no such method", 0); !math.IsNaN(s.Mean) {
		t.Errorf("an unknown method gave %v", s)
	}
}

// Two algorithms that report the same method names get distinct ones, so
// that Mean reaches each by its own name.
func TestRepeatedMethodNames(t *testing.T) {
	md := toyDomains(3, 100, 2)
	r, err := Experiment{Data: md, Algorithms: []Algorithm{ERM{}, ERM{Tent: true}}, Seeds: []uint64{1}, Test: []int{1},
		Config: Config{Steps: 10, Featurizer: MLP(8, 1)}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ERM", "ERM (2)", "Tent"}; !slices.Equal(r.Methods, want) {
		t.Fatalf("Methods = %q, want %q", r.Methods, want)
	}
	for m, name := range r.Methods {
		if got, want := r.Mean(name, 0).Mean, r.Acc[m][0][0]; got != want {
			t.Errorf("Mean(%q) = %v, want its own %v", name, got, want)
		}
	}
}

// Config.Progress is no longer overwritten in silence: setting both is an
// error, and Config.Progress alone is used.
func TestProgressNotOverwritten(t *testing.T) {
	md := toyDomains(3, 60, 2)
	var a, b countSteps
	_, err := Experiment{Data: md, Algorithms: []Algorithm{ERM{}}, Seeds: []uint64{1}, Test: []int{0}, Progress: &a,
		Config: Config{Steps: 5, Featurizer: MLP(4, 1), Progress: &b}}.Run(context.Background())
	if !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "both") {
		t.Fatalf("both reporters set: %v", err)
	}
	if _, err := (Experiment{Data: md, Algorithms: []Algorithm{ERM{}}, Seeds: []uint64{1}, Test: []int{0},
		Config: Config{Steps: 5, Featurizer: MLP(4, 1), Progress: &b}}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.n != 5 {
		t.Errorf("Config.Progress saw %d steps, want 5", b.n)
	}
}

type countSteps struct{ n int }

func (c *countSteps) Add(n int)           { c.n += n }
func (c *countSteps) Set(n int, _ ...any) { c.n = n }

// A stopped experiment says so and keeps what finished.
func TestExperimentStops(t *testing.T) {
	md := toyDomains(3, 200, 1)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r, err := Experiment{Data: md, Algorithms: []Algorithm{DRM{}}, Config: Config{Steps: 1 << 24, Featurizer: MLP(16, 1)}}.Run(ctx)
	t.Logf("returned %v after the deadline", time.Since(start)-300*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped (timed out)") {
		t.Fatalf("error %v, want a stop that wraps context.DeadlineExceeded", err)
	}
	if r == nil || !r.Partial || !strings.Contains(r.Table().String(), "method") {
		t.Fatalf("results %v, want partial results with a table", r)
	}
}
