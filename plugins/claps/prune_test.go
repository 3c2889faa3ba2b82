package claps

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 6, 7, 8, 9, 10}
	// numpy.percentile(range(1, 11), q) for q = 0, 50, 90, 100
	for _, c := range []struct{ pct, want float64 }{{0, 1}, {50, 5.5}, {90, 9.1}, {100, 10}} {
		if got := Percentile(xs, c.pct); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Percentile(%v) = %v, want %v", c.pct, got, c.want)
		}
	}
}

func TestPruneByPercentile(t *testing.T) {
	tokens := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	infl := []float64{0.5, -1, 3, 0.1, 2, 0, 9, -2, 1, 4}
	cases := []struct {
		pct  float64
		want []string
	}{
		{90, []string{"g"}},
		{80, []string{"g", "j"}},
		{50, []string{"c", "e", "g", "i", "j"}},
		{0, tokens},
	}
	for _, c := range cases {
		got, th := PruneByPercentile(tokens, infl, c.pct)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("pct %v: kept %v (threshold %v), want %v", c.pct, got, th, c.want)
		}
	}
	// Equal influences: the threshold equals them and every token stays.
	if got, _ := PruneByPercentile([]string{"x", "y"}, []float64{1, 1}, 90); len(got) != 2 {
		t.Errorf("ties: kept %v", got)
	}
}

// steering is a scorer in which "up" makes the model surer of the right
// class, "down" less sure, and "flip" swaps its answers: a large change in
// the class distribution that hurts the reward.
var steering = ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
	prompt, text, ok := strings.Cut(input, "|")
	if !ok {
		prompt, text = "", input
	}
	margin := 0.5
	switch prompt {
	case "up":
		margin = 2
	case "down":
		margin = 0.2
	case "flip":
		margin = -3
	}
	if strings.HasPrefix(text, "pos") {
		return []float64{0, margin}, nil
	}
	return []float64{margin, 0}, nil
})

func TestPrune(t *testing.T) {
	tokens := []string{"flip", "down", "up", "same", "other"}
	train := syntheticTrain()
	cases := []struct {
		kind  InfluenceKind
		order []string
		kept  []string
	}{
		{RewardInfluence, []string{"up", "same", "other", "down", "flip"}, []string{"up"}},
		{KLInfluence, []string{"flip", "up", "down", "same", "other"}, []string{"flip"}},
	}
	for _, c := range cases {
		t.Run(c.kind.String(), func(t *testing.T) {
			ev := newTestEvaluator(t, steering, EvalOptions{Workers: 2})
			p, err := Prune(context.Background(), ev, tokens, train, PruneOptions{Kind: c.kind, Percentile: 80})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Tokens, c.order) || !reflect.DeepEqual(p.Kept, c.kept) {
				t.Errorf("order %v kept %v (influence %v), want %v and %v", p.Tokens, p.Kept, p.Influence, c.order, c.kept)
			}
			if want := int64((1 + len(tokens)) * len(train)); p.Queries != want {
				t.Errorf("%d queries, want %d (empty prompt and each token on %d examples)", p.Queries, want, len(train))
			}
			if p.Influence[2] != 0 && c.kind == RewardInfluence {
				t.Errorf("a neutral token has influence %v", p.Influence[2])
			}
		})
	}
}

func TestPruneErrors(t *testing.T) {
	ev := newTestEvaluator(t, steering, EvalOptions{})
	for _, o := range []PruneOptions{{Percentile: 100}, {Percentile: -1}} {
		if _, err := Prune(context.Background(), ev, []string{"a"}, syntheticTrain(), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := Prune(context.Background(), ev, nil, syntheticTrain(), PruneOptions{}); err == nil {
		t.Error("no tokens: no error")
	}
}

func ExamplePruneByPercentile() {
	tokens := []string{"great", "the", "awful", "of", "movie"}
	influence := []float64{0.30, 0.01, 0.25, -0.02, 0.05}
	kept, threshold := PruneByPercentile(tokens, influence, 60)
	fmt.Println(kept, threshold)
	// Output: [great awful] 0.13
}
