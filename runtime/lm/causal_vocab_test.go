package lm

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestCausalEmbeddingsMatchGGUF compares rows of SmolLM2's dequantized
// token embedding table with gguf-py's dequantization of the same Q8_0
// blocks (testdata/smollm2_embd.json, written by bench/claps_smollm2_embd.py):
// a Q8_0 value is a float16 scale times an int8, exact in float32, so the
// rows must be equal to the bit, and the vocabulary entries the same.
func TestCausalEmbeddingsMatchGGUF(t *testing.T) {
	m, err := LoadCausal("smollm2-135m-instruct")
	if err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	defer m.Close()
	b, err := os.ReadFile("testdata/smollm2_embd.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Type          string
		Vocab, Hidden int
		SumAbs        float64 `json:"sum_abs"`
		Rows          []struct {
			ID     int
			Token  string
			Values []float32
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if m.VocabSize() != ref.Vocab || m.Hidden() != ref.Hidden {
		t.Fatalf("table %dx%d, gguf-py %dx%d", m.VocabSize(), m.Hidden(), ref.Vocab, ref.Hidden)
	}
	if got := m.model.EmbeddingType(); got != ref.Type {
		t.Errorf("embedding type %s, gguf-py %s", got, ref.Type)
	}
	table, vocab := m.Embeddings(), m.Vocab()
	if len(table) != ref.Vocab*ref.Hidden || len(vocab) != ref.Vocab {
		t.Fatalf("%d values and %d tokens, want %d and %d", len(table), len(vocab), ref.Vocab*ref.Hidden, ref.Vocab)
	}
	H := ref.Hidden
	for _, r := range ref.Rows {
		if vocab[r.ID] != r.Token {
			t.Errorf("token %d is %q, gguf-py %q", r.ID, vocab[r.ID], r.Token)
		}
		row := table[r.ID*H : (r.ID+1)*H]
		for j, want := range r.Values {
			if row[j] != want {
				t.Fatalf("token %d (%q) value %d: %v, gguf-py %v", r.ID, r.Token, j, row[j], want)
			}
		}
	}
	// The whole table, not only the listed rows: its sum of |values|.
	sum := 0.0
	for _, v := range table {
		sum += math.Abs(float64(v))
	}
	if math.Abs(sum-ref.SumAbs) > 1e-9*ref.SumAbs {
		t.Errorf("sum of |values| %.6f, gguf-py %.6f", sum, ref.SumAbs)
	}
}
