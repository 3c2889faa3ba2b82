package lm

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/lm/store"
)

func loadBERT(t *testing.T) *MaskedLM {
	t.Helper()
	if _, _, err := store.Dir("bert-base-uncased"); err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	m, err := LoadMasked("bert-base-uncased")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestIssueReferenceValues checks the log-probabilities the issue states
// (computed there with a numpy forward pass). transformers gives -2.3534
// and -2.9030 where the issue says -2.36 and -2.91 (we agree with
// transformers to 1e-4, see runtime/lm/bert), hence 0.01 here.
func TestIssueReferenceValues(t *testing.T) {
	m := loadBERT(t)
	defer m.Close()
	m.BatchSize = 2 // more than one batch
	ctx := context.Background()
	texts := []string{
		"The capital of France is [MASK].",
		"I loved this film, it was [MASK]!",
		"The acting was awful and the plot made no sense. It was [MASK].",
	}
	top, err := m.FillMask(ctx, texts[:1], 5)
	if err != nil {
		t.Fatal(err)
	}
	if top[0][0].Token != "paris" || math.Abs(top[0][0].LogProb-(-0.88)) > 0.005 {
		t.Errorf("top prediction %v, want paris -0.88", top[0][0])
	}
	lp, err := m.WordLogProbs(ctx, texts[1:], []string{"great", "terrible"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{-2.36, -6.50}, {-5.32, -2.91}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(lp[i][j]-want[i][j]) > 0.01 {
				t.Errorf("text %d word %d: %.4f, want %.2f", i, j, lp[i][j], want[i][j])
			}
		}
	}
}

func TestOrderDoesNotMatter(t *testing.T) {
	m := loadBERT(t)
	defer m.Close()
	ctx := context.Background()
	a := []string{"Short [MASK].", "A much longer sentence that ends in a [MASK] of some kind, surely.", "It was [MASK]."}
	b := []string{a[2], a[0], a[1]}
	la, err := m.WordLogProbs(ctx, a, []string{"good", "bad"})
	if err != nil {
		t.Fatal(err)
	}
	lb, err := m.WordLogProbs(ctx, b, []string{"good", "bad"})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := range []int{2, 0, 1} {
		for w := range la[j] {
			if la[j][w] != lb[i][w] {
				t.Errorf("text %d word %d: %v in one order, %v in another", j, w, la[j][w], lb[i][w])
			}
		}
	}
}

func TestMaskedErrors(t *testing.T) {
	m := loadBERT(t)
	defer m.Close()
	ctx := context.Background()
	if _, err := m.FillMask(ctx, []string{"no mask here"}, 3); !errors.Is(err, ErrNoMask) {
		t.Errorf("text without mask: %v", err)
	}
	if _, err := m.WordLogProbs(ctx, []string{"[MASK]"}, []string{"antidisestablishmentarianism"}); err == nil || !strings.Contains(err.Error(), "splits into") {
		t.Errorf("multi-piece word: %v", err)
	}
	long := strings.Repeat("word ", 600) + "[MASK]"
	if _, err := m.FillMask(ctx, []string{long}, 1); err == nil || !strings.Contains(err.Error(), "MaxLen") {
		t.Errorf("over-long text: %v", err)
	}
	if _, err := LoadMasked("no-such-model"); err == nil || !strings.Contains(err.Error(), "known") {
		t.Errorf("unknown model: %v", err)
	}
}
