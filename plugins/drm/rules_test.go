package drm

import (
	"math"
	"testing"
)

// logitsOf turns probabilities into logits (their logs), so the heads'
// softmax gives them back.
func logitsOf(ps ...float64) []float32 {
	out := make([]float32, len(ps))
	for i, p := range ps {
		out[i] = float32(math.Log(p))
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestHeadSelectionAndWeights(t *testing.T) {
	// Two samples, two classes, three heads: head 0 is unsure of both
	// (entropy ln 2), head 1 is fairly sure of both (p = 0.9: entropy
	// 0.325083), head 2 is sure of the first sample and unsure of the
	// second (p = 0.99, then 0.5).
	p, err := NewProbs([][]float32{
		logitsOf(0.5, 0.5, 0.5, 0.5),
		logitsOf(0.9, 0.1, 0.1, 0.9),
		logitsOf(0.99, 0.01, 0.5, 0.5),
	}, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Mean entropies: head 0 0.693147, head 1 0.325083, head 2
	// (0.056002 + 0.693147) / 2 = 0.374575: head 1 is the lowest.
	if k := p.MinEntropyHead(); k != 1 {
		t.Errorf("MinEntropyHead = %d, want 1", k)
	}
	tests := []struct {
		gamma float64
		w0    []float64 // weights of sample 0 (heads 0, 1, 2)
		ens0  float64   // ensemble probability of class 0 for sample 0
	}{
		// gamma 0: a plain average: (0.5 + 0.9 + 0.99) / 3.
		{0, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.796667},
		// gamma 1: 1/H = 1.442695, 3.076134, 17.856534; sum 22.375363.
		{1, []float64{0.064477, 0.137480, 0.798043}, 0.064477*0.5 + 0.137480*0.9 + 0.798043*0.99},
	}
	for _, tc := range tests {
		w := p.Weights(tc.gamma)
		for k := range 3 {
			if !near(w[k][0], tc.w0[k], 2e-5) {
				t.Errorf("gamma %g: weight of head %d on sample 0 = %.6f, want %.6f", tc.gamma, k, w[k][0], tc.w0[k])
			}
		}
		if e := p.Ensemble(tc.gamma); !near(e[0], tc.ens0, 2e-5) || !near(e[0]+e[1], 1, 1e-9) {
			t.Errorf("gamma %g: ensemble of sample 0 = %v, want class 0 at %.6f", tc.gamma, e[:2], tc.ens0)
		}
	}
	// Sample 1: heads 0 and 2 say 0.5, head 1 says 0.9 for class 1; with a
	// large gamma the ensemble follows head 1.
	if e := p.Ensemble(8); e[3] < 0.85 {
		t.Errorf("gamma 8: ensemble gives class 1 of sample 1 probability %.3f, want it near head 1's 0.9", e[3])
	}
	// A certain head (entropy 0) gets a finite weight that dominates.
	q, _ := NewProbs([][]float32{{0, -200}, {0, 0}}, 1, 2)
	if w := q.Weights(1); math.IsNaN(w[0][0]) || w[0][0] < 0.999 {
		t.Errorf("a certain head's weight = %v, want close to 1", w[0][0])
	}
	if _, err := NewProbs([][]float32{{0, 0, 0}}, 2, 2); err == nil {
		t.Error("3 logits for 2 samples × 2 classes: no error")
	}
}

// TestConfidenceIsNotSoftmaxedTwice pins down the first quirk of the
// authors' code: their confidence was softmax(probabilities), which for
// (0.95, 0.05) is 0.711 and for ten classes never exceeds e/(e+9) ≈ 0.232.
func TestConfidenceIsNotSoftmaxedTwice(t *testing.T) {
	labels, conf := Argmax([]float64{0.95, 0.05, 0.2, 0.8}, 2)
	if labels[0] != 0 || labels[1] != 1 || conf[0] != 0.95 || conf[1] != 0.8 {
		t.Errorf("Argmax = %v, %v; want [0 1], [0.95 0.8]", labels, conf)
	}
	twice := softmaxRows([]float32{0.95, 0.05}, 1, 2)
	if !near(twice[0], 0.710950, 1e-5) {
		t.Errorf("softmax of (0.95, 0.05) = %v", twice)
	}
}

func ln(x float64) float64 { return math.Log(x) }
