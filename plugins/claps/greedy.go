package claps

import (
	"context"

	"github.com/yaknb/yak/plugins/internal/runs"
)

// Greedy builds a prompt of opts.Length tokens in as many rounds: each round
// tries every token appended to the current prompt and keeps the one with
// the best training reward. It costs Length x len(tokens) prompt evaluations
// instead of len(tokens)^Length for an exhaustive search, and finds the best
// prompt when the reward adds up over the positions.
func Greedy(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error) {
	ctx = runs.Context(ctx)
	r, err := newRun(ctx, "greedy", ev, tokens, train, opts)
	if err != nil {
		return nil, err
	}
	L := r.opts.Length
	var prefix []string
	for round := 0; round < L; round++ {
		prompts := make([][]string, len(tokens))
		for i, t := range tokens {
			p := make([]string, len(prefix)+1)
			copy(p, prefix)
			p[len(prefix)] = t
			prompts[i] = p
		}
		evals, exhausted, err := r.evaluate(prompts)
		if err != nil {
			return nil, err
		}
		if len(evals) > 0 {
			best := 0
			for i, e := range evals {
				if e.Reward > evals[best].Reward {
					best = i
				}
			}
			prefix = prompts[best]
			r.res.History = append(r.res.History, r.bestReward())
		}
		report(r.opts.Progress, round+1, r.bestReward())
		if exhausted {
			break
		}
	}
	return r.finish(), nil
}
