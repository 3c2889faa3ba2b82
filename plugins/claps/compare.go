package claps

import (
	"context"
	"errors"
	"fmt"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
)

// Experiment is the experiment of the ClaPS paper's main table: for each
// seed, the empty prompt, a manual prompt, and each search strategy with
// and without pruning.
type Experiment struct {
	Scorer   Scorer
	Task     Task      // zero means SentimentTask
	Examples []Example // split anew for each seed by FewShot
	Shots    int       // training (and validation) examples per class [16]
	Seeds    []uint64  // [1, 2, 3 when nil]
	// Tokens is the unpruned search space, usually the cluster
	// representatives (shared by every seed: they do not depend on the data).
	Tokens []string
	Manual string // the manual prompt; empty leaves its row out
	// Strategies are searched with and without pruning [claps.Strategies:
	// Greedy, Genetic and Swarm].
	Strategies   []Strategy
	PruneOptions PruneOptions
	Search       SearchOptions // Seed is set to each seed in turn
	Eval         EvalOptions
	// Progress advances by one for each run (8 per seed with a manual
	// prompt). Nil shows a bar of its own in a notebook, sized by the run.
	Progress display.Reporter
}

// Results hold every outcome of an Experiment, seed by seed in the order of
// Methods. They render as their table (Table) in a notebook.
type Results struct {
	// Methods are the rows compared, in order: "empty prompt", "manual
	// prompt", then each strategy pruned ("ClaPS greedy") and not ("greedy,
	// no pruning"); a strategy given twice gets a rank ("custom (2)").
	Methods  []string
	Seeds    []uint64
	Outcomes []*Outcome
	// Partial is set when the run was stopped: Outcomes holds the runs that
	// finished.
	Partial bool
}

// Run runs the comparison. Pruning is measured once per seed and counted in
// full in each pruned search's queries, time and budget (Eval.Budget); the
// pruned searches reuse its cached scores. In a notebook pass the
// cell's ctx: a stop ends the model calls under way and returns an error
// that says so with the outcomes that finished (Partial set).
func (e Experiment) Run(ctx context.Context) (*Results, error) {
	ctx = runs.Context(ctx)
	if e.Scorer == nil {
		return nil, errors.New("claps: Experiment.Scorer is nil; use claps.ScorerFromEnv, an HTTPScorer or a claps.ScorerFunc")
	}
	if len(e.Task.Labels) == 0 {
		e.Task = SentimentTask()
	}
	if e.Shots == 0 {
		e.Shots = 16
	}
	if e.Seeds == nil {
		e.Seeds = []uint64{1, 2, 3}
	}
	if len(e.Seeds) == 0 {
		return nil, errors.New("claps: Experiment.Seeds is empty; give at least one seed (nil means 1, 2, 3)")
	}
	if len(e.Tokens) == 0 {
		return nil, errors.New("claps: Experiment.Tokens is empty; give the search space (for example claps.Representatives of the vocabulary)")
	}
	strategies := e.Strategies
	if strategies == nil {
		strategies = Strategies
	}
	for i, st := range strategies {
		if st == nil {
			return nil, fmt.Errorf("claps: Experiment.Strategies[%d] is nil; use claps.Greedy, claps.Genetic or claps.Swarm", i)
		}
	}
	perSeed := 1 + 2*len(strategies)
	if e.Manual != "" {
		perSeed++
	}
	total := perSeed * len(e.Seeds)
	progress, finish := runs.Progress(e.Progress, total, "claps")
	defer finish()
	c := &Results{Seeds: e.Seeds}
	var names []string
	for _, st := range strategies {
		names = append(names, StrategyName(st))
	}
	names = runs.Distinct(names)
	baselines := [][2]string{{"empty prompt", ""}}
	if e.Manual != "" {
		baselines = append(baselines, [2]string{"manual prompt", e.Manual})
	}
	for _, b := range baselines {
		c.Methods = append(c.Methods, b[0])
	}
	for _, prune := range []bool{true, false} {
		for _, n := range names {
			c.Methods = append(c.Methods, searchMethod(n, prune))
		}
	}
	stopped := func(err error) (*Results, error) {
		if runs.IsStop(err) && ctx.Err() != nil {
			c.Partial = true
			return c, runs.Stopped("claps: experiment", ctx.Err(), len(c.Outcomes), total, "runs")
		}
		return nil, err
	}
	add := func(o *Outcome, seed uint64) {
		o.Seed = seed
		c.Outcomes = append(c.Outcomes, o)
		progress.Add(1)
	}
	for _, seed := range e.Seeds {
		split, err := FewShot(e.Examples, e.Shots, seed)
		if err != nil {
			return nil, err
		}
		for _, b := range baselines {
			o, err := Baseline(ctx, e.Scorer, e.Task, split, b[0], b[1], e.Eval.Workers)
			if err != nil {
				return stopped(fmt.Errorf("claps: seed %d, %s: %w", seed, b[0], err))
			}
			add(o, seed)
		}
		ev, err := NewEvaluator(e.Scorer, e.Task, e.Eval)
		if err != nil {
			return nil, err
		}
		pruning, err := Prune(ctx, ev, e.Tokens, split.Train, e.PruneOptions)
		if err != nil {
			return stopped(fmt.Errorf("claps: seed %d, pruning: %w", seed, err))
		}
		search := e.Search
		search.Seed = seed
		for _, prune := range []bool{true, false} {
			for i, st := range strategies {
				o, err := Config{Scorer: e.Scorer, Task: e.Task, Split: split, Tokens: e.Tokens,
					Strategy: st, Prune: prune, Pruning: pruning, PruneOptions: e.PruneOptions,
					Search: search, Eval: e.Eval}.Run(ctx)
				if err != nil {
					return stopped(fmt.Errorf("claps: seed %d, %s: %w", seed, names[i], err))
				}
				o.Method = searchMethod(names[i], prune)
				add(o, seed)
			}
		}
	}
	return c, nil
}

// searchMethod is the row name of a search by the strategy of that name,
// as Config.Run names its Outcome.
func searchMethod(strategy string, prune bool) string {
	if prune {
		return "ClaPS " + strategy
	}
	return strategy + ", no pruning"
}

// Accuracy is the test accuracy of the method of that name ("ClaPS
// greedy", "manual prompt", ...): mean and standard error over the seeds
// that finished. An unknown name gives NaN.
func (c *Results) Accuracy(method string) display.Stat {
	var xs []float64
	for _, o := range c.Outcomes {
		if o.Method == method {
			xs = append(xs, o.Test.Accuracy)
		}
	}
	return display.MeanSE(xs)
}

// Find returns the outcome of the method of that name for the given seed
// (nil if none).
func (c *Results) Find(method string, seed uint64) *Outcome {
	for _, o := range c.Outcomes {
		if o.Method == method && o.Seed == seed {
			return o
		}
	}
	return nil
}
