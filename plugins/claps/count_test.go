package claps

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// recorder wraps a scorer as a BatchScorer (the in-process models' path)
// and remembers how often each model input was scored.
type recorder struct {
	inner Scorer
	batch int
	mu    sync.Mutex
	seen  map[string]int
}

func (r *recorder) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	out, err := r.ScoreBatch(ctx, []string{input}, labels)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

func (r *recorder) ScoreBatch(ctx context.Context, inputs, labels []string) ([][]float64, error) {
	out := make([][]float64, len(inputs))
	for i, in := range inputs {
		r.mu.Lock()
		r.seen[in]++
		r.mu.Unlock()
		s, err := r.inner.Score(ctx, in, labels)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (r *recorder) BatchSize() int { return r.batch }

// A pruned greedy search pays exactly what the paper's accounting says and
// nothing more: the empty prompt and every token once on the training set
// (pruning), Length-1 rounds over the kept tokens (round one is the
// pruning's single-token prompts, from its cache), and the best Keep
// prompts once on the validation set. No model input is scored twice,
// whether Run prunes or is handed a pruning measured before.
func TestPrunedGreedyExactQueries(t *testing.T) {
	const n, L = 40, 4
	train := syntheticTrain()
	var val, test []Example
	for i := 0; i < 3; i++ {
		val = append(val, Example{Text: fmt.Sprintf("pos val %d", i), Label: 1}, Example{Text: fmt.Sprintf("neg val %d", i), Label: 0})
		test = append(test, Example{Text: fmt.Sprintf("pos test %d", i), Label: 1}, Example{Text: fmt.Sprintf("neg test %d", i), Label: 0})
	}
	split := Split{Train: train, Val: val, Test: test}
	for _, shared := range []bool{false, true} {
		for _, batch := range []int{1, 7, 256} {
			t.Run(fmt.Sprintf("shared=%v/batch=%d", shared, batch), func(t *testing.T) {
				syn := newSynthetic(n, 3, 17, 8, 30)
				rec := &recorder{inner: syn, batch: batch, seen: map[string]int{}}
				cfg := Config{Scorer: rec, Task: syntheticTask(), Split: split, Tokens: syn.tokens, Strategy: Greedy,
					Prune: true, PruneOptions: PruneOptions{Percentile: 75}, Search: SearchOptions{Length: L}, Eval: EvalOptions{Workers: 2}}
				if shared {
					ev := newTestEvaluator(t, rec, EvalOptions{})
					p, err := Prune(context.Background(), ev, syn.tokens, train, cfg.PruneOptions)
					if err != nil {
						t.Fatal(err)
					}
					cfg.Pruning = p
				}
				out, err := cfg.Run(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				k := int64(len(out.Pruning.Kept))
				m, v := int64(len(train)), int64(len(val))
				keep := min(int64(5), 1+int64(L)*k) // the board holds every prompt greedy tried
				want := (n+1)*m + (L-1)*k*m + keep*v
				if out.Queries != want {
					t.Errorf("%d queries, want (%d+1)x%d pruning + %dx%dx%d rounds 2-%d + %dx%d validation = %d",
						out.Queries, n, m, L-1, k, m, L, keep, v, want)
				}
				var made int64
				for in, c := range rec.seen {
					if c != 1 {
						t.Errorf("input %q scored %d times", in, c)
					}
					made += int64(c)
				}
				if made != want+int64(len(test)) { // the test set's evaluation is free but real
					t.Errorf("the model scored %d inputs, want the %d queries and %d test inputs", made, want, len(test))
				}
			})
		}
	}
}
