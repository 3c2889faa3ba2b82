package llama

import (
	"context"
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/lm/internal/lmref"
)

// Tolerances for next-token log-probs (lmref says why these): the test also
// wants the same top token on at least 19 of the 20 prompts.
const (
	transformersTolerance = lmref.TransformersTolerance
	llamaCppMean          = lmref.LlamaCppMean
	llamaCppMax           = lmref.LlamaCppMax
)

// TestNextTokenMatchesLlamaCpp compares next-token log-probabilities after
// 20 prompts with llama.cpp's (testdata/smollm2_next.json, written by
// bench/lm_reference.py --llama), and the top token.
func TestNextTokenMatchesLlamaCpp(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	prompts, err := lmref.Next("../testdata/smollm2_next.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(prompts) != 20 {
		t.Fatalf("reference has %d prompts", len(prompts))
	}
	ctx := context.Background()
	worst, sum, n := 0.0, 0.0, 0
	worstT := 0.0
	topSame := 0
	for _, p := range prompts {
		// The default path (8-bit activations in the output layer, as
		// llama.cpp) against llama.cpp, the float32 one against
		// transformers.
		m.F32Activations = false
		lg, err := m.NewSession().Eval(ctx, p.IDs, 1)
		if err != nil {
			t.Fatal(err)
		}
		LogSoftmax(lg)
		m.F32Activations = true
		lgF, err := m.NewSession().Eval(ctx, p.IDs, 1)
		if err != nil {
			t.Fatal(err)
		}
		LogSoftmax(lgF)
		best := 0
		for i := range lg {
			if lg[i] > lg[best] {
				best = i
			}
		}
		if best == p.Top[0] {
			topSame++
		}
		if len(p.LogProbsT) != len(p.TokenIDs) {
			t.Fatalf("%q: no transformers reference: re-run bench/lm_reference.py --llama with gguf and accelerate installed", p.Prompt)
		}
		for j, id := range p.TokenIDs {
			if p.LogProbsT[j] > -10 {
				d := math.Abs(float64(lgF[id]) - p.LogProbsT[j])
				worstT = max(worstT, d)
				if d > transformersTolerance*max(1, math.Abs(p.LogProbsT[j])) {
					t.Errorf("%q: log p(%q) = %.5f, transformers %.5f", p.Prompt, m.Tok.Decode([]int{id}), lgF[id], p.LogProbsT[j])
				}
			}
			if p.LogProbs[j] < -10 {
				continue
			}
			d := math.Abs(float64(lg[id]) - p.LogProbs[j])
			worst, sum, n = max(worst, d), sum+d, n+1
			if d > llamaCppMax {
				t.Errorf("%q: log p(%q) = %.4f, llama.cpp %.4f", p.Prompt, m.Tok.Decode([]int{id}), lg[id], p.LogProbs[j])
			}
		}
	}
	t.Logf("transformers (float32, dequantized GGUF): largest |difference| %.2g", worstT)
	t.Logf("llama.cpp: %d log-probs compared: mean |difference| %.4f, largest %.4f; same top token on %d of 20 prompts", n, sum/float64(n), worst, topSame)
	if sum/float64(n) > llamaCppMean {
		t.Errorf("mean |difference| from llama.cpp %.4f > %.2f", sum/float64(n), llamaCppMean)
	}
	if topSame < 19 {
		t.Errorf("top token differs from llama.cpp's on %d of 20 prompts", 20-topSame)
	}
}
