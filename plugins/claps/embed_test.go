package claps

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Great food!", []string{"great", "food", "!"}},
		{"can't  stand it", []string{"can", "'", "t", "stand", "it"}},
		{"Café 42x", []string{"café", "42x"}},
		{"", nil},
		{"ok\xffgo", []string{"ok", "\ufffd", "go"}}, // invalid UTF-8 becomes U+FFFD
	}
	for _, c := range cases {
		if got := Tokenize(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestReadEmbeddings(t *testing.T) {
	e, err := ReadEmbeddings(strings.NewReader("good 1 0\nbad 0 1\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 2 || e.Dim != 2 || !reflect.DeepEqual(e.Lookup("bad"), []float32{0, 1}) || e.Lookup("ugly") != nil {
		t.Errorf("%+v", e)
	}
	for _, bad := range []string{"good 1 0\nbad 1\n", "good\n", "good 1 x\n", ""} {
		if _, err := ReadEmbeddings(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestCandidates(t *testing.T) {
	e := NewEmbeddings([]string{"the", ",", "a", "42", "don't", "movie", "film"}, make([]float32, 7), 1)
	if got, want := e.Candidates(2), []string{"the", "movie"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Candidates(2) = %v, want %v", got, want)
	}
	if got := e.Candidates(0); len(got) != 3 {
		t.Errorf("Candidates(0) = %v", got)
	}
}

func TestEmbeddingScorer(t *testing.T) {
	e := NewEmbeddings([]string{"good", "bad", "positive", "negative", "food"}, []float32{
		1, 0, 0,
		0, 1, 0,
		1, 0.1, 0,
		0.1, 1, 0,
		0, 0, 1,
	}, 3)
	s := &EmbeddingScorer{Emb: e}
	ctx := context.Background()
	got, err := s.Score(ctx, "Good good food, bad!", []string{"negative", "positive"})
	if err != nil {
		t.Fatal(err)
	}
	if got[1] <= got[0] {
		t.Errorf("scores %v: positive should win", got)
	}
	if _, err := s.Score(ctx, "good", []string{"neutral"}); err == nil {
		t.Error("unknown label: no error")
	}
	// No known word: every label scores 0.
	if got, _ := s.Score(ctx, "zzz", []string{"negative", "positive"}); got[0] != 0 || got[1] != 0 {
		t.Errorf("unknown words: %v", got)
	}
}

// The offline scorer on the shipped data: weak, as the documentation says.
func TestEmbeddingScorerBaseline(t *testing.T) {
	emb, err := LoadEmbeddings("../../notebooks/data/glove-100d-sentiment.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := LoadExamples("../../notebooks/data/imdb.json")
	if err != nil {
		t.Fatal(err)
	}
	acc, err := evaluateFree(context.Background(), &EmbeddingScorer{Emb: emb}, SentimentTask(), 2, "", ex)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Accuracy < 0.5 || acc.Accuracy > 0.62 {
		t.Errorf("empty-prompt accuracy on imdb %.3f, outside the documented weak range", acc.Accuracy)
	}
}

func ExampleEmbeddingScorer() {
	emb := NewEmbeddings([]string{"tasty", "awful", "positive", "negative"}, []float32{
		1, 0,
		0, 1,
		1, 0,
		0, 1,
	}, 2)
	s := &EmbeddingScorer{Emb: emb}
	scores, _ := s.Score(context.Background(), "Tasty, tasty soup.", []string{"negative", "positive"})
	fmt.Printf("%.1f %.1f\n", scores[0], scores[1])
	// Output: 0.0 10.0
}
