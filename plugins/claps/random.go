package claps

import (
	"context"
	"math/rand"

	"github.com/yaknb/yak/plugins/internal/runs"
)

// Random is the random-search baseline of the ClaPS paper's comparison:
// prompts of opts.Length tokens drawn uniformly (with replacement) from
// tokens, opts.Population at a time for opts.Generations rounds, the best
// by training reward kept. Give it the same query budget as the search it
// is compared with (EvalOptions.Budget): it stops cleanly when the budget
// runs out, so the budget, not the round count, sets its size. It is not in
// Strategies, which holds the paper's searches.
func Random(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error) {
	ctx = runs.Context(ctx)
	r, err := newRun(ctx, "random", ev, tokens, train, opts)
	if err != nil {
		return nil, err
	}
	o := r.opts
	rng := rand.New(rand.NewSource(int64(o.Seed)))
	for g := 0; g < o.Generations; g++ {
		batch := make([][]int, o.Population)
		for i := range batch {
			batch[i] = make([]int, o.Length)
			for j := range batch[i] {
				batch[i][j] = rng.Intn(len(tokens))
			}
		}
		evals, exhausted, err := r.evaluate(decodeAll(batch, tokens))
		if err != nil {
			return nil, err
		}
		if len(evals) > 0 {
			r.res.History = append(r.res.History, r.bestReward())
		}
		report(o.Progress, g+1, r.bestReward())
		if exhausted {
			break
		}
	}
	return r.finish(), nil
}
