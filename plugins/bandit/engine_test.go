package bandit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/symbols"
)

const imports = `import (
	"errors"
	"fmt"
	"math"

	"github.com/yaknb/yak/plugins/bandit"
)`

// A policy declared in a cell that panics or errs on demand.
const badPolicy = `type bad struct{ how string }

func (b *bad) Name() string                           { return "bad " + b.how }
func (b *bad) Clone() bandit.Policy                   { return &bad{b.how} }
func (b *bad) Start(arms, dim int, seed uint64) error { return nil }
func (b *bad) Choose(t int, x, probs []float64) (int, error) {
	if b.how == "panic" && t == 3 {
		panic("user policy blew up")
	}
	if b.how == "error" {
		return 0, errors.New("user policy says no")
	}
	for a := range probs {
		probs[a] = 1 / float64(len(probs))
	}
	return 0, nil
}
func (b *bad) Update(t int, x []float64, arm int, r float64) error { return nil }

env, _ := bandit.NewClassification("toy", [][]float64{{1, 0}, {0, 1}, {1, 1}}, []int{0, 1, 1}, nil)
var err error`

// TestBadInputThroughEngine: nothing a notebook passes ends the kernel;
// each mistake is an error that names it.
func TestBadInputThroughEngine(t *testing.T) {
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, imports, badPolicy)
	for _, c := range []struct{ name, code, want string }{
		{"empty data", `_, err = bandit.NewClassification("e", nil, nil, nil)`, "bandit"},
		{"wrong shapes", `_, err = bandit.NewClassification("s", [][]float64{{1, 2}, {3}}, []int{0, 1}, nil)`, "bandit"},
		{"labels and rows differ", `_, err = bandit.NewClassification("s", [][]float64{{1, 2}}, []int{0, 1}, nil)`, "bandit"},
		{"NaN", `_, err = bandit.NewClassification("n", [][]float64{{math.NaN(), 1}, {0, 1}}, []int{0, 1}, nil)`, "NaN"},
		{"Inf", `_, err = bandit.NewClassification("n", [][]float64{{math.Inf(1), 1}, {0, 1}}, []int{0, 1}, nil)`, "Inf"},
		{"zero seeds", `_, err = bandit.Experiment{Env: env, Policies: []bandit.Policy{bandit.Uniform()}, Seeds: []uint64{}, Rounds: 10}.Run(ctx)`, "seed"},
		{"zero rounds", `_, err = bandit.Experiment{Env: env, Policies: []bandit.Policy{bandit.Uniform()}, Rounds: 0}.Run(ctx)`, "round"},
		{"nil policy", `_, err = bandit.Experiment{Env: env, Policies: []bandit.Policy{nil}, Rounds: 10}.Run(ctx)`, "nil"},
		{"no env", `_, err = bandit.Experiment{Policies: []bandit.Policy{bandit.Uniform()}, Rounds: 10}.Run(ctx)`, "Env"},
		{"user policy panics", `_, err = bandit.Experiment{Env: env, Policies: []bandit.Policy{bandit.Uniform(), &bad{"panic"}}, Rounds: 50}.Run(ctx)`, "user policy blew up"},
		{"user policy errs", `_, err = bandit.Experiment{Env: env, Policies: []bandit.Policy{&bad{"error"}}, Rounds: 50}.Run(ctx)`, "user policy says no"},
		{"missing file", `_, err = bandit.LoadCSV("no/such/file.csv", "y")`, "no/such/file.csv"},
	} {
		if _, err := s.Exec(context.Background(), c.code); err != nil {
			t.Errorf("%s: the cell failed instead of returning an error: %v", c.name, err)
			continue
		}
		s.Rec = enginetest.Recorder{}
		s.Must(t, `fmt.Println(err)`)
		if out := s.Rec.Out(); !strings.Contains(out, c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, strings.TrimSpace(out), c.want)
		}
	}
	s.Must(t, `fmt.Println("still alive")`)
}

// TestStopThroughEngine presses stop during a long experiment: the cores
// must fall idle. Latencies are logged, not asserted (the machine is shared).
func TestStopThroughEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a long experiment")
	}
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, imports, `env, err := bandit.LoadCSV("../../notebooks/data/shuttle.csv.gz", "Class")
if err != nil {
	panic(err)
}
var res *bandit.Results`)
	returned, idle, err := s.Stop(t, `res, err = bandit.Experiment{Env: env, Rounds: 400000,
	Policies: []bandit.Policy{bandit.NeuFastCB(bandit.NeuralOptions{}), bandit.NeuSquareCB(bandit.NeuralOptions{})}}.Run(ctx)`, time.Second, 10*time.Second)
	t.Logf("stop: the cell returned %v after the cancel; the cores were idle %v after it", returned, idle)
	if err == nil {
		t.Fatal("the stopped cell reported no error")
	}
	if idle >= 10*time.Second {
		t.Fatalf("the cores were still busy %v after stop", idle)
	}
}

// A cell that gives a run a time budget of its own keeps the partial
// results: the run stops, the cell does not.
func TestBudgetedRunKeepsPartialResults(t *testing.T) {
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, `import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/bandit"
)`, `env, _ := bandit.NewClassification("toy", [][]float64{{1, 0}, {0, 1}, {1, 1}}, []int{0, 1, 1}, nil)
budget, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
res, err := bandit.Experiment{Env: env, Rounds: 1 << 26, Seeds: []uint64{1, 2},
	Policies: []bandit.Policy{bandit.Uniform()}}.Run(budget)
cancel()
fmt.Println(res.Partial, errors.Is(err, context.DeadlineExceeded), err != nil && strings.Contains(err.Error(), "stopped (timed out)"))`)
	if got := strings.TrimSpace(s.Rec.Out()); got != "true true true" {
		t.Fatalf("output %q, want partial results and a timed-out error", got)
	}
}
