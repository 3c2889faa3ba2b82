package lm

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/lm/store"
)

func loadSmol(t testing.TB) *CausalLM {
	t.Helper()
	if _, _, err := store.Dir("smollm2-135m-instruct"); err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	m, err := LoadCausal("smollm2-135m-instruct")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLabelsShareTheirText: scoring labels after texts with prefix reuse
// gives the scores of each (text, label) pair computed alone.
func TestLabelsShareTheirText(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ctx := context.Background()
	texts := []string{"Review: great fun, loved it. Sentiment:", "Review: dull and far too long. Sentiment:", "Review: great"}
	labels := []string{" positive", " negative"}
	got, err := m.LabelLogProbs(ctx, texts, labels)
	if err != nil {
		t.Fatal(err)
	}
	for i, tx := range texts {
		for j, l := range labels {
			alone, err := m.ContinuationLogProbs(ctx, []string{tx}, []string{l})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(alone[0]-got[i][j]) > 1e-3 {
				t.Errorf("text %d label %d: %.5f with sharing, %.5f alone", i, j, got[i][j], alone[0])
			}
		}
	}
	if got[0][0] <= got[0][1] || got[1][1] <= got[1][0] {
		t.Errorf("sentiment scores point the wrong way: %v", got)
	}
	top, err := m.NextTokens(ctx, []string{"The capital of France is"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	// -0.26 is llama.cpp's; 8-bit activations give -0.2898 (llama.TestIssueReference).
	if top[0][0].Token != " Paris" || math.Abs(top[0][0].LogProb-(-0.26)) > 0.05 {
		t.Errorf("top next token %v, want \" Paris\" -0.26 ± 0.05", top[0][0])
	}
}

func TestCausalErrors(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	ctx := context.Background()
	if _, err := m.LabelLogProbs(ctx, []string{""}, []string{" a"}); err == nil || !strings.Contains(err.Error(), "empty prompt") {
		t.Errorf("empty text: %v", err)
	}
	if _, err := m.ContinuationLogProbs(ctx, []string{"a"}, nil); err == nil {
		t.Error("mismatched lengths accepted")
	}
	long := strings.Repeat("word ", 9000)
	if _, err := m.NextTokens(ctx, []string{long}, 1); err == nil || !strings.Contains(err.Error(), "context") {
		t.Errorf("over-long prompt: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.Generate(cctx, "Hello", 5, 0, 0); err == nil {
		t.Error("cancelled context ignored")
	}
}
