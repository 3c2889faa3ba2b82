package claps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// synthetic is a scorer whose best prompt is known: the reward of a prompt
// falls with the distance, position by position, between its tokens' indices
// and the target's, and every missing position costs the most. It is
// separable and smooth in index space, so greedy, genetic and swarm search
// can all find the target exactly.
type synthetic struct {
	tokens   []string
	index    map[string]int
	target   []int
	calls    atomic.Int64
	inflight atomic.Int64
	peak     atomic.Int64
	mu       sync.Mutex
}

func newSynthetic(n int, target ...int) *synthetic {
	s := &synthetic{index: map[string]int{}, target: target}
	for i := 0; i < n; i++ {
		t := fmt.Sprintf("t%02d", i)
		s.tokens = append(s.tokens, t)
		s.index[t] = i
	}
	return s
}

func syntheticTask() Task {
	return Task{Template: "{prompt}|{text}", Labels: []string{"neg", "pos"}}
}

func (s *synthetic) quality(prompt string) float64 {
	var toks []string
	if prompt != "" {
		toks = strings.Fields(prompt)
	}
	n := float64(len(s.tokens))
	q := 0.0
	for d, t := range s.target {
		if d >= len(toks) {
			q -= n
			continue
		}
		q -= math.Abs(float64(s.index[toks[d]] - t))
	}
	return q
}

func (s *synthetic) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	s.calls.Add(1)
	now := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for {
		p := s.peak.Load()
		if now <= p || s.peak.CompareAndSwap(p, now) {
			break
		}
	}
	prompt, text, ok := strings.Cut(input, "|")
	if !ok {
		prompt, text = "", input
	}
	// The text names its class; the prompt's quality decides how sure the
	// model is of it.
	margin := 1 + s.quality(prompt)/4
	out := make([]float64, 2)
	if strings.HasPrefix(text, "pos") {
		out[1] = margin
	} else {
		out[0] = margin
	}
	return out, nil
}

func syntheticTrain() []Example {
	var ex []Example
	for i := 0; i < 4; i++ {
		ex = append(ex, Example{Text: fmt.Sprintf("pos %d", i), Label: 1}, Example{Text: fmt.Sprintf("neg %d", i), Label: 0})
	}
	return ex
}

func newTestEvaluator(t *testing.T, s Scorer, opts EvalOptions) *Evaluator {
	t.Helper()
	ev, err := NewEvaluator(s, syntheticTask(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

type searchFunc func(context.Context, *Evaluator, []string, []Example, SearchOptions) (*Result, error)

var strategies = []struct {
	name string
	run  searchFunc
	opts SearchOptions
}{
	{"greedy", Greedy, SearchOptions{Length: 3}},
	{"genetic", Genetic, SearchOptions{Length: 3, Seed: 1}},
	{"swarm", Swarm, SearchOptions{Length: 3, Seed: 1}},
}

func TestSearchesFindKnownBest(t *testing.T) {
	target := []int{3, 17, 8}
	const n = 20
	for _, st := range strategies {
		t.Run(st.name, func(t *testing.T) {
			s := newSynthetic(n, target...)
			ev := newTestEvaluator(t, s, EvalOptions{Workers: 4})
			train := syntheticTrain()
			res, err := st.run(context.Background(), ev, s.tokens, train, st.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"t03", "t17", "t08"}
			if !reflect.DeepEqual(res.Best.Tokens, want) {
				t.Fatalf("best prompt %v, want %v (%v)", res.Best.Tokens, want, res)
			}
			if res.Exhausted {
				t.Error("Exhausted without a budget")
			}
			if res.Queries != s.calls.Load() || res.Queries != ev.Queries() {
				t.Errorf("result counts %d queries, evaluator %d, scorer saw %d", res.Queries, ev.Queries(), s.calls.Load())
			}
			exhaustive := int64(math.Pow(n, 3)) * int64(len(train))
			if res.Queries >= exhaustive {
				t.Errorf("%d queries, no fewer than exhaustive search's %d", res.Queries, exhaustive)
			}
			if len(res.History) == 0 || res.History[len(res.History)-1] != res.Best.Train.Reward {
				t.Errorf("history %v does not end at the best reward %v", res.History, res.Best.Train.Reward)
			}
		})
	}
}

func TestGreedyQueryCount(t *testing.T) {
	s := newSynthetic(20, 3, 17, 8)
	ev := newTestEvaluator(t, s, EvalOptions{})
	train := syntheticTrain()
	res, err := Greedy(context.Background(), ev, s.tokens, train, SearchOptions{Length: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Three rounds of 20 prompts on 8 examples, every one a new input.
	if want := int64(3 * 20 * 8); res.Queries != want {
		t.Errorf("greedy made %d queries, want %d", res.Queries, want)
	}
	if exhaustive := int64(20 * 20 * 20 * 8); res.Queries*100 > exhaustive {
		t.Errorf("greedy's %d queries are not far below exhaustive search's %d", res.Queries, exhaustive)
	}
}

func TestSearchDeterministic(t *testing.T) {
	for _, st := range strategies[1:] {
		t.Run(st.name, func(t *testing.T) {
			var got []*Result
			for _, workers := range []int{1, 7} {
				s := newSynthetic(30, 1, 2, 28)
				ev := newTestEvaluator(t, s, EvalOptions{Workers: workers})
				o := st.opts
				o.Generations, o.Epochs = 4, 4
				res, err := st.run(context.Background(), ev, s.tokens, syntheticTrain(), o)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, res)
			}
			a, b := got[0], got[1]
			if !reflect.DeepEqual(a.Top, b.Top) || !reflect.DeepEqual(a.History, b.History) || a.Queries != b.Queries {
				t.Errorf("same seed, different workers, different results:\n%v\n%v", a, b)
			}
		})
	}
}

func TestBudgetStopsCleanly(t *testing.T) {
	for _, st := range strategies {
		t.Run(st.name, func(t *testing.T) {
			s := newSynthetic(20, 3, 17, 8)
			const budget = 300
			ev := newTestEvaluator(t, s, EvalOptions{Budget: budget})
			res, err := st.run(context.Background(), ev, s.tokens, syntheticTrain(), st.opts)
			if err != nil {
				t.Fatalf("a budget stop is not an error: %v", err)
			}
			if !res.Exhausted {
				t.Fatal("Exhausted not set")
			}
			if res.Queries > budget || s.calls.Load() > budget {
				t.Errorf("%d queries (%d calls) over the budget of %d", res.Queries, s.calls.Load(), budget)
			}
			if len(res.Best.Tokens) == 0 || res.Prompts == 0 {
				t.Errorf("no best-so-far prompt: %v", res)
			}
			if ev.Remaining() < 0 || ev.Remaining() > budget {
				t.Errorf("Remaining() = %d", ev.Remaining())
			}
		})
	}
}

func TestCache(t *testing.T) {
	s := newSynthetic(5, 1)
	ev := newTestEvaluator(t, s, EvalOptions{Workers: 3})
	train := syntheticTrain()
	ctx := context.Background()
	prompts := []string{"t01", "t02", "t01", ""}
	first, err := ev.Evaluate(ctx, prompts, train)
	if err != nil {
		t.Fatal(err)
	}
	// "t01" twice in one batch is scored once.
	if got, want := ev.Queries(), int64(3*len(train)); got != want {
		t.Fatalf("%d queries for 3 distinct prompts on %d examples, want %d", got, len(train), want)
	}
	if first[0] != first[2] {
		t.Errorf("the same prompt scored %v and %v", first[0], first[2])
	}
	again, err := ev.Evaluate(ctx, prompts, train)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Queries() != int64(3*len(train)) || s.calls.Load() != ev.Queries() {
		t.Errorf("cached prompts were scored again: %d queries, %d calls", ev.Queries(), s.calls.Load())
	}
	if !reflect.DeepEqual(first, again) {
		t.Errorf("cached evaluation differs: %v vs %v", first, again)
	}
	if want := int64(2*len(prompts)*len(train)) - ev.Queries(); ev.CacheHits() != want {
		t.Errorf("%d cache hits, want %d", ev.CacheHits(), want)
	}
	if first[0].Accuracy != 1 || first[3].Reward >= first[0].Reward {
		t.Errorf("the right token should beat the empty prompt: %v", first)
	}
}

func TestBudgetPrefix(t *testing.T) {
	s := newSynthetic(5, 1)
	train := syntheticTrain()
	ev := newTestEvaluator(t, s, EvalOptions{Budget: int64(2*len(train) + 3)})
	evals, err := ev.Evaluate(context.Background(), []string{"t01", "t02", "t03"}, train)
	if !errors.Is(err, ErrBudget) {
		t.Fatalf("err = %v, want ErrBudget", err)
	}
	if len(evals) != 2 {
		t.Fatalf("%d prompts evaluated, want the 2 the budget pays for", len(evals))
	}
	if ev.Queries() != int64(2*len(train)) || ev.Remaining() != 3 {
		t.Errorf("queries %d remaining %d", ev.Queries(), ev.Remaining())
	}
	// A cached prompt costs nothing, even with the budget spent.
	if _, err := ev.EvaluateOne(context.Background(), "t02", train); err != nil {
		t.Errorf("cached prompt refused: %v", err)
	}
}

func TestWorkersBounded(t *testing.T) {
	s := newSynthetic(40, 1)
	ev := newTestEvaluator(t, s, EvalOptions{Workers: 3})
	if _, err := ev.Evaluate(context.Background(), s.tokens, syntheticTrain()); err != nil {
		t.Fatal(err)
	}
	if p := s.peak.Load(); p > 3 {
		t.Errorf("%d calls in flight, more than the 3 workers", p)
	}
}

func TestScorerErrorStops(t *testing.T) {
	boom := errors.New("model fell over")
	var calls atomic.Int64
	s := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		if calls.Add(1) == 5 {
			return nil, boom
		}
		return []float64{0, 1}, nil
	})
	ev := newTestEvaluator(t, s, EvalOptions{Workers: 2})
	_, err := Greedy(context.Background(), ev, []string{"a", "b", "c"}, syntheticTrain(), SearchOptions{Length: 2})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the scorer's error", err)
	}
}

func TestSelectByValidation(t *testing.T) {
	// Training prefers "good" slightly, but only "ok" is right on the
	// validation set: Select must pick "ok".
	s := ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		prompt, text, _ := strings.Cut(input, "|")
		if !strings.Contains(input, "|") {
			prompt, text = "", input
		}
		y := 0
		if strings.HasPrefix(text, "pos") {
			y = 1
		}
		out := []float64{0, 0}
		switch {
		case prompt == "good" && !strings.Contains(text, "val"):
			out[y] = 2
		case prompt == "ok":
			out[y] = 1
		default:
			out[1-y] = 1
		}
		return out, nil
	})
	ev := newTestEvaluator(t, s, EvalOptions{})
	ctx := context.Background()
	res, err := Greedy(ctx, ev, []string{"good", "ok", "bad"}, syntheticTrain(), SearchOptions{Length: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best.Prompt() != "good" {
		t.Fatalf("training best %q, want good", res.Best.Prompt())
	}
	val := []Example{{Text: "pos val", Label: 1}, {Text: "neg val", Label: 0}}
	if err := Select(ctx, ev, res, val); err != nil {
		t.Fatal(err)
	}
	if res.Best.Prompt() != "ok" || res.Best.Val.Accuracy != 1 {
		t.Errorf("selected %q (val %v), want ok", res.Best.Prompt(), res.Best.Val)
	}
}

func TestCompare(t *testing.T) {
	s := newSynthetic(12, 3, 7)
	var ex []Example
	for i := 0; i < 12; i++ {
		ex = append(ex, Example{Text: fmt.Sprintf("pos %d", i), Label: 1}, Example{Text: fmt.Sprintf("neg %d", i), Label: 0})
	}
	steps := 0
	c, err := Experiment{Scorer: s, Task: syntheticTask(), Examples: ex,
		Shots: 2, Seeds: []uint64{1, 2}, Tokens: s.tokens, Manual: "t03 t07",
		PruneOptions: PruneOptions{Percentile: 50},
		Search:       SearchOptions{Length: 2, Population: 16, Generations: 5, Particles: 16, Epochs: 5},
		Progress:     countSteps{&steps}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	outs := c.Outcomes
	if len(outs) != 16 || steps != 16 {
		t.Fatalf("%d outcomes, %d progress steps, want 8 per seed", len(outs), steps)
	}
	want := []string{"empty prompt", "manual prompt", "ClaPS greedy", "ClaPS genetic", "ClaPS swarm", "greedy, no pruning", "genetic, no pruning", "swarm, no pruning"}
	for i, o := range outs[:8] {
		if o.Method != want[i] {
			t.Errorf("outcome %d is %q, want %q", i, o.Method, want[i])
		}
	}
	// The median keeps half the tokens, and more on ties.
	if outs[2].Space < 6 || outs[2].Space >= 12 || outs[5].Space != 12 {
		t.Errorf("search spaces %d (pruned) and %d, want 6 to 11 and 12", outs[2].Space, outs[5].Space)
	}
	if outs[2].Queries <= outs[2].Pruning.Queries {
		t.Errorf("pruned greedy's %d queries do not include pruning's %d and the search's", outs[2].Queries, outs[2].Pruning.Queries)
	}
	if tab := c.Table(); len(tab.Rows) != 8 {
		t.Errorf("summary has %d rows", len(tab.Rows))
	}
	if !slices.Equal(c.Methods, want) {
		t.Errorf("Methods = %q, want %q", c.Methods, want)
	}
	for i, o := range outs {
		if seed := c.Seeds[i/8]; o.Seed != seed || c.Find(o.Method, seed) != o {
			t.Errorf("outcome %d (%s, seed %d): Find(%q, %d) does not return it", i, o.Method, o.Seed, o.Method, seed)
		}
	}
	if got, want := c.Accuracy("ClaPS swarm").Mean, (outs[4].Test.Accuracy+outs[12].Test.Accuracy)/2; math.Abs(got-want) > 1e-12 {
		t.Errorf("Accuracy(ClaPS swarm) = %v, want the mean of its two runs %v", got, want)
	}
	if a := c.Accuracy("no such method"); !math.IsNaN(a.Mean) {
		t.Errorf("Accuracy of an unknown method = %v, want NaN", a)
	}
}

// A strategy given twice gets a rank in its method names, and its rows
// stay apart.
func TestExperimentRepeatedStrategy(t *testing.T) {
	s := newSynthetic(12, 3, 7)
	var ex []Example
	for i := 0; i < 8; i++ {
		ex = append(ex, Example{Text: fmt.Sprintf("pos %d", i), Label: 1}, Example{Text: fmt.Sprintf("neg %d", i), Label: 0})
	}
	c, err := Experiment{Scorer: s, Task: syntheticTask(), Examples: ex, Shots: 2, Seeds: []uint64{1}, Tokens: s.tokens,
		Strategies: []Strategy{Greedy, Greedy}, PruneOptions: PruneOptions{Percentile: 50},
		Search: SearchOptions{Length: 2}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"empty prompt", "ClaPS greedy", "ClaPS greedy (2)", "greedy, no pruning", "greedy (2), no pruning"}
	if !slices.Equal(c.Methods, want) {
		t.Fatalf("Methods = %q, want %q", c.Methods, want)
	}
	for i, o := range c.Outcomes {
		if o.Method != want[i] {
			t.Errorf("outcome %d is %q, want %q", i, o.Method, want[i])
		}
	}
	if tab := c.Table(); len(tab.Rows) != len(want) {
		t.Errorf("table has %d rows, want %d", len(tab.Rows), len(want))
	}
}

type countSteps struct{ n *int }

func (c countSteps) Add(n int)                    { *c.n += n }
func (c countSteps) Set(done int, metrics ...any) { *c.n = done }

func TestRunBudgetKeepsValidation(t *testing.T) {
	s := newSynthetic(20, 3, 17, 8)
	split := Split{Train: syntheticTrain(), Val: syntheticTrain()[:4], Test: syntheticTrain()}
	const budget = 400
	out, err := Config{Scorer: s, Task: syntheticTask(), Split: split, Tokens: s.tokens,
		Strategy: Genetic, Search: SearchOptions{Length: 3, Seed: 2}, Eval: EvalOptions{Budget: budget}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !out.Exhausted || !out.Result.Validated {
		t.Errorf("exhausted %v, validated %v: a budget stop should still leave room to validate", out.Exhausted, out.Result.Validated)
	}
	if out.Queries > budget {
		t.Errorf("%d queries over the budget of %d", out.Queries, budget)
	}
	if !strings.Contains(out.String(), "val acc") || !strings.Contains(out.String(), "budget exhausted") {
		t.Errorf("String() = %q", out)
	}
}

func TestSearchArgumentErrors(t *testing.T) {
	s := newSynthetic(5, 1)
	ev := newTestEvaluator(t, s, EvalOptions{})
	ctx := context.Background()
	if _, err := Genetic(ctx, ev, s.tokens, syntheticTrain(), SearchOptions{Population: 1}); err == nil {
		t.Error("population 1: no error")
	}
	for _, st := range strategies {
		if _, err := st.run(ctx, ev, nil, syntheticTrain(), st.opts); err == nil {
			t.Errorf("%s without tokens: no error", st.name)
		}
		if _, err := st.run(ctx, ev, s.tokens, nil, st.opts); err == nil {
			t.Errorf("%s without examples: no error", st.name)
		}
	}
	if _, err := (Config{Scorer: s}).Run(ctx); err == nil || !strings.Contains(err.Error(), "claps.Greedy") {
		t.Errorf("unknown strategy: %v", err)
	}
}
