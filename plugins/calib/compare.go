package calib

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/parallel"
	"github.com/yaknb/yak/runtime/tensor"
)

// Experiment is the paper's comparison: one U-Net per loss and seed trained
// on Train (model selection on Val), scored on Test raw and after
// temperature scaling fitted on Val. Zero fields take the defaults shown.
type Experiment struct {
	Train, Val, Test *Dataset
	Losses           []Loss      // CE, LS, SVLS, MbLS, NACL
	Seeds            []uint64    // [1, 2, 3 when nil]; seeds the U-Net and the shuffling
	UNet             UNetOptions // Base 8, Depth 3, classes from the data
	Training         TrainOptions
	Workers          int // runs trained at the same time [GOMAXPROCS]
	// Progress advances by one per training step of every run. Nil shows a
	// bar of its own in a notebook, sized by the run.
	Progress display.Reporter
}

// DefaultLosses are the paper's comparison: CE, LS, SVLS, MbLS and NACL.
func DefaultLosses() []Loss { return []Loss{CE{}, LS{}, SVLS{}, MbLS{}, NACL{}} }

// Run is one trained model of a comparison, scored on the test set raw
// and after temperature scaling fitted on the validation set.
type Run struct {
	Method      string // the loss's name, as in Results.Methods
	Seed        uint64
	Trained     *Trained
	Test        Summary
	Temperature float64
	TS          Summary        // after temperature scaling
	Probs       *tensor.Tensor // raw test probabilities
	// Annotated and AnnotatedTS score the same predictions against the
	// test set's Annotated labels (zero Summaries when it has none).
	Annotated, AnnotatedTS Summary
}

// Results hold every run of an Experiment.
type Results struct {
	Methods []string // the losses' names, in Experiment.Losses order
	Seeds   []uint64
	Runs    []Run // the finished runs, in loss-major order
	// Partial is set when the run was stopped: Runs holds the finished ones.
	Partial bool
}

// steps is the number of training steps Run will run, for the progress bar.
func (e Experiment) steps(losses, seeds int) int {
	t := e.Training.defaults()
	return losses * seeds * t.Epochs * ((e.Train.Len() + t.Batch - 1) / t.Batch)
}

// counter turns concurrent runs' step reports into one running total.
type counter struct {
	mu   sync.Mutex
	done int
	rep  display.Reporter
	last map[*stepRep]int
}

type stepRep struct{ c *counter }

func (s *stepRep) Add(n int) { s.c.add(s, n) }

// Set reports a run's own step count; the counter adds the difference.
func (s *stepRep) Set(done int, metrics ...any) {
	s.c.mu.Lock()
	d := done - s.c.last[s]
	s.c.mu.Unlock()
	s.c.add(s, d, metrics...)
}

func (c *counter) add(s *stepRep, n int, metrics ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last[s] += n
	c.done += n
	if c.rep != nil {
		c.rep.Set(c.done, metrics...)
	}
}

// Run trains one U-Net per loss and seed, Workers at a time; each run is
// deterministic for its seed. In a notebook pass the cell's ctx: a stop ends
// the runs under way within one training step and returns an error that
// says so with the runs that finished (Partial set).
func (e Experiment) Run(ctx context.Context) (*Results, error) {
	ctx = runs.Context(ctx)
	for _, d := range []struct {
		name string
		d    *Dataset
	}{{"Train", e.Train}, {"Val", e.Val}, {"Test", e.Test}} {
		if d.d == nil {
			return nil, fmt.Errorf("calib: Experiment.%s is nil; load the splits first (calib.SyntheticSplits, calib.LoadNIfTI...)", d.name)
		}
		if err := d.d.Validate(); err != nil {
			return nil, fmt.Errorf("calib: Experiment.%s: %w", d.name, err)
		}
	}
	losses := e.Losses
	if len(losses) == 0 {
		losses = DefaultLosses()
	}
	for i, l := range losses {
		if l == nil {
			return nil, fmt.Errorf("calib: Experiment.Losses[%d] is nil; use calib.CE{}, calib.NACL{}, ...", i)
		}
	}
	seeds := e.Seeds
	if seeds == nil {
		seeds = []uint64{1, 2, 3}
	}
	if len(seeds) == 0 {
		return nil, errors.New("calib: Experiment.Seeds is empty; give at least one seed (nil means 1, 2, 3)")
	}
	c := &Results{Seeds: seeds}
	for _, l := range losses {
		c.Methods = append(c.Methods, l.Name())
	}
	c.Methods = runs.Distinct(c.Methods)
	progress, finish := runs.Progress(e.Progress, e.steps(len(losses), len(seeds)), "calib")
	defer finish()
	all := make([]Run, len(losses)*len(seeds))
	ok := make([]bool, len(all))
	ctr := &counter{rep: progress, last: map[*stepRep]int{}}
	err := parallel.Each(ctx, e.Workers, len(all), func(ctx context.Context, i int) error {
		// Seed-major order, so that stopping early leaves whole seeds.
		si, li := i/len(losses), i%len(losses)
		r, err := e.runOne(ctx, losses[li], seeds[si], &stepRep{ctr})
		if err != nil {
			return err
		}
		r.Method = c.Methods[li]
		all[li*len(seeds)+si], ok[li*len(seeds)+si] = r, true
		return nil
	})
	for i, r := range all {
		if ok[i] {
			c.Runs = append(c.Runs, r)
		}
	}
	if runs.IsStop(err) && ctx.Err() != nil {
		c.Partial = true
		return c, runs.Stopped("calib: experiment", err, len(c.Runs), len(all), "runs")
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (e Experiment) runOne(ctx context.Context, loss Loss, seed uint64, rep display.Reporter) (Run, error) {
	train, val, test := e.Train, e.Val, e.Test
	net := e.UNet
	net.Seed = seed
	to := e.Training
	to.Seed = seed
	to.Progress = rep
	tr, err := Train(ctx, train, val, loss, net, to)
	if err != nil {
		return Run{}, fmt.Errorf("calib: %s, seed %d: %w", loss.Name(), seed, err)
	}
	sum, lg, err := tr.Test(test)
	if err != nil {
		return Run{}, err
	}
	vl, err := tr.Model.Predict(val.Images, 16)
	if err != nil {
		return Run{}, err
	}
	ts := &Temperature{}
	if err := ts.Fit(vl, val.Labels); err != nil {
		return Run{}, err
	}
	cp, err := ts.Calibrate(lg)
	if err != nil {
		return Run{}, err
	}
	sc, err := Evaluate(cp, test.Labels)
	if err != nil {
		return Run{}, err
	}
	run := Run{Method: loss.Name(), Seed: seed, Trained: tr, Test: sum, Temperature: ts.T, TS: Summarize(sc), Probs: Probs(lg)}
	if test.Annotated != nil {
		raw, err := Evaluate(run.Probs, test.Annotated)
		if err != nil {
			return Run{}, err
		}
		scaled, err := Evaluate(cp, test.Annotated)
		if err != nil {
			return Run{}, err
		}
		run.Annotated, run.AnnotatedTS = Summarize(raw), Summarize(scaled)
	}
	return run, nil
}

// Metric names a Summary field for Stat and the tables.
var Metrics = []string{"Dice", "HD95", "ECE", "CECE", "CECE(C)", "ACE", "MCE", "NLL", "Brier", "ECE(all,10)", "CECE(all,10)"}

// Metric is the field of s that Metrics names (NaN for an unknown name).
func (s Summary) Metric(name string) float64 { return metric(s, name) }

func metric(s Summary, name string) float64 {
	switch name {
	case "Dice":
		return s.Dice
	case "HD95":
		return s.HD95
	case "ECE":
		return s.ECE
	case "CECE":
		return s.CECE
	case "CECE(C)":
		return s.CECEOverC
	case "ACE":
		return s.ACE
	case "MCE":
		return s.MCE
	case "NLL":
		return s.NLL
	case "Brier":
		return s.Brier
	case "ECE(all,10)":
		return s.ECEAll
	case "CECE(all,10)":
		return s.CECEAll
	}
	return math.NaN()
}

// Stat is the mean ± standard error over the seeds that finished of a
// metric (one of Metrics) for the loss of that name ("CE", "NACL", ...), raw
// or after temperature scaling. An unknown name gives NaN.
func (c *Results) Stat(loss, metricName string, scaled bool) display.Stat {
	return c.StatAgainst(loss, metricName, scaled, false)
}

// StatAgainst is Stat against the clean test labels (annotated false) or
// against the test set's Annotated labels (true; NaN when it had none).
func (c *Results) StatAgainst(loss, metricName string, scaled, annotated bool) display.Stat {
	var xs []float64
	for _, r := range c.Runs {
		if r.Method == loss {
			s := r.Test
			switch {
			case annotated && scaled:
				s = r.AnnotatedTS
			case annotated:
				s = r.Annotated
			case scaled:
				s = r.TS
			}
			if s.Images == 0 {
				xs = append(xs, math.NaN())
				continue
			}
			xs = append(xs, metric(s, metricName))
		}
	}
	return display.MeanSE(xs)
}

// HasAnnotated says whether the runs were also scored against annotated
// test labels.
func (c *Results) HasAnnotated() bool {
	return len(c.Runs) > 0 && c.Runs[0].Annotated.Images > 0
}

// rowSet is a block of table rows: raw or temperature-scaled, against
// the clean or the annotated test labels.
type rowSet struct {
	suffix            string
	scaled, annotated bool
}

// rowSets are the table's blocks: raw and temperature-scaled against the
// clean labels and, when there are some, against the annotated ones.
func (c *Results) rowSets() []rowSet {
	sets := []rowSet{{"", false, false}, {" +TS", true, false}}
	if c.HasAnnotated() {
		sets = append(sets, rowSet{" vs annotated", false, true}, rowSet{" +TS vs annotated", true, true})
	}
	return sets
}

// Table is the results table: one row per loss (mean ± SE over seeds) of
// Dice, HD95 and the paper's foreground calibration metrics, with NLL,
// Brier and the all-pixel 10-bin ECE; then the same after temperature
// scaling ("+TS").
func (c *Results) Table() *display.Table {
	cols := []string{"Dice", "HD95", "ECE", "CECE", "NLL", "Brier", "ECE(all,10)"}
	t := display.NewTable(append([]string{"loss"}, cols...)...)
	for _, set := range c.rowSets() {
		for _, l := range c.Methods {
			row := []any{l + set.suffix}
			for _, m := range cols {
				row = append(row, c.StatAgainst(l, m, set.scaled, set.annotated))
			}
			t.AddRow(row...)
		}
	}
	stopped := ""
	if c.Partial {
		stopped = "stopped early, finished runs only; "
	}
	against := "the test labels"
	if c.HasAnnotated() {
		against = "the clean test labels and (\"vs annotated\") the test set's annotated labels"
	}
	unit := "pixels"
	if len(c.Runs) > 0 && c.Runs[0].Probs != nil && c.Runs[0].Probs.Rank() == 5 {
		unit = "voxels" // per volume
	}
	t.Caption = stopped + fmt.Sprintf("test set, scored against %s; mean ± SE over %d seed(s); ECE, CECE over foreground %s with 15 bins; ECE(all,10) over all %s with 10 bins; HD95 in %s", against, len(c.Runs)/max(len(c.Methods), 1), unit, unit, unit)
	return t
}

// String is Table as text.
func (c *Results) String() string { return c.Table().String() }

// HTML is Table as HTML, so Results show as their table in a notebook.
func (c *Results) HTML() string { return c.Table().HTML() }

// Markdown is Table as a Markdown table (for BENCHMARKS.md).
func (c *Results) Markdown() string {
	cols := []string{"Dice", "HD95", "ECE", "CECE", "NLL", "Brier", "ECE(all,10)"}
	var b strings.Builder
	b.WriteString("| loss | " + strings.Join(cols, " | ") + " |\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, set := range c.rowSets() {
		for _, l := range c.Methods {
			b.WriteString("| " + l + set.suffix)
			for _, m := range cols {
				s := c.StatAgainst(l, m, set.scaled, set.annotated)
				fmt.Fprintf(&b, " | %.4f ± %.4f", s.Mean, s.SE)
			}
			b.WriteString(" |\n")
		}
	}
	return b.String()
}

// Find returns the run of the loss of that name with the given seed (nil
// if none).
func (c *Results) Find(loss string, seed uint64) *Run {
	for i := range c.Runs {
		if c.Runs[i].Method == loss && c.Runs[i].Seed == seed {
			return &c.Runs[i]
		}
	}
	return nil
}
