package llama

import (
	"context"
	"math"
	"strings"
	"testing"
)

// batchCase feeds texts one at a time (each its own Session) and all at once
// (FeedBatch), some of them forked from a session that holds a shared
// prefix, and wants the same bits.
func checkFeedBatch(t *testing.T, m *Model) {
	t.Helper()
	ctx := context.Background()
	prefix := m.Tok.Encode("good story sad. Sentence:")
	texts := []string{
		" the food was cold and the waiter rude, Sentiment:",
		" loved every minute, Sentiment:",
		" ok, Sentiment:",
		" It was the best film I have seen in years, and I will watch it again, Sentiment:",
	}
	var want [][]float32
	for _, tx := range texts {
		s := m.NewSession()
		lg, err := s.Feed(ctx, append(append([]int(nil), prefix...), m.Tok.Encode(tx)...), 2)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, lg)
	}
	// Half the texts forked from a prefix session, half from scratch, in one
	// forward pass with a different number of logits rows each.
	base := m.NewSession()
	if _, err := base.Feed(ctx, prefix, 0); err != nil {
		t.Fatal(err)
	}
	var ss []*Session
	var toks [][]int
	for i, tx := range texts {
		ids := m.Tok.Encode(tx)
		if i%2 == 0 {
			ss = append(ss, base.Fork())
		} else {
			ss = append(ss, m.NewSession())
			ids = append(append([]int(nil), prefix...), ids...)
		}
		toks = append(toks, ids)
	}
	got, err := m.FeedBatch(ctx, ss, toks, []int{2, 2, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	V := m.Vocab
	for i := range texts {
		w := want[i]
		if i == 2 {
			w = w[V:] // one row asked for: the last
		}
		if len(got[i]) != len(w) {
			t.Fatalf("text %d: %d logits, want %d", i, len(got[i]), len(w))
		}
		diff := 0
		worst := 0.0
		for j := range w {
			if got[i][j] != w[j] {
				diff++
				worst = max(worst, math.Abs(float64(got[i][j]-w[j])))
			}
		}
		if diff > 0 {
			t.Errorf("text %d: %d of %d logits differ from Feed alone (largest %.3g)", i, diff, len(w), worst)
		}
		if ss[i].Len() != len(prefix)+len(m.Tok.Encode(texts[i])) {
			t.Errorf("text %d: session holds %d tokens", i, ss[i].Len())
		}
	}
	if base.Len() != len(prefix) {
		t.Errorf("the forked session grew to %d tokens", base.Len())
	}
}

// TestFeedBatchMatchesFeed: a batched forward pass gives each sequence the
// bits of its own forward pass, with the GGUF blocks (8-bit activations)
// and with bfloat16 weights.
func TestFeedBatchMatchesFeed(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	t.Run("blocks", func(t *testing.T) { checkFeedBatch(t, m) })
	bf, err := LoadBF16(m.file.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer bf.Close()
	t.Run("bf16-"+bf.BF16, func(t *testing.T) { checkFeedBatch(t, bf) })
}

func TestFeedBatchErrors(t *testing.T) {
	m := loadModel(t)
	defer m.Close()
	ctx := context.Background()
	s := m.NewSession()
	for _, c := range []struct {
		ss   []*Session
		toks [][]int
		last []int
		want string
	}{
		{[]*Session{s}, [][]int{{1}, {2}}, []int{1}, "token lists"},
		{[]*Session{s, s}, [][]int{{1}, {2}}, []int{1, 1}, "twice"},
		{[]*Session{nil}, [][]int{{1}}, []int{1}, "nil"},
		{[]*Session{s}, [][]int{{}}, []int{1}, "nothing to feed"},
		{[]*Session{s}, [][]int{{m.Vocab}}, []int{1}, "outside the vocabulary"},
	} {
		if _, err := m.FeedBatch(ctx, c.ss, c.toks, c.last); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.toks, err, c.want)
		}
	}
	if s.Len() != 0 {
		t.Errorf("failed calls left %d tokens in the session", s.Len())
	}
}
