package claps

import (
	"math"
	"time"

	"github.com/yaknb/yak/display"
)

// Summary groups outcomes by method, in the order methods first appear,
// into a table: search space, test accuracy (mean ± standard error over the
// runs, e.g. seeds), model queries and wall time (means). It is the table of
// the notebook and of BENCHMARKS.md.
func Summary(outcomes []*Outcome) *display.Table {
	type agg struct {
		space         int
		acc           []float64
		queries, secs float64
		exhausted     bool
	}
	byMethod := map[string]*agg{}
	var order []string
	for _, o := range outcomes {
		a := byMethod[o.Method]
		if a == nil {
			a = &agg{}
			byMethod[o.Method] = a
			order = append(order, o.Method)
		}
		a.space = o.Space
		a.acc = append(a.acc, o.Test.Accuracy)
		a.queries += float64(o.Queries)
		a.secs += o.Elapsed.Seconds()
		a.exhausted = a.exhausted || o.Exhausted
	}
	t := display.NewTable("method", "search space", "test accuracy", "model queries", "wall time", "runs")
	for _, m := range order {
		a := byMethod[m]
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
	return t
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
