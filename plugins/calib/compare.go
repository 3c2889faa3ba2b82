package calib

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/runtime/tensor"
)

// CompareOptions configures Compare. Zero fields take the defaults shown.
type CompareOptions struct {
	Losses  []Loss      // CE, LS, SVLS, MbLS, NACL
	Seeds   int         // 3; run s uses seed s+1 for the U-Net and the shuffling
	UNet    UNetOptions // Base 8, Depth 3, classes from the data
	Train   TrainOptions
	Workers int // runs trained at the same time (2)
	// Progress, if set, advances by one per training step of every run.
	Progress display.Reporter
}

// DefaultLosses are the paper's comparison: CE, LS, SVLS, MbLS and NACL.
func DefaultLosses() []Loss { return []Loss{CE{}, LS{}, SVLS{}, MbLS{}, NACL{}} }

// Run is one trained model of a comparison, scored on the test set raw
// and after temperature scaling fitted on the validation set.
type Run struct {
	Loss        string
	Seed        int
	Trained     *Trained
	Test        Summary
	Temperature float64
	TS          Summary        // after temperature scaling
	Probs       *tensor.Tensor // raw test probabilities
}

// Comparison holds every run of Compare.
type Comparison struct {
	Losses []string
	Runs   []Run
}

// Steps is the number of training steps Compare will run, for a progress
// bar's total.
func (o CompareOptions) Steps(train *Dataset) int {
	losses, seeds := len(o.Losses), o.Seeds
	if losses == 0 {
		losses = len(DefaultLosses())
	}
	if seeds == 0 {
		seeds = 3
	}
	t := o.Train.defaults()
	return losses * seeds * t.Epochs * ((train.Len() + t.Batch - 1) / t.Batch)
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

// Compare trains one U-Net per loss and seed on train (model selection on
// val), scores each on test, and fits temperature scaling on val for the
// post-hoc comparison. Runs go Workers at a time; each is deterministic
// for its seed.
func Compare(train, val, test *Dataset, opt CompareOptions) (*Comparison, error) {
	for _, d := range []*Dataset{train, val, test} {
		if err := d.Validate(); err != nil {
			return nil, err
		}
	}
	losses := opt.Losses
	if len(losses) == 0 {
		losses = DefaultLosses()
	}
	seeds, workers := opt.Seeds, opt.Workers
	if seeds <= 0 {
		seeds = 3
	}
	if workers <= 0 {
		workers = 2
	}
	c := &Comparison{}
	for _, l := range losses {
		c.Losses = append(c.Losses, l.Name())
	}
	type job struct{ li, seed int }
	jobs := make(chan job)
	c.Runs = make([]Run, len(losses)*seeds)
	errs := make([]error, len(c.Runs))
	ctr := &counter{rep: opt.Progress, last: map[*stepRep]int{}}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				i := j.li*seeds + j.seed
				c.Runs[i], errs[i] = runOne(train, val, test, losses[j.li], j.seed+1, opt, &stepRep{ctr})
			}
		}()
	}
	for s := 0; s < seeds; s++ {
		for li := range losses {
			jobs <- job{li, s}
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func runOne(train, val, test *Dataset, loss Loss, seed int, opt CompareOptions, rep display.Reporter) (Run, error) {
	net := opt.UNet
	net.Seed = uint64(seed)
	to := opt.Train
	to.Seed = uint64(seed)
	to.Progress = rep
	tr, err := Train(train, val, loss, net, to)
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
	return Run{Loss: loss.Name(), Seed: seed, Trained: tr, Test: sum, Temperature: ts.T, TS: Summarize(sc), Probs: Probs(lg)}, nil
}

// Metric names a Summary field for Stat and the tables.
var Metrics = []string{"Dice", "HD95", "ECE", "CECE", "ACE", "MCE", "NLL", "Brier", "ECE(all,10)", "CECE(all,10)"}

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

// Stat is the mean ± standard error over seeds of a metric (one of
// Metrics) for a loss, raw or after temperature scaling.
func (c *Comparison) Stat(loss, name string, scaled bool) display.Stat {
	var xs []float64
	for _, r := range c.Runs {
		if r.Loss == loss {
			s := r.Test
			if scaled {
				s = r.TS
			}
			xs = append(xs, metric(s, name))
		}
	}
	return display.MeanSE(xs)
}

// Table is the results table: one row per loss (mean ± SE over seeds) of
// Dice, HD95 and the paper's foreground calibration metrics, with NLL,
// Brier and the all-pixel 10-bin ECE; then the same after temperature
// scaling ("+TS").
func (c *Comparison) Table() *display.Table {
	cols := []string{"Dice", "HD95", "ECE", "CECE", "NLL", "Brier", "ECE(all,10)"}
	t := display.NewTable(append([]string{"loss"}, cols...)...)
	for _, scaled := range []bool{false, true} {
		for _, l := range c.Losses {
			name := l
			if scaled {
				name += " +TS"
			}
			row := []any{name}
			for _, m := range cols {
				row = append(row, c.Stat(l, m, scaled))
			}
			t.AddRow(row...)
		}
	}
	t.Caption = fmt.Sprintf("test set, mean ± SE over %d seed(s); ECE, CECE over foreground pixels with 15 bins; ECE(all,10) over all pixels with 10 bins; HD95 in pixels", len(c.Runs)/max(len(c.Losses), 1))
	return t
}

// Markdown is Table as a Markdown table (for BENCHMARKS.md).
func (c *Comparison) Markdown() string {
	cols := []string{"Dice", "HD95", "ECE", "CECE", "NLL", "Brier", "ECE(all,10)"}
	var b strings.Builder
	b.WriteString("| loss | " + strings.Join(cols, " | ") + " |\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, scaled := range []bool{false, true} {
		for _, l := range c.Losses {
			name := l
			if scaled {
				name += " +TS"
			}
			b.WriteString("| " + name)
			for _, m := range cols {
				s := c.Stat(l, m, scaled)
				fmt.Fprintf(&b, " | %.4f ± %.4f", s.Mean, s.SE)
			}
			b.WriteString(" |\n")
		}
	}
	return b.String()
}

// Find returns the run of a loss with the given seed (nil if none).
func (c *Comparison) Find(loss string, seed int) *Run {
	for i := range c.Runs {
		if c.Runs[i].Loss == loss && c.Runs[i].Seed == seed {
			return &c.Runs[i]
		}
	}
	return nil
}
