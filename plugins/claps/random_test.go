package claps

import (
	"context"
	"slices"
	"testing"
)

func TestRandomSpendsItsBudget(t *testing.T) {
	s := newSynthetic(20, 3, 17, 8)
	const budget = 1000 // 125 prompts of 8 examples
	ev := newTestEvaluator(t, s, EvalOptions{Budget: budget})
	opts := SearchOptions{Length: 3, Seed: 4, Population: 16}
	res, err := Random(context.Background(), ev, s.tokens, syntheticTrain(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Exhausted || res.Queries > budget || res.Queries < budget-8 {
		t.Errorf("exhausted %v after %d queries; want the budget of %d spent to within one prompt", res.Exhausted, res.Queries, budget)
	}
	if res.Prompts < 100 || len(res.Best.Tokens) != 3 {
		t.Errorf("%d distinct prompts, best %v", res.Prompts, res.Best.Tokens)
	}
	for i := 1; i < len(res.History); i++ {
		if res.History[i] < res.History[i-1] {
			t.Errorf("best reward fell from round %d to %d: %v", i-1, i, res.History)
		}
	}
	// The same seed draws the same prompts.
	again, err := Random(context.Background(), newTestEvaluator(t, newSynthetic(20, 3, 17, 8), EvalOptions{Budget: budget}), s.tokens, syntheticTrain(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(again.Best.Tokens, res.Best.Tokens) || again.Queries != res.Queries {
		t.Errorf("seed 4 twice: %v (%d queries) then %v (%d)", res.Best.Tokens, res.Queries, again.Best.Tokens, again.Queries)
	}
	if got := StrategyName(Random); got != "random" {
		t.Errorf("StrategyName(Random) = %q", got)
	}
}

func TestRandomWithoutBudgetStopsAfterItsRounds(t *testing.T) {
	s := newSynthetic(30, 3, 17, 8)
	ev := newTestEvaluator(t, s, EvalOptions{})
	res, err := Random(context.Background(), ev, s.tokens, syntheticTrain(), SearchOptions{Length: 3, Seed: 1, Population: 10, Generations: 4})
	if err != nil {
		t.Fatal(err)
	}
	if res.Exhausted || len(res.History) != 4 || res.Prompts > 40 || res.Queries != int64(8*res.Prompts) {
		t.Errorf("4 rounds of 10: exhausted %v, history %v, %d prompts, %d queries", res.Exhausted, res.History, res.Prompts, res.Queries)
	}
}
