package claps

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/lm"
	"github.com/yaknb/yak/runtime/lm/store"
)

// CausalScorer on SmolLM2: each label, after a space, is scored as the
// continuation of the input, exactly as lm's ContinuationLogProbs scores it,
// and through the Evaluator each input is one query however many labels.
func TestCausalScorerOnSmolLM2(t *testing.T) {
	m, err := lm.LoadCausal("smollm2-135m-instruct")
	if errors.Is(err, store.ErrNotFetched) {
		t.Skipf("SmolLM2 is not fetched here (%v): `make models` fetches it", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	task := SentimentTask()
	ctx := context.Background()
	inputs := []string{
		task.Input("", "a wonderful, moving film with brilliant acting."),
		task.Input("Review", "a dull, boring mess and a waste of time."),
	}
	s := CausalScorer(m)
	rows, err := s.ScoreBatch(ctx, inputs, task.Labels)
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range inputs {
		want, err := m.ContinuationLogProbs(ctx, []string{in, in}, []string{" negative", " positive"})
		if err != nil {
			t.Fatal(err)
		}
		for j := range want {
			if math.Abs(rows[i][j]-want[j]) > 1e-4 || !(rows[i][j] < 0) {
				t.Errorf("input %d label %d: %v, ContinuationLogProbs gives %v", i, j, rows[i][j], want[j])
			}
		}
	}
	ev, err := NewEvaluator(s, task, EvalOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	set := []Example{{Text: "a wonderful, moving film with brilliant acting.", Label: 1}, {Text: "a dull, boring mess and a waste of time.", Label: 0}}
	if _, err := ev.Evaluate(ctx, []string{"", "", "Review"}, set); err != nil {
		t.Fatal(err)
	}
	if ev.Queries() != 4 || ev.CacheHits() != 2 {
		t.Errorf("%d queries and %d cache hits, want 4 and 2", ev.Queries(), ev.CacheHits())
	}
}

// ModelVocabulary on SmolLM2's byte-level BPE: the words are the tokens that
// start a word after a space ("Ġgreat" -> "great"), with their rows of the
// dequantized embedding table, and nothing else of the 49,152 entries.
func TestModelVocabularyOnSmolLM2(t *testing.T) {
	m, err := lm.LoadCausal("smollm2-135m-instruct")
	if errors.Is(err, store.ErrNotFetched) {
		t.Skipf("SmolLM2 is not fetched here (%v): `make models` fetches it", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	emb, err := ModelVocabulary(m)
	if err != nil {
		t.Fatal(err)
	}
	if emb.Dim != m.Hidden() || emb.Len() < 10000 || emb.Len() >= m.VocabSize()*3/4 {
		t.Errorf("%d words of width %d kept of %d", emb.Len(), emb.Dim, m.VocabSize())
	}
	vocab, table := m.Vocab(), m.Embeddings()
	H := m.Hidden()
	id := map[string]int{}
	for i, w := range vocab {
		id[w] = i
	}
	for _, w := range emb.Words {
		if _, ok := id["\u0120"+w]; !ok {
			t.Fatalf("%q kept, but %q is not in the vocabulary", w, "\u0120"+w)
		}
	}
	for _, w := range []string{"great", "terrible", "movie", "The"} {
		v := emb.Lookup(w)
		if v == nil {
			t.Errorf("%q missing", w)
			continue
		}
		i := id["\u0120"+w]
		for j := range v {
			if v[j] != table[i*H+j] {
				t.Fatalf("%q: value %d is %v, the table's row %d has %v", w, j, v[j], i, table[i*H+j])
			}
		}
	}
	for _, w := range []string{"endoftext", "ectable"} { // a special token's text; a word piece only
		if emb.Lookup(w) != nil {
			t.Errorf("%q kept", w)
		}
	}
}
