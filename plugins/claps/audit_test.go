package claps

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The audit's findings (issue 15 item 5), one test each.

// A scorer that gives every label the same score knows nothing; counting a
// tie as label 0 would give it 50% on a balanced set.
func TestTieCountsAsWrong(t *testing.T) {
	constant := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		return make([]float64, len(labels)), nil
	})
	ev := newTestEvaluator(t, constant, EvalOptions{})
	e, err := ev.EvaluateOne(context.Background(), "", syntheticTrain())
	if err != nil {
		t.Fatal(err)
	}
	if e.Accuracy != 0 {
		t.Errorf("a constant scorer has accuracy %v, want 0 (ties are wrong)", e.Accuracy)
	}
	for _, c := range []struct {
		scores []float64
		want   int
	}{{[]float64{1, 2}, 1}, {[]float64{2, 1}, 0}, {[]float64{2, 2}, -1}, {[]float64{1, 3, 3}, -1}, {[]float64{3, 1, 3}, -1}, {[]float64{-1}, 0}} {
		if got := predict(c.scores); got != c.want {
			t.Errorf("predict(%v) = %d, want %d", c.scores, got, c.want)
		}
	}
}

func TestNegativeMaxRetriesSendsOnce(t *testing.T) {
	f := &fakeLLM{top: map[string]float64{"positive": -1, "negative": -2}, fail: 1, failStatus: http.StatusBadGateway}
	s, err := NewHTTPScorer(HTTPOptions{BaseURL: startFake(t, f), Mode: ModeTopK, MaxRetries: -1, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Score(context.Background(), "x", labels); err == nil || !strings.Contains(err.Error(), "after 1 attempts") {
		t.Errorf("MaxRetries -1 against a failing server: %v, want giving up after 1 attempt", err)
	}
	if n := f.requests.Load(); n != 1 {
		t.Errorf("MaxRetries -1 sent %d requests, want exactly 1", n)
	}
	if _, err := s.Score(context.Background(), "x", labels); err != nil {
		t.Errorf("second request, server well again: %v", err)
	}
}

// Pruning inside Run with a budget too small to measure every token ends
// with an outcome (Exhausted, within budget), not an error.
func TestRunPruneBudgetStopsCleanly(t *testing.T) {
	s := newSynthetic(20, 3, 17, 8)
	split := Split{Train: syntheticTrain(), Val: syntheticTrain()[:4], Test: syntheticTrain()}
	// 8 training examples: the empty prompt and 9 tokens fit in 80 calls
	// once the validation's 5 x 4 are held back.
	for _, budget := range []int64{4, 100} {
		out, err := Config{Scorer: s, Task: syntheticTask(), Split: split, Tokens: s.tokens,
			Strategy: Greedy, Prune: true, Search: SearchOptions{Length: 3},
			Eval: EvalOptions{Budget: budget}}.Run(context.Background())
		if err != nil {
			t.Fatalf("budget %d: %v", budget, err)
		}
		if !out.Exhausted {
			t.Errorf("budget %d: not marked exhausted", budget)
		}
		if out.Queries > budget {
			t.Errorf("budget %d: %d queries", budget, out.Queries)
		}
		if budget == 100 {
			if out.Pruning == nil || !out.Pruning.Exhausted || len(out.Pruning.Tokens) == 0 || len(out.Pruning.Tokens) >= 20 {
				t.Fatalf("budget %d: pruning %+v, want a partial one", budget, out.Pruning)
			}
			if out.Prompt == "" || !out.Result.Validated {
				t.Errorf("budget %d: prompt %q validated %v: the measured tokens should still be searched and validated", budget, out.Prompt, out.Result.Validated)
			}
		}
	}
}

// A pruning shared between runs is charged to each run's budget, and its
// cached scores spare the pruned search the single-token prompts.
func TestSharedPruningChargedAndReused(t *testing.T) {
	s := newSynthetic(20, 3, 17, 8)
	split := Split{Train: syntheticTrain(), Val: syntheticTrain()[:4], Test: syntheticTrain()}
	ev := newTestEvaluator(t, s, EvalOptions{})
	p, err := Prune(context.Background(), ev, s.tokens, split.Train, PruneOptions{Percentile: 50})
	if err != nil {
		t.Fatal(err)
	}
	if p.Queries != 21*8 {
		t.Fatalf("pruning made %d queries, want 21 x 8", p.Queries)
	}
	cfg := Config{Scorer: s, Task: syntheticTask(), Split: split, Tokens: s.tokens, Strategy: Greedy,
		Prune: true, Pruning: p, Search: SearchOptions{Length: 3}}
	before := s.calls.Load()
	out, err := cfg.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Greedy's first round is the kept tokens alone: all cached. Rounds two
	// and three pay; then validation of up to 5 prompts on 4 examples.
	k := int64(len(p.Kept))
	searchCalls := s.calls.Load() - before - int64(len(split.Test)) // the free test evaluation
	if max := 2*k*8 + 5*4; searchCalls > max {
		t.Errorf("pruned greedy made %d model calls, want at most %d (round one is in the pruning's cache)", searchCalls, max)
	}
	if out.Queries != p.Queries+searchCalls {
		t.Errorf("outcome counts %d queries, want the pruning's %d plus the %d made", out.Queries, p.Queries, searchCalls)
	}
	// With a budget below the pruning's cost, the run stops at once.
	cfg.Eval.Budget = p.Queries - 1
	out, err = cfg.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !out.Exhausted {
		t.Errorf("a budget of %d below the shared pruning's %d queries did not exhaust the run", cfg.Eval.Budget, p.Queries)
	}
	// A budget that pays for the pruning leaves only the rest to the search.
	cfg.Eval.Budget = p.Queries + 5*4 + 8*k/2
	out, err = cfg.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !out.Exhausted || out.Queries > cfg.Eval.Budget {
		t.Errorf("budget %d: exhausted %v, %d queries", cfg.Eval.Budget, out.Exhausted, out.Queries)
	}
}

func TestPruneBudgetPartial(t *testing.T) {
	s := newSynthetic(10, 3)
	ev := newTestEvaluator(t, s, EvalOptions{Budget: 8 * 4})
	p, err := Prune(context.Background(), ev, s.tokens, syntheticTrain(), PruneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Exhausted || len(p.Tokens) != 3 || p.Queries != 32 {
		t.Errorf("pruning under a budget of 32: exhausted %v, %d tokens, %d queries; want true, 3, 32", p.Exhausted, len(p.Tokens), p.Queries)
	}
	ev = newTestEvaluator(t, s, EvalOptions{Budget: 4})
	if _, err := Prune(context.Background(), ev, s.tokens, syntheticTrain(), PruneOptions{}); !errors.Is(err, ErrBudget) {
		t.Errorf("a budget below the empty prompt's cost: %v, want ErrBudget", err)
	}
}
