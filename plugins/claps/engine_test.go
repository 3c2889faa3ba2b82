package claps_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/symbols"
)

const setup = `import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/yaknb/yak/plugins/claps"
)

var examples []claps.Example
for i := 0; i < 20; i++ {
	examples = append(examples, claps.Example{Text: fmt.Sprint("good film ", i), Label: 1}, claps.Example{Text: fmt.Sprint("bad film ", i), Label: 0})
}
split, _ := claps.FewShot(examples, 4, 1)

// scorer misbehaves on demand, as a notebook's ScorerFunc might.
func scorer(how string) claps.Scorer {
	return claps.ScorerFunc(func(ctx context.Context, input string, labels []string) ([]float64, error) {
		switch how {
		case "panic":
			panic("user scorer blew up")
		case "error":
			return nil, errors.New("user scorer says no")
		case "nan":
			return []float64{math.NaN(), 0}, nil
		case "short":
			return []float64{1}, nil
		}
		if strings.Contains(input, "good") {
			return []float64{0, 1}, nil
		}
		return []float64{1, 0}, nil
	})
}

var err error`

// TestBadInputThroughEngine: nothing a notebook passes ends the kernel.
func TestBadInputThroughEngine(t *testing.T) {
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, `import "context"`, setup)
	run := func(how string) string {
		return `_, err = claps.Config{Scorer: scorer("` + how + `"), Split: split, Tokens: []string{"a", "b", "c"}, Strategy: claps.Greedy,
	Search: claps.SearchOptions{Length: 1}}.Run(ctx)`
	}
	for _, c := range []struct{ name, code, want string }{
		{"empty data", `_, err = claps.FewShot(nil, 4, 1)`, "claps"},
		{"too few examples", `_, err = claps.FewShot(examples[:3], 4, 1)`, "fewer"},
		{"no scorer", `_, err = claps.Config{Split: split, Tokens: []string{"a"}, Strategy: claps.Greedy}.Run(ctx)`, "Scorer is nil"},
		{"no tokens", `_, err = claps.Experiment{Scorer: scorer("ok"), Examples: examples, Shots: 4}.Run(ctx)`, "Tokens is empty"},
		{"zero seeds", `_, err = claps.Experiment{Scorer: scorer("ok"), Examples: examples, Shots: 4, Tokens: []string{"a"}, Seeds: []uint64{}}.Run(ctx)`, "seed"},
		{"no strategy", `_, err = claps.Config{Scorer: scorer("ok"), Split: split, Tokens: []string{"a"}}.Run(ctx)`, "Strategy is nil"},
		{"nil strategy in an experiment", `_, err = claps.Experiment{Scorer: scorer("ok"), Examples: examples, Shots: 4, Tokens: []string{"a"}, Strategies: []claps.Strategy{nil}}.Run(ctx)`, "Strategies[0] is nil"},
		{"strategy of your own that panics", `_, err = claps.Config{Scorer: scorer("ok"), Split: split, Tokens: []string{"a"}, Strategy: func(ctx context.Context, ev *claps.Evaluator, tokens []string, train []claps.Example, o claps.SearchOptions) (*claps.Result, error) {
	panic("user strategy blew up")
}}.Run(ctx)`, "user strategy blew up"},
		{"scorer panics", run("panic"), "user scorer blew up"},
		{"scorer errs", run("error"), "user scorer says no"},
		{"scorer returns NaN", run("nan"), "non-finite"},
		{"scorer returns the wrong shape", run("short"), "1 scores for 2 labels"},
		{"missing file", `_, err = claps.LoadExamples("no/such/file.json")`, "no/such/file.json"},
		{"missing embeddings", `_, err = claps.LoadEmbeddings("no/such/vectors.txt")`, "no/such/vectors.txt"},
		{"k = 0 clusters", `_, err = claps.Representatives(ctx, claps.NewEmbeddings([]string{"a", "b"}, []float32{1, 0, 0, 1}, 2), nil, 0, 1)`, "at least 1"},
	} {
		if _, err := s.Exec(context.Background(), c.code); err != nil {
			t.Errorf("%s: the cell failed instead of returning an error: %v", c.name, err)
			continue
		}
		s.Rec = enginetest.Recorder{}
		s.Must(t, `fmt.Println(err)`)
		if out := s.Rec.Out(); !strings.Contains(out, c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, firstLine(out), c.want)
		}
	}
	// A compiled constructor that panics on a wrong shape: the cell fails,
	// the kernel does not.
	if _, err := s.Exec(context.Background(), `claps.NewEmbeddings([]string{"a"}, []float32{1, 2, 3}, 2)`); err == nil || !strings.Contains(err.Error(), "need 2 values") {
		t.Errorf("NewEmbeddings of the wrong shape: %v", err)
	}
	s.Must(t, `fmt.Println("still alive")`)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// TestStopThroughEngine presses stop during a long comparison: the cores
// must fall idle. Latencies are logged, not asserted (the machine is shared).
func TestStopThroughEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a long search")
	}
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, `import (
	"fmt"

	"github.com/yaknb/yak/plugins/claps"
)`, `emb, err := claps.LoadEmbeddings("../../notebooks/data/glove-100d-sentiment.txt.gz")
if err != nil {
	panic(err)
}
examples, err := claps.LoadExamples("../../notebooks/data/yelp.json")
if err != nil {
	panic(err)
}
scorer, _, err := claps.ScorerFromEnv(emb)
var res *claps.Results`)
	returned, idle, err := s.Stop(t, `res, err = claps.Experiment{Scorer: scorer, Examples: examples, Tokens: emb.Candidates(3000),
	Seeds: []uint64{1, 2, 3, 4, 5, 6, 7, 8}}.Run(ctx)`, time.Second, 10*time.Second)
	t.Logf("stop: the cell returned %v after the cancel; the cores were idle %v after it", returned, idle)
	if err == nil {
		t.Fatal("the stopped cell reported no error")
	}
	if idle >= 10*time.Second {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("the cores were still busy %v after stop\n%s", idle, buf)
	}
}
