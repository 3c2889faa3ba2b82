package bandit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/parallel"
)

// Experiment runs every policy on every seed's episode of Env for Rounds
// rounds. Runs are independent (each starts a Clone of its policy with a
// seed derived from the episode's), so results do not depend on Workers or
// on the order runs finish in.
type Experiment struct {
	Env      Environment
	Policies []Policy
	Seeds    []uint64 // episode seeds [1..5 when nil]
	Rounds   int
	// Workers is the number of runs at once [the number of CPUs].
	Workers int
	// Progress receives the rounds done over all runs. Nil shows a bar of
	// its own in a notebook, sized by the run.
	Progress display.Reporter
	// Log keeps every run's log (context, arm, propensity, reward) in
	// Results.Logs, for off-policy evaluation; it costs a copy of each
	// context.
	Log bool
}

// Run runs the experiment. In a notebook pass the cell's ctx, so the stop
// button and `yak run --timeout` end it: the runs under way stop within 256
// rounds, and Run returns an error that says so together with Results that
// hold the runs that finished (Partial is set). The first failing run (a
// policy that errs or panics) stops the others and its error is returned.
func (e Experiment) Run(ctx context.Context) (*Results, error) {
	ctx = runs.Context(ctx)
	if e.Env == nil || len(e.Policies) == 0 {
		return nil, errors.New("bandit: Experiment needs an Env and at least one policy")
	}
	for i, p := range e.Policies {
		if p == nil {
			return nil, fmt.Errorf("bandit: Experiment.Policies[%d] is nil; build policies with bandit.LinUCB(1), bandit.NeuFastCB(...) and the like", i)
		}
	}
	if e.Rounds < 1 {
		return nil, fmt.Errorf("bandit: Experiment.Rounds = %d; run at least one round", e.Rounds)
	}
	seeds := e.Seeds
	if seeds == nil {
		seeds = []uint64{1, 2, 3, 4, 5}
	}
	if len(seeds) == 0 {
		return nil, errors.New("bandit: Experiment.Seeds is empty; give at least one seed (nil means 1..5)")
	}
	res := &Results{Rounds: e.Rounds, Seeds: seeds, Traces: make([][]*Trace, len(e.Policies))}
	if e.Log {
		res.Logs = make([][]*Log, len(e.Policies))
		for i := range res.Logs {
			res.Logs[i] = make([]*Log, len(seeds))
		}
	}
	if s, ok := e.Env.(fmt.Stringer); ok {
		res.Env = s.String()
	}
	for i, p := range e.Policies {
		res.Methods = append(res.Methods, p.Name())
		res.Traces[i] = make([]*Trace, len(seeds))
		res.Elapsed = append(res.Elapsed, 0)
	}
	res.Methods = runs.Distinct(res.Methods)
	total := len(e.Policies) * len(seeds)
	progress, finish := runs.Progress(e.Progress, total*e.Rounds, "bandit")
	defer finish()
	var (
		mu       sync.Mutex
		done     int
		finished int
	)
	start := time.Now()
	err := parallel.Each(ctx, e.Workers, total, func(ctx context.Context, i int) error {
		pi, si := i/len(seeds), i%len(seeds)
		last := 0
		tick := func(n int) {
			mu.Lock()
			done += n - last
			progress.Set(done)
			mu.Unlock()
			last = n
		}
		var lg *Log
		if e.Log {
			lg = &Log{}
		}
		t0 := time.Now()
		tr, err := safeRun(ctx, e.Env, e.Policies[pi], e.Rounds, seeds[si], lg, tick)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if e.Log {
			res.Logs[pi][si] = lg
		}
		res.Traces[pi][si] = tr
		res.Elapsed[pi] += time.Since(t0)
		finished++
		return nil
	})
	res.Wall = time.Since(start)
	if runs.IsStop(err) && ctx.Err() != nil {
		res.Partial = true
		return res, runs.Stopped("bandit: experiment", err, finished, total, "runs")
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// safeRun runs a clone of p and turns a panic (a policy or environment
// declared in a notebook, say) into an error: nothing recovers a panic on a
// worker goroutine, and it would end the kernel.
func safeRun(ctx context.Context, env Environment, p Policy, rounds int, seed uint64, lg *Log, tick func(int)) (tr *Trace, err error) {
	defer func() {
		if r := recover(); r != nil {
			tr, err = nil, fmt.Errorf("bandit: %s on episode %d panicked: %v", p.Name(), seed, r)
		}
	}()
	return run(ctx, env, p.Clone(), rounds, seed, lg, tick)
}
