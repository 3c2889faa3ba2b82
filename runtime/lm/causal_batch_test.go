package lm

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/lm/internal/lmref"
)

// TestLabelLogProbsBatchedSameBits: the batched path gives every score the
// bits of the one-text-at-a-time path, with texts that share prefixes (and
// one that is a prefix of another), one-, two- and four-token labels, and
// passes small enough that groups span several of them; with the GGUF
// blocks and with bfloat16 weights (what the prompt-search bench runs).
func TestLabelLogProbsBatchedSameBits(t *testing.T) {
	onWeightPaths(t, checkBatchedSameBits)
}

func checkBatchedSameBits(t *testing.T, m *CausalLM) {
	ctx := context.Background()
	texts := []string{
		"good story sad. Sentence: the food was cold and the waiter rude, Sentiment:",
		"good story sad. Sentence: loved every minute, Sentiment:",
		"good story sad. Sentence: loved every minute of it, Sentiment:",
		"Review: dull and far too long. Sentiment:",
		"good story sad. Sentence: ok, Sentiment:",
		"Hi",
		"good story sad. Sentence: loved every minute, Sentiment:", // a duplicate
		"Hello there my dear friend",                               // with the next, a group whose
		"Hello there my dear friend Bob",                           // shared prefix leaves one own token
	}
	labels := []string{" positive", " negative", " not bad at all", " great", " mixed feelings"}
	m.Unbatched = true
	want, err := m.LabelLogProbs(ctx, texts, labels)
	if err != nil {
		t.Fatal(err)
	}
	m.Unbatched = false
	for _, rows := range []int{0, 1, 7, 30} {
		m.BatchRows = rows
		got, err := m.LabelLogProbs(ctx, texts, labels)
		if err != nil {
			t.Fatal(err)
		}
		for i := range texts {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("BatchRows %d, text %d: batched %v, one at a time %v", rows, i, got[i], want[i])
			}
		}
	}
}

// TestLabelLogProbsMatchLlamaCpp: the 20 prompts of testdata/smollm2_next.json
// in one batched call, with the reference's tokens that are labels of
// their own (a token whose text encodes back to it), against llama.cpp's
// log-probabilities: the tolerances of llama.TestNextTokenMatchesLlamaCpp
// (mean |difference| 0.15, each 0.75 nats, over log-probs above -10).
func TestLabelLogProbsMatchLlamaCpp(t *testing.T) {
	m := loadSmol(t)
	defer m.Close()
	prompts, err := lmref.Next("testdata/smollm2_next.json")
	if err != nil {
		t.Fatal(err)
	}
	// The tokens every prompt's reference lists.
	common := map[int]int{}
	for _, p := range prompts {
		for _, id := range p.TokenIDs {
			common[id]++
		}
	}
	var labels []string
	var ids []int
	for id, n := range common {
		w := m.Decode([]int{id})
		if n == len(prompts) && slices.Equal(m.model.Tok.Encode(w), []int{id}) {
			labels, ids = append(labels, w), append(ids, id)
		}
	}
	if len(labels) < 20 {
		t.Fatalf("only %d reference tokens usable as labels", len(labels))
	}
	var texts []string
	for _, p := range prompts {
		if !slices.Equal(m.Encode(p.Prompt), p.IDs) {
			t.Fatalf("%q encodes to %v, llama.cpp's ids %v", p.Prompt, m.Encode(p.Prompt), p.IDs)
		}
		texts = append(texts, p.Prompt)
	}
	got, err := m.LabelLogProbs(context.Background(), texts, labels)
	if err != nil {
		t.Fatal(err)
	}
	worst, sum, n := 0.0, 0.0, 0
	for i, p := range prompts {
		for j, id := range ids {
			k := slices.Index(p.TokenIDs, id)
			if p.LogProbs[k] < -10 {
				continue
			}
			d := math.Abs(got[i][j] - p.LogProbs[k])
			worst, sum, n = max(worst, d), sum+d, n+1
			if d > lmref.LlamaCppMax {
				t.Errorf("%q: log p(%q) = %.4f, llama.cpp %.4f", p.Prompt, labels[j], got[i][j], p.LogProbs[k])
			}
		}
	}
	t.Logf("%d labels, %d log-probs above -10: mean |difference| from llama.cpp %.4f, largest %.4f", len(labels), n, sum/float64(n), worst)
	if n < 40 || sum/float64(n) > lmref.LlamaCppMean {
		t.Errorf("%d log-probs compared, mean |difference| %.4f (want >= 40 within %.2f)", n, sum/float64(n), lmref.LlamaCppMean)
	}
}
