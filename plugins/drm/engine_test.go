package drm_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/symbols"
)

// TestFeaturizerDefinedInNotebook trains DRM, in compiled code, on a
// featurizer type written in an interpreted cell, through the real engine.
func TestFeaturizerDefinedInNotebook(t *testing.T) {
	cells := []string{
		`import (
	"fmt"
	"math/rand/v2"

	"github.com/yaknb/yak/plugins/drm"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)`,
		`type linFeat struct {
	l     *nn.Linear
	calls *int
}

func (f linFeat) Forward(x *tensor.Tensor) *tensor.Tensor {
	*f.calls++
	return f.l.Forward(x.Reshape(x.Dim(0), 2)).ReLU()
}
func (f linFeat) Parameters() []*tensor.Tensor { return f.l.Parameters() }
func (f linFeat) Train(bool)                   {}
func (f linFeat) OutDim() int                  { return 8 }`,
		`calls := 0
var x [][]float64
var y []int
var dom []string
for d := 0; d < 3; d++ {
	for i := 0; i < 60; i++ {
		s := float64(2*(i%2) - 1)
		x = append(x, []float64{s + 0.3*float64(i%5-2)/2, float64(d)})
		y = append(y, i%2)
		dom = append(dom, fmt.Sprint("d", d))
	}
}
md, err := drm.FromRows("toy", x, y, dom)
feat := func(c, h, w int, rng *rand.Rand) drm.Featurizer { return linFeat{nn.NewLinear(c*h*w, 8, rng), &calls} }
res, err := drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.DRM{}}, Seeds: []uint64{1}, Test: []int{2}, Workers: 1,
	Config: drm.Config{Steps: 20, Featurizer: feat}}.Run(ctx)
fmt.Println(err, calls > 20, len(res.Methods))`,
	}
	out := enginetest.Run(t, []interp.Exports{symbols.Symbols}, cells...).Out()
	if got := strings.TrimSpace(out); got != "<nil> true 3" {
		t.Errorf("output %q, want %q", got, "<nil> true 3")
	}
}

const setup = `import (
	"errors"
	"fmt"
	"math"

	"github.com/yaknb/yak/plugins/drm"
)

// rows: 3 domains of a two-class table, 4 features.
var x [][]float64
var y []int
var dom []string
func init() {
	for d := 0; d < 3; d++ {
		for i := 0; i < 40; i++ {
			s := float64(2*(i%2) - 1)
			x = append(x, []float64{s, 0.1 * float64(i%7), float64(d), 1})
			y = append(y, i%2)
			dom = append(dom, fmt.Sprint("d", d))
		}
	}
}

type badAlg struct{ how string }

func (b badAlg) Name() string      { return "bad " + b.how }
func (b badAlg) Methods() []string { return []string{"bad " + b.how} }
func (b badAlg) Train(t *drm.TrainSet, seed uint64) (drm.Model, error) {
	if b.how == "panic" {
		panic("user algorithm blew up")
	}
	if b.how == "nil" {
		return nil, nil
	}
	return nil, errors.New("user algorithm says no")
}

var err error
var md *drm.MultiDomain
quick := drm.Config{Steps: 5, Featurizer: drm.MLP(4, 1)}`

// TestBadInputThroughEngine: nothing a notebook passes ends the kernel.
func TestBadInputThroughEngine(t *testing.T) {
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, setup, `md, err = drm.FromRows("toy", x, y, dom)
if err != nil {
	panic(err)
}`)
	for _, c := range []struct{ name, code, want string }{
		{"CNN on tabular rows (issue 17)", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.ERM{}}, Seeds: []uint64{1}, Config: drm.Config{Featurizer: drm.CNN(4, 8)}}.Run(ctx)`, "CNN needs images of at least 4×4"},
		{"empty data", `_, err = drm.FromRows("e", nil, nil, nil)`, "no rows"},
		{"nil data", `_, err = drm.Experiment{Algorithms: []drm.Algorithm{drm.ERM{}}}.Run(ctx)`, "nil data set"},
		{"wrong shapes", `_, err = drm.FromRows("s", [][]float64{{1, 2}, {3}}, []int{0, 1}, []string{"a", "b"})`, "row 1 has 1 features"},
		{"labels and rows differ", `_, err = drm.FromRows("s", [][]float64{{1, 2}}, []int{0, 1}, []string{"a"})`, "labels"},
		{"NaN", `_, err = drm.FromRows("n", [][]float64{{math.NaN(), 1}, {0, 1}, {1, 1}, {0, 0}}, []int{0, 1, 0, 1}, []string{"a", "a", "b", "b"})`, "non-finite"},
		{"Inf", `_, err = drm.FromRows("n", [][]float64{{math.Inf(1), 1}, {0, 1}, {1, 1}, {0, 0}}, []int{0, 1, 0, 1}, []string{"a", "a", "b", "b"})`, "non-finite"},
		{"zero seeds", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.ERM{}}, Seeds: []uint64{}}.Run(ctx)`, "seed"},
		{"no algorithms", `_, err = drm.Experiment{Data: md}.Run(ctx)`, "no algorithms"},
		{"nil algorithm", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{nil}}.Run(ctx)`, "nil"},
		{"bad test domain", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.ERM{}}, Test: []int{7}}.Run(ctx)`, "test domain 7"},
		{"user algorithm panics", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.ERM{}, badAlg{"panic"}}, Seeds: []uint64{1}, Config: quick}.Run(ctx)`, "user algorithm blew up"},
		{"user algorithm errs", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{badAlg{"error"}}, Seeds: []uint64{1}, Config: quick}.Run(ctx)`, "user algorithm says no"},
		{"user algorithm returns no model", `_, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{badAlg{"nil"}}, Seeds: []uint64{1}, Config: quick}.Run(ctx)`, "no model"},
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
	s.Must(t, `fmt.Println("still alive")`)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// TestStopThroughEngine presses stop during a long experiment: the cores
// must fall idle. Latencies are logged, not asserted (the machine is shared).
func TestStopThroughEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for long")
	}
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, setup, `md, err = drm.FromRows("toy", x, y, dom)
var res *drm.Results`)
	returned, idle, err := s.Stop(t, `res, err = drm.Experiment{Data: md, Algorithms: []drm.Algorithm{drm.ERM{}, drm.DRM{}},
	Config: drm.Config{Steps: 1000000}}.Run(ctx)`, time.Second, 10*time.Second)
	t.Logf("stop: the cell returned %v after the cancel; the cores were idle %v after it", returned, idle)
	if err == nil {
		t.Fatal("the stopped cell reported no error")
	}
	if idle >= 10*time.Second {
		t.Fatalf("the cores were still busy %v after stop", idle)
	}
}
