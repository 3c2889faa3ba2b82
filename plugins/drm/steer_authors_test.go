package drm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAuthorsPseudoByHand: two domain heads and the shared one, two
// classes, two samples. Sample 0: head 0 (½, ½), head 1 (0.9, 0.1), shared
// (½, ½); sample 1 the same with head 0 (0.1, 0.9) and head 1 (½, ½).
// Entropies ln 2 and H(0.9) = 0.325083, weights ∝ 1/H over the three
// heads: 0.242001 for a head at ½, 0.515998 for the sure one. The
// authors' combination leaves the shared head out: 0.242001·½ +
// 0.515998·0.9 = 0.585399 for the sure class and 0.172600 for the other,
// and the second softmax gives a confidence of 1/(1 + e^−0.412799) =
// 0.601759, where the corrected rule (all heads, no second softmax) says
// 0.706399.
func TestAuthorsPseudoByHand(t *testing.T) {
	p, err := NewProbs([][]float32{
		logitsOf(0.5, 0.5, 0.1, 0.9),
		logitsOf(0.9, 0.1, 0.5, 0.5),
		logitsOf(0.5, 0.5, 0.5, 0.5),
	}, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	pred, conf, keep := AuthorsPseudo(p, 1, 0.6)
	if pred[0] != 0 || pred[1] != 1 {
		t.Errorf("labels %v, want [0 1]", pred)
	}
	for i, c := range conf {
		if !near(c, 0.601759, 1e-6) {
			t.Errorf("confidence %d = %.6f, want 0.601759", i, c)
		}
	}
	if len(keep) != 2 {
		t.Errorf("β = 0.6 keeps %v, want both", keep)
	}
	if _, _, keep := AuthorsPseudo(p, 1, 0.61); len(keep) != 0 {
		t.Errorf("β = 0.61 keeps %v, want none", keep)
	}
	_, corrected := Argmax(p.Ensemble(1), 2)
	if !near(corrected[0], 0.706399, 1e-6) {
		t.Errorf("corrected confidence %.6f, want 0.706399", corrected[0])
	}
}

// TestAuthorsThresholdsAllOrNone: with 10 classes the second softmax puts
// every confidence in [1/10, e/(e+9) = 0.231969], so of the authors'
// thresholds 0.1 keeps every sample and 0.25, 0.75 and 1.1 keep none, however
// sure the heads are; with 2 classes the range is [½, 0.731059].
func TestAuthorsThresholdsAllOrNone(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, classes := range []int{10, 2} {
		const n, heads = 200, 4
		ls := make([][]float32, heads)
		for k := range ls {
			ls[k] = make([]float32, n*classes)
			for i := range ls[k] {
				ls[k][i] = float32(8 * r.NormFloat64()) // from sure to unsure
			}
		}
		p, _ := NewProbs(ls, n, classes)
		hi := math.E / (math.E + float64(classes-1))
		_, conf, _ := AuthorsPseudo(p, 1, 0)
		for _, c := range conf {
			if c < 1/float64(classes)-1e-12 || c > hi+1e-12 {
				t.Fatalf("%d classes: confidence %v outside [1/C, e/(e+C−1)]", classes, c)
			}
		}
		for _, beta := range []float64{0.1, 0.25, 0.75, 1.1} {
			_, _, keep := AuthorsPseudo(p, 1, beta)
			want := 0 // β above the largest possible confidence
			if beta <= 1/float64(classes) {
				want = n
			}
			if len(keep) != want {
				t.Errorf("%d classes, β = %v: keeps %d of %d, want %d", classes, beta, len(keep), n, want)
			}
		}
	}
}

// TestAuthorsSteeringMethods: the authors' rows take part in a trained
// DRM model; above 1 the rule never steers and its prediction is the
// authors' combination of the trained heads; at 0.1 it keeps every sample
// and moves the heads.
func TestAuthorsSteeringMethods(t *testing.T) {
	md := toyDomains(3, 200, 4)
	ts := toyTrainSet(md, 2, Config{Steps: 40, Featurizer: MLP(16, 1), SteerLR: 0.05})
	alg := DRM{AuthorsSteering: []float64{0.1, 1.1}}
	if ms := alg.Methods(); len(ms) != 5 || ms[3] != AuthorsSteerName(0.1) || ms[4] != "DRM + steering (authors' code, β=1.1)" {
		t.Fatalf("methods %q", ms)
	}
	model, err := alg.Train(ts, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := model.(*drmModel)
	test := md.Domains[2]
	dim := md.Dim()
	want := predictAll(test, dim, 64, func(x []float32, rows int) []int {
		p, _ := NewProbs(m.n.logits(x, rows), rows, 2)
		y, _, _ := AuthorsPseudo(p, 1, 1.1)
		return y
	})
	got := m.Predict(4, test)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("β = 1.1: sample %d labelled %d, the unsteered authors' combination says %d", i, got[i], want[i])
		}
	}
	before := snapshot(m.n.params())
	st := m.newSteerer()
	predictAll(test, dim, 64, st.stepAuthors(0.1))
	if st.Kept != st.Seen || st.Seen != test.N {
		t.Errorf("β = 0.1 kept %d of %d samples (%d in the domain), want all", st.Kept, st.Seen, test.N)
	}
	if equal(m.n.heads[0].Weight.Data, before[len(m.n.feat.Parameters())]) {
		t.Error("β = 0.1: the heads did not move")
	}
	st.Reset()
	if _, err := (DRM{AuthorsSteering: []float64{-1}}).Train(ts, 1); err == nil {
		t.Error("a negative threshold: no error")
	}
}
