package bandit

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/yaknb/yak/display"
)

// Experiment runs every policy on every seed's episode of Env for Rounds
// rounds. Runs are independent (each starts a Clone of its policy with a
// seed derived from the episode's), so results do not depend on Workers or
// on the order runs finish in.
type Experiment struct {
	Env      Environment
	Policies []Policy
	Seeds    []uint64 // episode seeds [1..5]
	Rounds   int
	// Workers is the number of runs at once [the number of CPUs].
	Workers int
	// Progress, when not nil, receives the rounds done over all runs, e.g.
	// display.NewProgress(len(policies)·len(seeds)·rounds, "bandits").
	Progress display.Reporter
	// Log keeps every run's log (context, arm, propensity, reward) in
	// Results.Logs, for off-policy evaluation; it costs a copy of each
	// context.
	Log bool
}

// Run runs the experiment. The first error stops it and is returned.
func (e Experiment) Run() (*Results, error) {
	if e.Env == nil || len(e.Policies) == 0 {
		return nil, errors.New("bandit: Experiment needs an Env and at least one policy")
	}
	if e.Rounds < 1 {
		return nil, fmt.Errorf("bandit: Experiment.Rounds = %d; run at least one round", e.Rounds)
	}
	seeds := e.Seeds
	if len(seeds) == 0 {
		seeds = []uint64{1, 2, 3, 4, 5}
	}
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
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
		res.Policies = append(res.Policies, p.Name())
		res.Traces[i] = make([]*Trace, len(seeds))
		res.Elapsed = append(res.Elapsed, 0)
	}
	type job struct{ p, s int }
	jobs := make(chan job)
	var (
		mu    sync.Mutex
		first error
		done  int
		wg    sync.WaitGroup
	)
	start := time.Now()
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return first != nil }
	for range min(workers, len(e.Policies)*len(seeds)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if failed() {
					continue
				}
				last := 0
				tick := func(n int) {
					if e.Progress != nil {
						mu.Lock()
						done += n - last
						e.Progress.Set(done)
						mu.Unlock()
					}
					last = n
				}
				var lg *Log
				if e.Log {
					lg = &Log{}
				}
				t0 := time.Now()
				tr, err := safeRun(e.Env, e.Policies[j.p], e.Rounds, seeds[j.s], lg, tick)
				mu.Lock()
				if e.Log {
					res.Logs[j.p][j.s] = lg
				}
				if err != nil && first == nil {
					first = err
				}
				res.Traces[j.p][j.s] = tr
				res.Elapsed[j.p] += time.Since(t0)
				mu.Unlock()
			}
		}()
	}
	for p := range e.Policies {
		for s := range seeds {
			jobs <- job{p, s}
		}
	}
	close(jobs)
	wg.Wait()
	res.Wall = time.Since(start)
	if first != nil {
		return nil, first
	}
	return res, nil
}

// safeRun runs a clone of p and turns a panic (a policy or environment
// declared in a notebook, say) into an error: nothing recovers a panic on a
// worker goroutine, and it would end the kernel.
func safeRun(env Environment, p Policy, rounds int, seed uint64, lg *Log, tick func(int)) (tr *Trace, err error) {
	defer func() {
		if r := recover(); r != nil {
			tr, err = nil, fmt.Errorf("bandit: %s on episode %d panicked: %v", p.Name(), seed, r)
		}
	}()
	return run(env, p.Clone(), rounds, seed, lg, tick)
}
