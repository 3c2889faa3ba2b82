package claps

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/parallel"
)

// Strategy is a prompt search over tokens on the training examples, chosen
// by value as the other plugins' methods are: Greedy, Genetic and Swarm are
// the paper's, and a function of this type declared in a cell works too.
type Strategy func(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error)

// Strategies are the paper's search strategies, in its order.
var Strategies = []Strategy{Greedy, Genetic, Swarm}

// StrategyName is "greedy", "genetic", "swarm" or "random" for the package's
// strategies and "custom" for any other.
func StrategyName(s Strategy) string {
	if s == nil {
		return "<nil>"
	}
	p := reflect.ValueOf(s).Pointer()
	for name, b := range map[string]Strategy{"greedy": Greedy, "genetic": Genetic, "swarm": Swarm, "random": Random} {
		if reflect.ValueOf(b).Pointer() == p {
			return name
		}
	}
	return "custom"
}

// Config is one ClaPS run.
type Config struct {
	Scorer Scorer
	Task   Task // zero means SentimentTask
	Split  Split
	// Tokens is the search space before pruning, usually the cluster
	// representatives.
	Tokens   []string
	Strategy Strategy // claps.Greedy, claps.Genetic, claps.Swarm or one of your own
	// Prune restricts the search to the influential tokens. Pruning may hold
	// a pruning measured before on the same training set, to share it
	// between strategies; its queries and time are still counted in the
	// Outcome, as if it had been measured here.
	Prune        bool
	Pruning      *Pruning
	PruneOptions PruneOptions
	Search       SearchOptions
	Eval         EvalOptions
}

// Outcome is what Run reports.
type Outcome struct {
	Method string // e.g. "ClaPS greedy", "greedy, no pruning"
	Seed   uint64 // the Experiment's seed of this run (zero from Config.Run and Baseline)
	Prompt string
	Space  int // tokens in the search space
	Train  Eval
	Val    Eval
	Test   Eval
	// Queries counts the model calls of pruning, search and validation, and
	// Elapsed their wall time; the test-set evaluation is not included.
	Queries   int64
	Elapsed   time.Duration
	Exhausted bool
	// Floored counts the label scores the scorer had to floor during the
	// search (a label outside a top-k answer; see Floorer).
	Floored int64
	Result  *Result
	Pruning *Pruning
}

func (o *Outcome) String() string {
	ex := ""
	if o.Exhausted {
		ex = " (budget exhausted)"
	}
	val := ""
	if o.Result == nil || o.Result.Validated {
		val = fmt.Sprintf(" val acc %.3f,", o.Val.Accuracy)
	}
	if o.Floored > 0 {
		ex += fmt.Sprintf(" (%d label scores floored)", o.Floored)
	}
	return fmt.Sprintf("%s: %q test acc %.3f%s %d queries, %v%s", o.Method, o.Prompt,
		o.Test.Accuracy, val, o.Queries, o.Elapsed.Round(time.Millisecond), ex)
}

// Run prunes (when asked), searches, selects on the validation set and
// evaluates the chosen prompt on the test set. A done ctx stops it within
// the model calls under way, with an error that wraps ctx.Err().
func (cfg Config) Run(ctx context.Context) (*Outcome, error) {
	ctx = runs.Context(ctx)
	if cfg.Scorer == nil {
		return nil, fmt.Errorf("claps: Config.Scorer is nil; use claps.ScorerFromEnv, an HTTPScorer or a claps.ScorerFunc")
	}
	if len(cfg.Task.Labels) == 0 {
		cfg.Task = SentimentTask()
	}
	search := cfg.Strategy
	if search == nil {
		return nil, fmt.Errorf("claps: Config.Strategy is nil; use claps.Greedy, claps.Genetic or claps.Swarm")
	}
	name := StrategyName(search)
	start := time.Now()
	ev, err := NewEvaluator(cfg.Scorer, cfg.Task, cfg.Eval)
	if err != nil {
		return nil, err
	}
	out := &Outcome{Method: searchMethod(name, false)}
	floored0 := ev.Floored()
	// With a budget, pruning and search leave enough for the validation of
	// the best prompts, so that a budget stop still selects by validation.
	held := func() {
		if b := cfg.Eval.Budget; b > 0 {
			hold := int64(cfg.Search.withDefaults().Keep * len(cfg.Split.Val))
			ev.setBudget(max(b-hold, 0))
		}
	}
	held()
	tokens := cfg.Tokens
	var extra time.Duration
	if cfg.Prune {
		out.Method = searchMethod(name, true)
		p := cfg.Pruning
		if p == nil {
			p, err = Prune(ctx, ev, cfg.Tokens, cfg.Split.Train, cfg.PruneOptions)
			if errors.Is(err, ErrBudget) {
				// Not even the empty prompt could be paid for: nothing was
				// searched, and the outcome says so.
				return cfg.exhausted(ctx, out, ev, start)
			}
			if err != nil {
				return nil, err
			}
		} else {
			// A shared pruning is charged to this run's budget, and its
			// cached scores make the single-token prompts it measured free.
			extra = p.Elapsed
			ev.preload(p)
			held()
		}
		out.Pruning = p
		tokens = p.Kept
	}
	out.Space = len(tokens)
	// Through runtime/parallel, so that a strategy of the notebook's own that
	// panics is an error of the run, as a panicking scorer is.
	var res *Result
	err = parallel.Each(ctx, 1, 1, func(ctx context.Context, _ int) (err error) {
		res, err = search(ctx, ev, tokens, cfg.Split.Train, cfg.Search)
		if err == nil && res == nil {
			err = fmt.Errorf("claps: the %s strategy returned no result and no error", name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(res.Top) == 0 && (res.Exhausted || (out.Pruning != nil && out.Pruning.Exhausted)) {
		return cfg.exhausted(ctx, out, ev, start.Add(-extra))
	}
	ev.setBudget(cfg.Eval.Budget)
	if err := Select(ctx, ev, res, cfg.Split.Val); err != nil {
		return nil, err
	}
	out.Queries = ev.Queries()
	out.Floored = ev.Floored() - floored0
	out.Elapsed = time.Since(start) + extra
	out.Result, out.Exhausted = res, res.Exhausted || (out.Pruning != nil && out.Pruning.Exhausted)
	out.Prompt, out.Train, out.Val = res.Best.Prompt(), res.Best.Train, res.Best.Val
	test, err := evaluateFree(ctx, cfg.Scorer, cfg.Task, cfg.Eval.Workers, out.Prompt, cfg.Split.Test)
	if err != nil {
		return nil, fmt.Errorf("claps: evaluating the chosen prompt on the test set: %w", err)
	}
	out.Test = test
	return out, nil
}

// exhausted finishes a run whose budget ran out before any prompt could be
// searched: it reports the empty prompt with Exhausted set (and its test
// accuracy, which is free, as for every outcome).
func (cfg Config) exhausted(ctx context.Context, out *Outcome, ev *Evaluator, start time.Time) (*Outcome, error) {
	out.Queries = ev.Queries()
	out.Elapsed = time.Since(start)
	out.Exhausted = true
	out.Result = &Result{Strategy: StrategyName(cfg.Strategy), Exhausted: true, Queries: ev.Queries()}
	test, err := evaluateFree(ctx, cfg.Scorer, cfg.Task, cfg.Eval.Workers, "", cfg.Split.Test)
	if err != nil {
		return nil, fmt.Errorf("claps: evaluating the empty prompt on the test set: %w", err)
	}
	out.Test = test
	return out, nil
}

// Baseline evaluates a fixed prompt (the empty prompt, a manual one) the way
// Run reports a searched one; it makes no search queries.
func Baseline(ctx context.Context, s Scorer, task Task, split Split, method, prompt string, workers int) (*Outcome, error) {
	ctx = runs.Context(ctx)
	if len(task.Labels) == 0 {
		task = SentimentTask()
	}
	out := &Outcome{Method: method, Prompt: prompt}
	var err error
	if len(split.Train) > 0 {
		if out.Train, err = evaluateFree(ctx, s, task, workers, prompt, split.Train); err != nil {
			return nil, err
		}
	}
	if len(split.Val) > 0 {
		if out.Val, err = evaluateFree(ctx, s, task, workers, prompt, split.Val); err != nil {
			return nil, err
		}
	}
	if out.Test, err = evaluateFree(ctx, s, task, workers, prompt, split.Test); err != nil {
		return nil, err
	}
	return out, nil
}

// evaluateFree scores a prompt outside any search's accounting.
func evaluateFree(ctx context.Context, s Scorer, task Task, workers int, prompt string, set []Example) (Eval, error) {
	if len(set) == 0 {
		return Eval{}, fmt.Errorf("claps: no examples to evaluate on")
	}
	ev, err := NewEvaluator(s, task, EvalOptions{Workers: workers})
	if err != nil {
		return Eval{}, err
	}
	return ev.EvaluateOne(ctx, prompt, set)
}
