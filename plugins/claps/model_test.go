package claps

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/yaknb/yak/runtime/lm"
	"github.com/yaknb/yak/runtime/lm/store"
)

var (
	bertOnce sync.Once
	bertLM   *lm.MaskedLM
	bertErr  error
)

// loadBERT loads bert-base-uncased once for the package's tests; a model
// that is not fetched skips the test with the reason (`make test` fetches
// it first, so there it runs).
func loadBERT(t testing.TB) *lm.MaskedLM {
	t.Helper()
	bertOnce.Do(func() { bertLM, bertErr = lm.LoadMasked("bert-base-uncased") })
	if errors.Is(bertErr, store.ErrNotFetched) {
		t.Skipf("BERT is not fetched here (%v): `make models` fetches it", bertErr)
	}
	if bertErr != nil {
		t.Fatal(bertErr)
	}
	return bertLM
}

func TestMaskedScorerOnBERT(t *testing.T) {
	m := loadBERT(t)
	s := MaskedScorer(m)
	task := MaskedSentimentTask()
	ctx := context.Background()
	pos := task.Input("", "a wonderful, moving film with brilliant acting.")
	neg := task.Input("", "a dull, boring mess and a waste of time.")
	if pos != "a wonderful, moving film with brilliant acting. It was [MASK]." {
		t.Fatalf("input %q", pos)
	}
	rows, err := s.ScoreBatch(ctx, []string{pos, neg}, task.Labels)
	if err != nil {
		t.Fatal(err)
	}
	// terrible, great
	if !(rows[0][1] > rows[0][0]) || !(rows[1][0] > rows[1][1]) {
		t.Errorf("BERT's label scores %v (positive text) and %v (negative text): want great, then terrible, on top", rows[0], rows[1])
	}
	for _, r := range rows {
		for _, v := range r {
			if !(v < 0) || math.IsInf(v, 0) {
				t.Errorf("score %v is not a log-probability", v)
			}
		}
	}
	// One input alone scores as in a batch (padding masks).
	one, err := s.Score(ctx, neg, task.Labels)
	if err != nil {
		t.Fatal(err)
	}
	for j := range one {
		if math.Abs(one[j]-rows[1][j]) > 1e-3 {
			t.Errorf("label %d: %v alone, %v in a batch", j, one[j], rows[1][j])
		}
	}
	// A label of several word pieces is a clear error.
	if _, err := s.Score(ctx, pos, []string{"terrible", "magnificentness"}); err == nil || !strings.Contains(err.Error(), "not one token") {
		t.Errorf("multi-piece label: %v", err)
	}
}

// Through the Evaluator the model is called in batches, each input is one
// query, and repeated prompts are served by the cache.
func TestEvaluatorBatchesOnBERT(t *testing.T) {
	m := loadBERT(t)
	s := MaskedScorer(m)
	s.Batch = 3
	set := []Example{
		{Text: "an utterly delightful story.", Label: 1}, {Text: "painfully bad and boring.", Label: 0},
		{Text: "the best film of the year.", Label: 1}, {Text: "i hated every minute.", Label: 0},
		{Text: "great fun for everyone.", Label: 1},
	}
	ev, err := NewEvaluator(s, MaskedSentimentTask(), EvalOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	evals, err := ev.Evaluate(context.Background(), []string{"", "movie review", ""}, set)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Queries() != 10 || s.Inputs() != 10 || ev.CacheHits() != 5 {
		t.Errorf("%d queries, %d inputs scored, %d cache hits; want 10, 10, 5", ev.Queries(), s.Inputs(), ev.CacheHits())
	}
	if evals[0] != evals[2] {
		t.Errorf("the same prompt scored %v and %v", evals[0], evals[2])
	}
	if evals[0].Accuracy < 0.8 {
		t.Errorf("BERT gets %v of five plain sentiment sentences with the empty prompt, want at least 0.8", evals[0].Accuracy)
	}
}

func TestModelVocabularyOnBERT(t *testing.T) {
	m := loadBERT(t)
	emb, err := ModelVocabulary(m)
	if err != nil {
		t.Fatal(err)
	}
	if emb.Dim != 768 || emb.Len() < 15000 || emb.Len() >= m.VocabSize() {
		t.Errorf("%d words of width %d kept of %d", emb.Len(), emb.Dim, m.VocabSize())
	}
	for _, w := range emb.Words {
		if strings.HasPrefix(w, "##") || strings.ContainsAny(w, "[]0123456789.,'") {
			t.Fatalf("%q kept", w)
		}
	}
	for _, w := range []string{"great", "terrible", "movie"} {
		if emb.Lookup(w) == nil {
			t.Errorf("%q missing", w)
		}
	}
}

func TestWholeWord(t *testing.T) {
	for _, tc := range []struct {
		marker, token, word string
		ok                  bool
	}{
		{"", "great", "great", true},
		{"", "Great", "Great", true},
		{"", "##ing", "", false},
		{"", "[CLS]", "", false},
		{"", "[unused3]", "", false},
		{"", "1990", "", false},
		{"", "don't", "", false},
		{"", "", "", false},
		{"", "café", "", false},
		{"", "光", "", false},
		{"", "!", "", false},
		// Byte-level BPE: only tokens that start a word after a space.
		{"\u0120", "\u0120great", "great", true},
		{"\u0120", "great", "", false},
		{"\u0120", "\u0120", "", false},
		{"\u0120", "\u01201990", "", false},
		{"\u0120", "\u0120\u0120", "", false},
		{"\u0120", "<|endoftext|>", "", false},
		// SentencePiece, as the reference code filters T5's vocabulary.
		{"\u2581", "\u2581movie", "movie", true},
		{"\u2581", "ing", "", false},
	} {
		w, ok := wholeWord(tc.token, tc.marker)
		if w != tc.word || ok != tc.ok {
			t.Errorf("wholeWord(%q, %q) = %q, %v; want %q, %v", tc.token, tc.marker, w, ok, tc.word, tc.ok)
		}
	}
}

func TestWordMarker(t *testing.T) {
	for _, tc := range []struct {
		vocab []string
		want  string
	}{
		{[]string{"[CLS]", "the", "##s", "great"}, ""},
		{[]string{"<|endoftext|>", "\u0120the", "s", "\u0120great"}, "\u0120"},
		{[]string{"<pad>", "\u2581the", "s", "\u2581great"}, "\u2581"},
		{nil, ""},
	} {
		if got := wordMarker(tc.vocab); got != tc.want {
			t.Errorf("wordMarker(%q) = %q, want %q", tc.vocab, got, tc.want)
		}
	}
}
