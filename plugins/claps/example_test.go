package claps

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// A scorer of your own: here the model is sure of the right class when the
// prompt says "be fair", and the search finds those words among five.
func ExampleGreedy() {
	model := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		prompt, text, _ := strings.Cut(input, "|")
		margin := 0.0
		if strings.HasPrefix(prompt, "be") {
			margin++
		}
		if strings.HasSuffix(prompt, "be fair") {
			margin++
		}
		if strings.HasPrefix(text, "good") {
			return []float64{0, margin}, nil
		}
		return []float64{margin, 0}, nil
	})
	task := Task{Template: "{prompt}|{text}", Labels: []string{"negative", "positive"}}
	ev, _ := NewEvaluator(model, task, EvalOptions{Workers: 2})
	train := []Example{{"good soup", 1}, {"bad soup", 0}, {"good bread", 1}, {"bad bread", 0}}
	res, _ := Greedy(context.Background(), ev, []string{"fair", "soup", "be", "not", "very"}, train, SearchOptions{Length: 2})
	fmt.Printf("%q, %d model queries (exhaustive: %d)\n", res.Best.Prompt(), res.Queries, 5*5*len(train))
	// Output: "be fair", 40 model queries (exhaustive: 100)
}

// The evaluator caches, so scoring the same prompts again costs no query,
// and refuses work the budget cannot pay for.
func ExampleEvaluator() {
	calls := 0
	model := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		calls++
		return []float64{0, float64(len(input) % 3)}, nil
	})
	ev, _ := NewEvaluator(model, SentimentTask(), EvalOptions{Workers: 1, Budget: 5})
	set := []Example{{"Great.", 1}, {"Awful.", 0}}
	ev.Evaluate(context.Background(), []string{"", "wow"}, set)
	ev.Evaluate(context.Background(), []string{"", "wow"}, set)
	_, err := ev.EvaluateOne(context.Background(), "a much longer prompt", set)
	fmt.Println(calls, ev.Queries(), ev.CacheHits(), ev.Remaining())
	fmt.Println(errors.Is(err, ErrBudget))
	// Output:
	// 4 4 4 1
	// true
}
