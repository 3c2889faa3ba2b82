package tokenize

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/yaknb/yak/runtime/lm/store"
)

func bertVocab(t *testing.T) *WordPiece {
	t.Helper()
	dir, _, err := store.Dir("bert-base-uncased")
	if err != nil {
		t.Skipf("skipping: needs the fetched model (%v)", err)
	}
	tok, err := LoadWordPiece(filepath.Join(dir, "vocab.txt"), true)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestWordPieceMatchesTokenizers compares with HuggingFace tokenizers' ids
// for every sentiment sentence and the Unicode edge cases
// (testdata written by bench/lm_reference.py).
func TestWordPieceMatchesTokenizers(t *testing.T) {
	tok := bertVocab(t)
	b, err := os.ReadFile("../testdata/bert_tokens.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Texts []string
		IDs   [][]int
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Texts) < 3000 {
		t.Fatalf("reference has %d texts", len(ref.Texts))
	}
	bad := 0
	for i, text := range ref.Texts {
		got, _ := tok.Encode(text, 0)
		if !reflect.DeepEqual(got, ref.IDs[i]) {
			bad++
			if bad <= 5 {
				t.Errorf("%q:\n got  %v %q\n want %v", text, got, tok.Tokenize(text), ref.IDs[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(ref.Texts))
	}
}

func TestWordPieceTruncates(t *testing.T) {
	tok := bertVocab(t)
	ids, cut := tok.Encode("one two three four five", 4)
	if !cut || len(ids) != 4 || ids[0] != tok.CLS || ids[3] != tok.SEP {
		t.Errorf("Encode(.., 4) = %v, %v", ids, cut)
	}
	if _, cut := tok.Encode("short", 10); cut {
		t.Error("short text reported as cut")
	}
}

func ExampleWordPiece_Tokenize() {
	tok, err := NewWordPiece([]string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "play", "##ing", "cafe", ",", "!"}, true)
	if err != nil {
		panic(err)
	}
	fmt.Println(tok.Tokenize("The CAFÉ, playing [MASK]! xyz"))
	// Output: [the cafe , play ##ing [MASK] ! [UNK]]
}
