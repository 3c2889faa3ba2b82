package claps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/parallel"
)

// ErrBudget is returned (wrapped) when the query budget cannot pay for the
// next evaluation. Searches stop cleanly on it and return the best prompt
// found so far with Result.Exhausted set.
var ErrBudget = errors.New("claps: query budget exhausted")

// EvalOptions configures an Evaluator.
type EvalOptions struct {
	// Workers is the number of model calls in flight at once; 0 means 4.
	Workers int
	// Budget is the most model calls (cache misses) the evaluator may make;
	// 0 means no limit.
	Budget int64
}

// Eval is a prompt's score on a set of examples.
type Eval struct {
	Reward   float64 // negative mean cross-entropy under the task's objective
	Accuracy float64 // fraction of examples whose top-scoring label is right (a tie for the top is wrong)
}

// Evaluator scores prompts on example sets through a Scorer, and does the
// query accounting: every model call is counted, the label scores of each
// model input are cached (a prompt and an input are never scored twice),
// calls run concurrently on a bounded number of workers, and a budget caps
// the number of calls.
//
// Results do not depend on the number of workers: each call's answer goes
// to its own slot, and the budget is checked, in prompt order, before any
// call of a batch is made. An Evaluator is safe for concurrent use, though
// two Evaluate calls running at the same time may each score an input that
// neither found in the cache; the searches call it from one goroutine.
type Evaluator struct {
	scorer Scorer
	task   Task
	opts   EvalOptions

	mu       sync.Mutex
	cache    map[string][]float64
	reserved int64 // calls made or under way
	// capped is set when the evaluator has a budget; the budget may then be
	// lowered to zero (Run's hold for validation) without meaning no limit.
	capped bool

	queries atomic.Int64
	hits    atomic.Int64
}

// NewEvaluator returns an evaluator of task on s. It fails when the task is
// incomplete.
func NewEvaluator(s Scorer, task Task, opts EvalOptions) (*Evaluator, error) {
	if s == nil {
		return nil, fmt.Errorf("claps: NewEvaluator needs a Scorer (EmbeddingScorer offline, or NewHTTPScorer)")
	}
	if err := task.validate(); err != nil {
		return nil, err
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	return &Evaluator{scorer: s, task: task, opts: opts, cache: map[string][]float64{}, capped: opts.Budget > 0}, nil
}

// preload takes over a pruning measured by another evaluator on the same
// task and training set: its cached label scores (so a pruned search does
// not pay again for the single-token prompts the pruning scored) and its
// queries, which count as this evaluator's and against its budget.
func (e *Evaluator) preload(p *Pruning) {
	e.mu.Lock()
	for k, v := range p.scores {
		if _, ok := e.cache[k]; !ok {
			e.cache[k] = v
		}
	}
	e.reserved += p.Queries
	e.mu.Unlock()
	e.queries.Add(p.Queries)
}

// snapshot copies the cache (for a Pruning to carry).
func (e *Evaluator) snapshot() map[string][]float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string][]float64, len(e.cache))
	for k, v := range e.cache {
		out[k] = v
	}
	return out
}

// Task returns the evaluator's task.
func (e *Evaluator) Task() Task { return e.task }

// Queries is the number of model calls answered so far. A call that fails
// (a server killed, a timeout, an interrupt) is not counted and its input is
// not cached, so a search resumed on the same Evaluator sends it again and
// counts it once: Queries equals the number of distinct inputs scored.
func (e *Evaluator) Queries() int64 { return e.queries.Load() }

// CacheHits is the number of (prompt, input) scores served from the cache.
func (e *Evaluator) CacheHits() int64 { return e.hits.Load() }

// Remaining is the number of calls the budget still allows, or -1 without
// a budget.
func (e *Evaluator) Remaining() int64 {
	if !e.capped {
		return -1
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opts.Budget - e.reserved
}

// setBudget changes the budget (Run holds back the validation's share
// during the search).
func (e *Evaluator) setBudget(b int64) {
	e.mu.Lock()
	e.opts.Budget = b
	e.mu.Unlock()
}

// Floored is the number of label scores the scorer had to floor (see
// Floorer); 0 for scorers that always see every label.
func (e *Evaluator) Floored() int64 {
	if f, ok := e.scorer.(Floorer); ok {
		return f.Floored()
	}
	return 0
}

// Evaluate scores each prompt on set. When the budget runs out it returns
// the evaluations of the prompts it could pay for (a prefix of prompts) and
// an error wrapping ErrBudget.
func (e *Evaluator) Evaluate(ctx context.Context, prompts []string, set []Example) ([]Eval, error) {
	ctx = runs.Context(ctx)
	scores, err := e.scores(ctx, prompts, set)
	out := make([]Eval, len(scores))
	for i, s := range scores {
		out[i] = e.summarize(s, set)
	}
	return out, err
}

// EvaluateOne scores one prompt on set.
func (e *Evaluator) EvaluateOne(ctx context.Context, prompt string, set []Example) (Eval, error) {
	ctx = runs.Context(ctx)
	ev, err := e.Evaluate(ctx, []string{prompt}, set)
	if len(ev) == 0 {
		return Eval{}, err
	}
	return ev[0], err
}

// Distributions returns, for each example of set, the class distribution
// (softmax of the label scores) under prompt.
func (e *Evaluator) Distributions(ctx context.Context, prompt string, set []Example) ([][]float64, error) {
	ctx = runs.Context(ctx)
	scores, err := e.scores(ctx, []string{prompt}, set)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(set))
	for i, s := range scores[0] {
		out[i] = softmax(s)
	}
	return out, nil
}

func (e *Evaluator) summarize(scores [][]float64, set []Example) Eval {
	var loss float64
	correct := 0
	for i, s := range scores {
		loss += e.task.Objective.loss(s, set[i].Label)
		if predict(s) == set[i].Label {
			correct++
		}
	}
	n := float64(len(set))
	return Eval{Reward: -loss / n, Accuracy: float64(correct) / n}
}

// scores returns the label scores of every example under each prompt it
// could pay for.
func (e *Evaluator) scores(ctx context.Context, prompts []string, set []Example) ([][][]float64, error) {
	for _, ex := range set {
		if ex.Label < 0 || ex.Label >= len(e.task.Labels) {
			return nil, fmt.Errorf("claps: example label %d is outside the task's %d labels %v", ex.Label, len(e.task.Labels), e.task.Labels)
		}
	}
	// Plan: find the inputs the cache lacks, prompt by prompt, and stop at
	// the first prompt the budget cannot pay for.
	inputs := make([][]string, 0, len(prompts))
	var jobs []string
	pending := map[string]bool{}
	var budgetErr error
	e.mu.Lock()
	for _, p := range prompts {
		in := make([]string, len(set))
		var missing []string
		for j, ex := range set {
			in[j] = e.task.Input(p, ex.Text)
			if _, ok := e.cache[in[j]]; !ok && !pending[in[j]] {
				missing = append(missing, in[j])
				pending[in[j]] = true
			}
		}
		if e.capped && e.reserved+int64(len(jobs)+len(missing)) > e.opts.Budget {
			for _, m := range missing {
				delete(pending, m)
			}
			budgetErr = fmt.Errorf("%w: %d of %d model calls used, prompt %q needs %d more", ErrBudget, e.reserved+int64(len(jobs)), e.opts.Budget, p, len(missing))
			break
		}
		jobs = append(jobs, missing...)
		inputs = append(inputs, in)
	}
	e.reserved += int64(len(jobs))
	e.mu.Unlock()

	if err := e.run(ctx, jobs); err != nil {
		return nil, err
	}
	e.hits.Add(int64(len(inputs)*len(set) - len(jobs)))

	out := make([][][]float64, len(inputs))
	e.mu.Lock()
	for i, in := range inputs {
		out[i] = make([][]float64, len(in))
		for j, x := range in {
			out[i][j] = e.cache[x]
		}
	}
	e.mu.Unlock()
	return out, budgetErr
}

// run calls the scorer on every input with bounded concurrency (through
// runtime/parallel, so a notebook scorer that panics is an error, not a
// dead kernel) and caches the answers. The first error cancels the calls
// still waiting.
func (e *Evaluator) run(parent context.Context, jobs []string) error {
	if len(jobs) == 0 {
		return parent.Err()
	}
	results := make([][]float64, len(jobs))
	var err error
	if bs, ok := e.scorer.(BatchScorer); ok {
		// A batch of inputs per call; each input is one query, as the paper
		// counts them.
		size := max(bs.BatchSize(), 1)
		n := (len(jobs) + size - 1) / size
		err = parallel.Each(parent, min(e.opts.Workers, n), n, func(ctx context.Context, b int) error {
			lo, hi := b*size, min((b+1)*size, len(jobs))
			s, err := bs.ScoreBatch(ctx, jobs[lo:hi], e.task.Labels)
			if err != nil {
				return err
			}
			if len(s) != hi-lo {
				return fmt.Errorf("claps: the scorer returned %d rows for a batch of %d inputs", len(s), hi-lo)
			}
			for i, row := range s {
				if err := e.check(row, jobs[lo+i]); err != nil {
					return err
				}
			}
			copy(results[lo:hi], s)
			e.queries.Add(int64(hi - lo))
			return nil
		})
	} else {
		err = parallel.Each(parent, min(e.opts.Workers, len(jobs)), len(jobs), func(ctx context.Context, i int) error {
			s, err := e.call(ctx, jobs[i])
			if err != nil {
				return err
			}
			results[i] = s
			e.queries.Add(1)
			return nil
		})
	}
	unfinished := 0
	e.mu.Lock()
	for i, s := range results {
		if s != nil {
			e.cache[jobs[i]] = s
		} else {
			unfinished++
		}
	}
	// Calls that never ran give their reservation back.
	e.reserved -= int64(unfinished)
	e.mu.Unlock()
	if runs.IsStop(err) && parent.Err() != nil {
		return fmt.Errorf("claps: evaluation interrupted: %w", err)
	}
	return err
}

func (e *Evaluator) call(ctx context.Context, input string) ([]float64, error) {
	s, err := e.scorer.Score(ctx, input, e.task.Labels)
	if err != nil {
		return nil, err
	}
	if err := e.check(s, input); err != nil {
		return nil, err
	}
	return s, nil
}

func (e *Evaluator) check(s []float64, input string) error {
	if len(s) != len(e.task.Labels) {
		return fmt.Errorf("claps: the scorer returned %d scores for %d labels", len(s), len(e.task.Labels))
	}
	for _, v := range s {
		if math.IsNaN(v) || math.IsInf(v, 1) {
			return fmt.Errorf("claps: the scorer returned a non-finite score %v for input %q", v, input)
		}
	}
	return nil
}
