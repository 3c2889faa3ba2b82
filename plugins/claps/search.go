package claps

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
)

func report(r display.Reporter, done int, best float64) {
	if r != nil {
		r.Set(done, "best reward", best)
	}
}

// SearchOptions configures the searches. Zero fields take the defaults of
// the ClaPS paper, given in brackets.
type SearchOptions struct {
	Length int    // tokens per prompt [5]
	Seed   uint64 // all randomness of a search comes from it
	Keep   int    // best prompts (by training reward) kept for validation [5]

	Population  int     // genetic: prompts per generation [128]
	Generations int     // genetic: generations [30]
	Parents     float64 // genetic: fraction of the population kept as parents [0.1]
	Mutation    float64 // genetic: probability that a child's token is redrawn [0.1]

	Particles                int     // swarm: particles [128]
	Epochs                   int     // swarm: epochs [30]
	InertiaStart, InertiaEnd float64 // swarm: inertia weight, linear schedule [0.8 -> 0.2]
	C1Start, C1End           float64 // swarm: pull toward a particle's own best [0.8 -> 0.2]
	C2Start, C2End           float64 // swarm: pull toward the swarm's best [0.2 -> 0.8]

	// Progress, if set, hears of each round, generation or epoch with the
	// best training reward so far (a *display.Progress fits).
	Progress display.Reporter
}

func (o SearchOptions) withDefaults() SearchOptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Length, 5)
	def(&o.Keep, 5)
	def(&o.Population, 128)
	def(&o.Generations, 30)
	deff(&o.Parents, 0.1)
	deff(&o.Mutation, 0.1)
	def(&o.Particles, 128)
	def(&o.Epochs, 30)
	deff(&o.InertiaStart, 0.8)
	deff(&o.InertiaEnd, 0.2)
	deff(&o.C1Start, 0.8)
	deff(&o.C1End, 0.2)
	deff(&o.C2Start, 0.2)
	deff(&o.C2End, 0.8)
	return o
}

// Candidate is a prompt with its scores.
type Candidate struct {
	Tokens []string
	Train  Eval
	Val    Eval // set by Select
}

// Prompt is the candidate's tokens joined by spaces.
func (c Candidate) Prompt() string { return strings.Join(c.Tokens, " ") }

// Result is what a search found.
type Result struct {
	Strategy string
	// Best is the best candidate: by training reward after the search, by
	// validation accuracy after Select.
	Best Candidate
	// Top holds the best Keep prompts by training reward, best first.
	Top []Candidate
	// History is the best training reward after each round, generation or
	// epoch.
	History []float64
	// Prompts is the number of distinct prompts evaluated on the training set.
	Prompts int
	// Queries is the number of model calls the search made (Select adds its
	// own).
	Queries int64
	// Exhausted reports that the query budget stopped the search early:
	// Best is then the best prompt found before it ran out.
	Exhausted bool
	Elapsed   time.Duration
	// Validated reports that Select scored Top on a validation set.
	Validated bool
}

func (r *Result) String() string {
	ex := ""
	if r.Exhausted {
		ex = ", budget exhausted"
	}
	val := ""
	if r.Validated {
		val = fmt.Sprintf(" val acc %.3f", r.Best.Val.Accuracy)
	}
	return fmt.Sprintf("%s: %q reward %.4f train acc %.3f%s, %d prompts, %d queries%s, %v",
		r.Strategy, r.Best.Prompt(), r.Best.Train.Reward, r.Best.Train.Accuracy, val,
		r.Prompts, r.Queries, ex, r.Elapsed.Round(time.Millisecond))
}

// board keeps every evaluated prompt's training score and the best few.
type board struct {
	seen map[string]Candidate
}

func newBoard() *board { return &board{seen: map[string]Candidate{}} }

func (b *board) add(tokens []string, e Eval) {
	key := strings.Join(tokens, " ")
	if _, ok := b.seen[key]; !ok {
		b.seen[key] = Candidate{Tokens: append([]string(nil), tokens...), Train: e}
	}
}

// top returns the best k candidates by reward; ties go to the prompt that
// sorts first, so the order never depends on map iteration.
func (b *board) top(k int) []Candidate {
	all := make([]Candidate, 0, len(b.seen))
	for _, c := range b.seen {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Train.Reward != all[j].Train.Reward {
			return all[i].Train.Reward > all[j].Train.Reward
		}
		return all[i].Prompt() < all[j].Prompt()
	})
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// searchRun holds what every strategy shares.
type searchRun struct {
	ctx    context.Context
	ev     *Evaluator
	train  []Example
	tokens []string
	opts   SearchOptions
	board  *board
	res    *Result
	start  time.Time
	q0     int64
}

func newRun(ctx context.Context, name string, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*searchRun, error) {
	if ev == nil {
		return nil, fmt.Errorf("claps: %s needs an Evaluator (NewEvaluator)", name)
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("claps: %s has no candidate tokens to search", name)
	}
	if len(train) == 0 {
		return nil, fmt.Errorf("claps: %s has no training examples", name)
	}
	return &searchRun{ctx: ctx, ev: ev, train: train, tokens: tokens, opts: opts.withDefaults(),
		board: newBoard(), res: &Result{Strategy: name}, start: time.Now(), q0: ev.Queries()}, nil
}

// evaluate scores prompts given as token lists and records them. A budget
// stop returns the evaluations it could make (a prefix) and exhausted=true;
// other errors end the search.
func (r *searchRun) evaluate(prompts [][]string) (evals []Eval, exhausted bool, err error) {
	strs := make([]string, len(prompts))
	for i, p := range prompts {
		strs[i] = strings.Join(p, " ")
	}
	evals, err = r.ev.Evaluate(r.ctx, strs, r.train)
	for i, e := range evals {
		r.board.add(prompts[i], e)
	}
	if errors.Is(err, ErrBudget) {
		r.res.Exhausted = true
		return evals, true, nil
	}
	return evals, false, err
}

func (r *searchRun) finish() *Result {
	r.res.Top = r.board.top(r.opts.Keep)
	if len(r.res.Top) > 0 {
		r.res.Best = r.res.Top[0]
	}
	r.res.Prompts = len(r.board.seen)
	r.res.Queries = r.ev.Queries() - r.q0
	r.res.Elapsed = time.Since(r.start)
	return r.res
}

func (r *searchRun) bestReward() float64 {
	t := r.board.top(1)
	if len(t) == 0 {
		return 0
	}
	return t[0].Train.Reward
}

// Select evaluates the result's Top prompts on the validation set and makes
// the one with the best validation accuracy Best (ties go to the better
// training reward). Its model calls are added to res.Queries. On a budget
// stop it keeps the prompts it could validate.
func Select(ctx context.Context, ev *Evaluator, res *Result, val []Example) error {
	ctx = runs.Context(ctx)
	if len(res.Top) == 0 {
		return fmt.Errorf("claps: Select: the search evaluated no prompt (budget too small?)")
	}
	q0 := ev.Queries()
	prompts := make([]string, len(res.Top))
	for i, c := range res.Top {
		prompts[i] = c.Prompt()
	}
	evals, err := ev.Evaluate(ctx, prompts, val)
	res.Queries += ev.Queries() - q0
	if err != nil && !errors.Is(err, ErrBudget) {
		return err
	}
	if errors.Is(err, ErrBudget) {
		res.Exhausted = true
	}
	if len(evals) == 0 {
		res.Best = res.Top[0]
		return nil
	}
	res.Validated = true
	best := 0
	for i, e := range evals {
		res.Top[i].Val = e
		if e.Accuracy > evals[best].Accuracy {
			best = i
		}
	}
	res.Best = res.Top[best]
	return nil
}
