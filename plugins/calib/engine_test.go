package calib_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/plugins/symbols"
)

// TestLossDefinedInNotebook trains with a loss written in an interpreted
// cell (it wraps CE and counts its calls) through the real engine.
func TestLossDefinedInNotebook(t *testing.T) {
	cells := []string{
		`import (
	"fmt"

	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/runtime/tensor"
)`,
		`type counted struct{ calls *int }

func (c counted) Name() string { return "counted CE" }
func (c counted) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	*c.calls++
	return calib.CE{}.Loss(logits, labels)
}`,
		`train, val, _, _ := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
n := 0
tr, err := calib.Train(ctx, train, val, counted{&n}, calib.UNetOptions{Base: 2, Depth: 1}, calib.TrainOptions{Epochs: 2, Batch: 4})
fmt.Println(err, n, tr.Loss, len(tr.TrainLoss))`,
	}
	out := enginetest.Run(t, []interp.Exports{symbols.Symbols}, cells...).Out()
	if got := strings.TrimSpace(out); got != "<nil> 4 counted CE 2" {
		t.Errorf("output %q, want %q", got, "<nil> 4 counted CE 2")
	}
}

const setup = `import (
	"errors"
	"fmt"
	"math"

	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/runtime/tensor"
)

type badLoss struct{ how string }

func (b badLoss) Name() string { return "bad " + b.how }
func (b badLoss) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	if b.how == "panic" {
		panic("user loss blew up")
	}
	if b.how == "shape" {
		return tensor.Zeros(3), nil
	}
	return nil, errors.New("user loss says no")
}

train, val, test, _ := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
small := calib.UNetOptions{Base: 2, Depth: 1}
quick := calib.TrainOptions{Epochs: 1, Batch: 4}
var err error`

// TestBadInputThroughEngine: nothing a notebook passes ends the kernel.
func TestBadInputThroughEngine(t *testing.T) {
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, setup)
	for _, c := range []struct{ name, code, want string }{
		{"no data", `_, err = calib.Experiment{}.Run(ctx)`, "Experiment.Train is nil"},
		{"empty data", `_, err = calib.Experiment{Train: &calib.Dataset{}, Val: val, Test: test}.Run(ctx)`, "calib"},
		{"wrong shapes", `bad := *train
bad.Labels = bad.Labels[:5]
_, err = calib.Experiment{Train: &bad, Val: val, Test: test}.Run(ctx)`, "labels"},
		{"NaN", `nan := *train
nan.Images = train.Images.Clone()
nan.Images.Data[7] = float32(math.NaN())
_, err = calib.Experiment{Train: &nan, Val: val, Test: test}.Run(ctx)`, "NaN"},
		{"Inf", `inf := *train
inf.Images = train.Images.Clone()
inf.Images.Data[3] = float32(math.Inf(1))
_, err = calib.Experiment{Train: &inf, Val: val, Test: test}.Run(ctx)`, "Inf"},
		{"zero seeds", `_, err = calib.Experiment{Train: train, Val: val, Test: test, Seeds: []uint64{}}.Run(ctx)`, "seed"},
		{"nil loss", `_, err = calib.Experiment{Train: train, Val: val, Test: test, Losses: []calib.Loss{nil}}.Run(ctx)`, "nil"},
		{"user loss panics", `_, err = calib.Experiment{Train: train, Val: val, Test: test, Losses: []calib.Loss{calib.CE{}, badLoss{"panic"}}, Seeds: []uint64{1}, UNet: small, Training: quick}.Run(ctx)`, "user loss blew up"},
		{"user loss errs", `_, err = calib.Experiment{Train: train, Val: val, Test: test, Losses: []calib.Loss{badLoss{"error"}}, Seeds: []uint64{1}, UNet: small, Training: quick}.Run(ctx)`, "user loss says no"},
		{"user loss of wrong shape", `_, err = calib.Experiment{Train: train, Val: val, Test: test, Losses: []calib.Loss{badLoss{"shape"}}, Seeds: []uint64{1}, UNet: small, Training: quick}.Run(ctx)`, "calib"},
		{"missing file", `_, err = calib.LoadNIfTISlices("no/such/image.nii", "no/such/labels.nii", calib.SliceOptions{})`, "no/such"},
	} {
		if _, err := s.Exec(context.Background(), c.code); err != nil {
			t.Errorf("%s: the cell failed instead of returning an error: %v", c.name, err)
			continue
		}
		s.Rec = enginetest.Recorder{}
		s.Must(t, `fmt.Println(err)`)
		if out := s.Rec.Out(); !strings.Contains(out, c.want) || strings.TrimSpace(out) == "<nil>" {
			t.Errorf("%s: error %q does not mention %q", c.name, strings.TrimSpace(out), c.want)
		}
	}
	s.Must(t, `fmt.Println("still alive")`)
}

// TestStopThroughEngine presses stop during a long comparison: the cores
// must fall idle. Latencies are logged, not asserted (the machine is shared).
func TestStopThroughEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("trains U-Nets")
	}
	s := enginetest.New(t, []interp.Exports{symbols.Symbols})
	s.Must(t, setup, `var res *calib.Results`)
	returned, idle, err := s.Stop(t, `res, err = calib.Experiment{Train: train, Val: val, Test: test,
	Training: calib.TrainOptions{Epochs: 200}}.Run(ctx)`, time.Second, 10*time.Second)
	t.Logf("stop: the cell returned %v after the cancel; the cores were idle %v after it", returned, idle)
	if err == nil {
		t.Fatal("the stopped cell reported no error")
	}
	if idle >= 10*time.Second {
		t.Fatalf("the cores were still busy %v after stop", idle)
	}
}

// A stopped experiment says so and wraps the context's error.
func TestExperimentStops(t *testing.T) {
	train, val, test, err := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	res, err := calib.Experiment{Train: train, Val: val, Test: test, Training: calib.TrainOptions{Epochs: 100000}}.Run(ctx)
	t.Logf("returned %v after the deadline", time.Since(start)-500*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped (timed out)") {
		t.Fatalf("error %v, want a stop that wraps context.DeadlineExceeded", err)
	}
	if res == nil || !res.Partial {
		t.Fatalf("results %v, want partial results", res)
	}
}

// TestResultsByName: repeated losses get distinct method names, and Stat
// and Find reach each loss's own runs by its name.
func TestResultsByName(t *testing.T) {
	train, val, test, err := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	res, err := calib.Experiment{Train: train, Val: val, Test: test, Losses: []calib.Loss{calib.CE{}, calib.NACL{}, calib.CE{}},
		Seeds: []uint64{1}, UNet: calib.UNetOptions{Base: 2, Depth: 1}, Training: calib.TrainOptions{Epochs: 1, Batch: 4}}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"CE", "NACL", "CE (2)"}; !slices.Equal(res.Methods, want) {
		t.Fatalf("Methods = %q, want %q", res.Methods, want)
	}
	for _, name := range res.Methods {
		r := res.Find(name, 1)
		if r == nil || r.Method != name {
			t.Fatalf("Find(%q, 1) = %v", name, r)
		}
		if got, want := res.Stat(name, "NLL", false).Mean, r.Test.NLL; got != want {
			t.Errorf("Stat(%q, NLL) = %v, want its run's %v", name, got, want)
		}
	}
	if s := res.Stat("no such loss", "NLL", false); !math.IsNaN(s.Mean) {
		t.Errorf("Stat of an unknown loss = %v, want NaN", s)
	}
}
