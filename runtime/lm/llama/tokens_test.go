package llama

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestTokenizerMatchesReferences compares the GGUF's BPE tokenizer with
// HuggingFace tokenizers (and llama.cpp when its ids are there) on every
// sentiment sentence plus Unicode, chat, code and number cases
// (testdata/smollm2_tokens.json, from bench/lm_reference.py).
func TestTokenizerMatchesReferences(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	b, err := os.ReadFile("../testdata/smollm2_tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Texts []string
		IDs   map[string][][]int
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.IDs["tokenizers"]) != len(ref.Texts) || len(ref.Texts) < 3000 {
		t.Fatalf("reference: %d texts, %d tokenizers rows", len(ref.Texts), len(ref.IDs["tokenizers"]))
	}
	for name, rows := range ref.IDs {
		bad := 0
		for i, text := range ref.Texts {
			got := m.Tok.Encode(text)
			if !slices.Equal(got, rows[i]) && !(len(got) == 0 && len(rows[i]) == 0) {
				bad++
				if bad <= 5 {
					t.Errorf("%s, %q:\n got  %v\n want %v", name, text, got, rows[i])
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d texts differ", name, bad, len(ref.Texts))
		} else {
			t.Logf("%s: all %d texts identical", name, len(ref.Texts))
		}
	}
}
