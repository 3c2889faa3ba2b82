package drm

import (
	"fmt"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/chart"
)

// Table is DomainBed's results table: one row per method, the test
// accuracy (in %, mean ± standard error over seeds) on each held-out
// domain and their average; the best average is marked.
func (r *Results) Table() *display.Table {
	cols := append([]string{"method"}, r.Domains...)
	t := display.NewTable(append(cols, "Avg")...)
	for m, name := range r.Methods {
		row := []any{name}
		for d := range r.Domains {
			s := r.mean(m, d)
			row = append(row, display.PlusMinus(100*s.Mean, 100*s.SE))
		}
		a := r.average(m)
		t.AddRow(append(row, display.PlusMinus(100*a.Mean, 100*a.SE))...)
	}
	t.HighlightMax("Avg")
	c := r.Config
	t.Caption = fmt.Sprintf("%s, leave-one-domain-out test accuracy (%%), mean ± SE over %d seeds; training-domain validation; %d steps × %d per domain, lr %g, %.0f%% held out",
		r.Data, len(r.Seeds), c.Steps, c.Batch, c.LR, 100*c.HoldOut)
	if r.Partial {
		t.Caption += "; stopped early: finished trainings only"
	}
	return t
}

// String is Table as text.
func (r *Results) String() string { return r.Table().String() }

// HTML is Table as HTML, so Results show as their table in a notebook.
func (r *Results) HTML() string { return r.Table().HTML() }

// Chart draws each method's mean accuracy per held-out domain, as bars.
func (r *Results) Chart() *chart.Bars {
	var c *chart.Bars
	for m, name := range r.Methods {
		v := make([]float64, len(r.Domains))
		for d := range r.Domains {
			v[d] = 100 * r.mean(m, d).Mean
		}
		if c == nil {
			c = chart.Bar(name, r.Domains, v)
		} else {
			c.Add(name, v)
		}
	}
	c.Title, c.XLabel, c.YLabel = r.Data+": accuracy per held-out domain", "held-out domain", "accuracy (%)"
	return c
}

// PicksTable gives, for each held-out domain, the share of test batches
// for which the entropy rule picked each training domain's head or the
// shared one (summed over seeds).
func (r *Results) PicksTable() *display.Table {
	cols := append([]string{"held-out"}, r.AllDomains...)
	t := display.NewTable(append(cols, "shared")...)
	for i, name := range r.Domains {
		row := []any{name}
		tot := 0
		for _, c := range r.Picks[i] {
			tot += c
		}
		for _, c := range r.Picks[i] {
			if tot == 0 {
				row = append(row, "")
				continue
			}
			row = append(row, fmt.Sprintf("%.0f%%", 100*float64(c)/float64(tot)))
		}
		t.AddRow(row...)
	}
	t.Caption = "share of test batches on which DRM's lowest-entropy head was each training domain's head (the held-out domain has none)"
	return t
}

// PicksChart is PicksTable as a heatmap: rows are held-out domains,
// columns the head that was picked.
func (r *Results) PicksChart() *chart.Heat {
	z := make([][]float64, len(r.Domains))
	for i := range r.Domains {
		tot := 0
		for _, c := range r.Picks[i] {
			tot += c
		}
		z[i] = make([]float64, len(r.Picks[i]))
		for j, c := range r.Picks[i] {
			if tot > 0 {
				z[i][j] = float64(c) / float64(tot)
			}
		}
	}
	c := chart.Heatmap("head picked by the entropy rule", z, append(append([]string{}, r.AllDomains...), "shared"), r.Domains)
	c.XLabel, c.YLabel = "head", "held-out domain"
	return c
}
