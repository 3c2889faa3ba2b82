package bandit

import (
	"fmt"
	"math"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/chart"
)

// Results are an experiment's runs: Traces[i][j] is policy Methods[i] on
// seed Seeds[j].
type Results struct {
	Methods []string // the policies' names, in Experiment.Policies order
	Seeds   []uint64
	Env     string
	Rounds  int
	Traces  [][]*Trace
	Logs    [][]*Log        // Logs[i][j] when Experiment.Log was set
	Elapsed []time.Duration // CPU time of each policy's runs, summed over seeds
	Wall    time.Duration
	// Partial is set when the run was stopped: Traces of runs that did not
	// finish are nil, and the statistics cover the finished ones.
	Partial bool
}

// done returns policy i's finished traces.
func (r *Results) done(i int) []*Trace {
	var out []*Trace
	for _, tr := range r.Traces[i] {
		if tr != nil {
			out = append(out, tr)
		}
	}
	return out
}

// Method is the index in Methods (and in Traces, Logs and Elapsed) of the
// policy of that name, or -1.
func (r *Results) Method(name string) int {
	for i, m := range r.Methods {
		if m == name {
			return i
		}
	}
	return -1
}

// Final is the final cumulative regret of the policy of that name ("LinUCB",
// ...): mean and standard error over the seeds that finished. An unknown
// name gives NaN.
func (r *Results) Final(policy string) display.Stat {
	i := r.Method(policy)
	if i < 0 {
		return display.MeanSE(nil)
	}
	return r.final(i)
}

func (r *Results) final(i int) display.Stat {
	var xs []float64
	for _, tr := range r.done(i) {
		xs = append(xs, tr.FinalRegret())
	}
	return display.MeanSE(xs)
}

// Curve is the cumulative regret of the policy of that name after each
// round: mean and standard error over the seeds that finished. An unknown
// name gives nil curves.
func (r *Results) Curve(policy string) (mean, se []float64) {
	i := r.Method(policy)
	if i < 0 {
		return nil, nil
	}
	return r.curve(i)
}

func (r *Results) curve(i int) (mean, se []float64) {
	traces := r.done(i)
	n := float64(len(traces))
	mean, se = make([]float64, r.Rounds), make([]float64, r.Rounds)
	for t := range r.Rounds {
		s, s2 := 0.0, 0.0
		for _, tr := range traces {
			v := tr.Regret[t]
			s += v
			s2 += v * v
		}
		mean[t] = s / n
		se[t] = meanSE(s, s2, n)
	}
	return mean, se
}

// Table lists each policy's final cumulative regret (mean ± SE over seeds),
// regret per round, and rounds per second; the lowest regret is marked.
func (r *Results) Table() *display.Table {
	t := display.NewTable("policy", "cumulative regret", "regret / round", "rounds / s")
	for i, name := range r.Methods {
		f := r.final(i)
		rate := float64(r.Rounds*len(r.done(i))) / r.Elapsed[i].Seconds()
		t.AddRow(name, f, f.Mean/float64(r.Rounds), math.Round(rate))
	}
	t.HighlightMin("cumulative regret")
	t.Caption = fmt.Sprintf("T = %d rounds, %d seeds (mean ± standard error)", r.Rounds, len(r.Seeds))
	if r.Partial {
		t.Caption += "; stopped early: finished runs only"
	}
	if r.Env != "" {
		t.Caption = r.Env + "; " + t.Caption
	}
	return t
}

// Chart draws each policy's mean cumulative regret against the round, at
// most 200 points per curve.
func (r *Results) Chart(title string) *chart.XY {
	step := max(1, r.Rounds/200)
	var c *chart.XY
	for i, name := range r.Methods {
		mean, _ := r.curve(i)
		var xs, ys []float64
		for t := step - 1; t < r.Rounds; t += step {
			xs = append(xs, float64(t+1))
			ys = append(ys, mean[t])
		}
		if c == nil {
			c = chart.Line(name, xs, ys)
		} else {
			c.Add(name, xs, ys)
		}
	}
	c.Title, c.XLabel, c.YLabel = title, "round", "cumulative regret"
	return c
}

// String is the table as text.
func (r *Results) String() string { return r.Table().String() }

// HTML is the table as HTML, so Results show as a table in a notebook.
func (r *Results) HTML() string { return r.Table().HTML() }
