package claps

import (
	"context"
	"fmt"

	"github.com/yaknb/yak/display"
)

// CompareConfig is the experiment of the ClaPS paper's main table: for each
// seed, the empty prompt, a manual prompt, and each search strategy with
// and without pruning.
type CompareConfig struct {
	Scorer   Scorer
	Task     Task      // zero means SentimentTask
	Examples []Example // split anew for each seed by FewShot
	Shots    int       // training (and validation) examples per class [16]
	Seeds    []int64   // [1, 2, 3]
	// Tokens is the unpruned search space, usually the cluster
	// representatives (shared by every seed: they do not depend on the data).
	Tokens       []string
	Manual       string // the manual prompt; empty leaves its row out
	PruneOptions PruneOptions
	Search       SearchOptions // Seed is set to each seed in turn
	Eval         EvalOptions
	// Progress, if set, advances by one for each run (8 per seed).
	Progress display.Reporter
}

// Compare runs the comparison and returns every outcome, seed by seed in a
// fixed method order; Summary turns them into the table. Pruning is
// measured once per seed and counted in full in each pruned search's
// queries and time.
func Compare(ctx context.Context, cfg CompareConfig) ([]*Outcome, error) {
	if len(cfg.Task.Labels) == 0 {
		cfg.Task = SentimentTask()
	}
	if cfg.Shots == 0 {
		cfg.Shots = 16
	}
	if len(cfg.Seeds) == 0 {
		cfg.Seeds = []int64{1, 2, 3}
	}
	step := func() {
		if cfg.Progress != nil {
			cfg.Progress.Add(1)
		}
	}
	var outs []*Outcome
	for _, seed := range cfg.Seeds {
		split, err := FewShot(cfg.Examples, cfg.Shots, seed)
		if err != nil {
			return outs, err
		}
		baselines := [][2]string{{"empty prompt", ""}}
		if cfg.Manual != "" {
			baselines = append(baselines, [2]string{"manual prompt", cfg.Manual})
		}
		for _, b := range baselines {
			o, err := Baseline(ctx, cfg.Scorer, cfg.Task, split, b[0], b[1], cfg.Eval.Workers)
			if err != nil {
				return outs, fmt.Errorf("claps: seed %d, %s: %w", seed, b[0], err)
			}
			outs = append(outs, o)
			step()
		}
		ev, err := NewEvaluator(cfg.Scorer, cfg.Task, cfg.Eval)
		if err != nil {
			return outs, err
		}
		pruning, err := Prune(ctx, ev, cfg.Tokens, split.Train, cfg.PruneOptions)
		if err != nil {
			return outs, fmt.Errorf("claps: seed %d, pruning: %w", seed, err)
		}
		search := cfg.Search
		search.Seed = seed
		for _, prune := range []bool{true, false} {
			for _, st := range Strategies {
				o, err := Run(ctx, Config{Scorer: cfg.Scorer, Task: cfg.Task, Split: split, Tokens: cfg.Tokens,
					Strategy: st, Prune: prune, Pruning: pruning, PruneOptions: cfg.PruneOptions,
					Search: search, Eval: cfg.Eval})
				if err != nil {
					return outs, fmt.Errorf("claps: seed %d, %s: %w", seed, st, err)
				}
				outs = append(outs, o)
				step()
			}
		}
	}
	return outs, nil
}
