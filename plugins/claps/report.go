package claps

import (
	"fmt"
	"math"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/chart"
)

// Table groups the outcomes by method, in the order of Methods (then any
// other method, in the order it first appears):
// search space, test accuracy (mean ± standard error over the runs, i.e.
// seeds), model queries and wall time (means). It is the table of the
// notebook and of BENCHMARKS.md.
func (c *Results) Table() *display.Table {
	outcomes := c.Outcomes
	type agg struct {
		space         int
		acc           []float64
		queries, secs float64
		exhausted     bool
	}
	byMethod := map[string]*agg{}
	for _, o := range outcomes {
		a := byMethod[o.Method]
		if a == nil {
			a = &agg{}
			byMethod[o.Method] = a
		}
		a.space = o.Space
		a.acc = append(a.acc, o.Test.Accuracy)
		a.queries += float64(o.Queries)
		a.secs += o.Elapsed.Seconds()
		a.exhausted = a.exhausted || o.Exhausted
	}
	t := display.NewTable("method", "search space", "test accuracy", "model queries", "wall time", "runs")
	for _, m := range c.rows() {
		a := byMethod[m]
		if a == nil {
			continue // stopped before this method ran
		}
		n := float64(len(a.acc))
		space := any("-")
		if a.space > 0 {
			space = a.space
		}
		name := m
		if a.exhausted {
			name += " (budget exhausted)"
		}
		wall := time.Duration(a.secs / n * float64(time.Second)).Round(time.Millisecond)
		t.AddRow(name, space, display.MeanSE(a.acc), int64(math.Round(a.queries/n)), wall, len(a.acc))
	}
	t.HighlightMax("test accuracy")
	t.Caption = fmt.Sprintf("test accuracy, mean ± standard error over %d seed(s)", len(c.Seeds))
	if c.Partial {
		t.Caption += "; stopped early: finished runs only"
	}
	return t
}

// rows are Methods, then the methods of outcomes that Methods does not
// name (Results built by hand), in the order they first appear.
func (c *Results) rows() []string {
	out := append([]string(nil), c.Methods...)
	seen := map[string]bool{}
	for _, m := range out {
		seen[m] = true
	}
	for _, o := range c.Outcomes {
		if !seen[o.Method] {
			seen[o.Method] = true
			out = append(out, o.Method)
		}
	}
	return out
}

// String is Table as text.
func (c *Results) String() string { return c.Table().String() }

// HTML is Table as HTML, so Results show as their table in a notebook.
func (c *Results) HTML() string { return c.Table().HTML() }

// Chart plots test accuracy against model queries, one point per search
// run (the baselines make no queries and are left out).
func (c *Results) Chart() *chart.XY {
	xs := map[string][]float64{}
	ys := map[string][]float64{}
	var methods []string
	for _, o := range c.Outcomes {
		if o.Queries == 0 {
			continue
		}
		if _, seen := xs[o.Method]; !seen {
			methods = append(methods, o.Method)
		}
		xs[o.Method] = append(xs[o.Method], float64(o.Queries))
		ys[o.Method] = append(ys[o.Method], o.Test.Accuracy)
	}
	var ch *chart.XY
	for _, m := range methods {
		if ch == nil {
			ch = chart.Scatter(m, xs[m], ys[m])
		} else {
			ch.Add(m, xs[m], ys[m])
		}
	}
	if ch == nil {
		ch = chart.Scatter("no search runs", nil, nil)
	}
	ch.Title, ch.XLabel, ch.YLabel = fmt.Sprintf("Test accuracy against model queries (%d seeds)", len(c.Seeds)), "model queries", "test accuracy"
	return ch
}

// CumulativeShare returns, for i = 1..len(Tokens), the share of the total
// positive influence carried by the i most influential tokens: how few
// tokens carry the influence.
func (p *Pruning) CumulativeShare() []float64 {
	var total float64
	for _, v := range p.Influence {
		total += math.Max(v, 0)
	}
	out := make([]float64, len(p.Influence))
	var run float64
	for i, v := range p.Influence {
		run += math.Max(v, 0)
		if total > 0 {
			out[i] = run / total
		}
	}
	return out
}
