package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/yaknb/yak/display"
)

// Bars is a bar chart: one bar per label and series, series side by side.
//
//	chart.Bar("accuracy", []string{"base", "ours"}, []float64{0.81, 0.85})
type Bars struct {
	Frame
	labels []string
	series []barSeries
	err    error
}

type barSeries struct {
	name   string
	values []float64
}

// Bar starts a bar chart whose first series is named title.
func Bar(title string, labels []string, values []float64) *Bars {
	c := &Bars{Frame: Frame{Title: title}, labels: labels}
	return c.Add(title, values)
}

// Add adds a series with one value per label.
func (c *Bars) Add(name string, values []float64) *Bars {
	if len(values) != len(c.labels) && c.err == nil {
		c.err = fmt.Errorf("chart: bar series %q has %d values for %d labels: give one value per label", name, len(values), len(c.labels))
	}
	c.series = append(c.series, barSeries{name, values})
	return c
}

// Err is the first input error, or nil.
func (c *Bars) Err() error { return c.err }

// String describes the chart in a line of text.
func (c *Bars) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	parts := make([]string, len(c.series))
	for i, s := range c.series {
		vals := make([]string, len(s.values))
		for j, v := range s.values {
			vals[j] = c.labels[j] + "=" + strconv.FormatFloat(v, 'g', 4, 64)
		}
		parts[i] = s.name + ": " + strings.Join(vals, " ")
	}
	return fmt.Sprintf("bar chart %q: %s", c.Title, strings.Join(parts, "; "))
}

// DisplayBundle renders the chart: interactive HTML, static SVG and text.
func (c *Bars) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	return bundle(c.Frame, c.option(), c.SVG(), c.String())
}

func (c *Bars) option() map[string]any {
	b := charts.NewBar()
	names := make([]string, len(c.series))
	for i, s := range c.series {
		names[i] = s.name
	}
	b.SetGlobalOptions(append(c.globals(len(c.series) > 1, "axis"), plotGrid(marginRight, c.legendTop(names)),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: c.XLabel, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: c.YLabel, NameLocation: "middle", NameGap: 44}))...)
	b.SetXAxis(c.labels)
	for _, s := range c.series {
		data := make([]opts.BarData, len(s.values))
		for i, v := range s.values {
			data[i] = opts.BarData{Value: jsNum(v)}
		}
		b.AddSeries(s.name, data)
	}
	return option(b)
}

// SVG is the static rendering.
func (c *Bars) SVG() string {
	w, h := c.size()
	cv := newCanvas(w, h, c.Title)
	var all [][]float64
	names := make([]string, len(c.series))
	for i, s := range c.series {
		all, names[i] = append(all, s.values), s.name
	}
	top := float64(marginTop + 16)
	if len(c.series) > 1 {
		top = cv.legend(names)
	}
	lo, hi := extent(all...)
	lo, hi = math.Min(lo, 0), math.Max(hi, 0) // bars grow from zero
	f := newFrame(cv, top, float64(h-marginBottom))
	f.categoryAxes(c.labels, lo, hi, c.XLabel, c.YLabel)
	band := (f.right - f.left) / float64(max(len(c.labels), 1))
	bw := band * 0.7 / float64(len(c.series))
	for k, s := range c.series {
		for i, v := range s.values {
			if !finite(v) {
				continue
			}
			x := f.x.at(float64(i)) - band*0.35 + float64(k)*bw
			cv.rect(x, f.y.at(0), bw, f.y.at(v)-f.y.at(0), `fill="`+seriesColor(k)+`"`)
		}
	}
	return cv.String()
}

// Hist is a histogram: counts of values in equal-width bins.
type Hist struct {
	Frame
	edges  []float64 // len(counts)+1 bin edges
	counts []int
	n      int // finite values counted
	err    error
}

// Histogram counts values in bins equal-width bins between their minimum
// and maximum (bins <= 0 picks Sturges' rule, 1+log2(n), at least 5).
// Values that are NaN or infinite are left out and reported in the text.
func Histogram(title string, values []float64, bins int) *Hist {
	c := &Hist{Frame: Frame{Title: title, YLabel: "count"}}
	lo, hi := extent(values)
	for _, v := range values {
		if finite(v) {
			c.n++
		}
	}
	if bins <= 0 {
		bins = max(5, int(math.Ceil(1+math.Log2(float64(max(c.n, 1))))))
	}
	if c.n == 0 {
		c.err = fmt.Errorf("chart: histogram %q has no finite values to count", title)
		return c
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	c.edges = make([]float64, bins+1)
	for i := range c.edges {
		c.edges[i] = lo + (hi-lo)*float64(i)/float64(bins)
	}
	c.counts = make([]int, bins)
	for _, v := range values {
		if !finite(v) {
			continue
		}
		i := int((v - lo) / (hi - lo) * float64(bins))
		c.counts[min(max(i, 0), bins-1)]++ // the maximum falls in the last bin
	}
	return c
}

// Counts returns the bin edges and the count in each bin.
func (c *Hist) Counts() (edges []float64, counts []int) { return c.edges, c.counts }

// Err is the input error, or nil.
func (c *Hist) Err() error { return c.err }

// String describes the histogram in a line of text.
func (c *Hist) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	return fmt.Sprintf("histogram %q: %d values in %d bins from %.4g to %.4g, counts %v",
		c.Title, c.n, len(c.counts), c.edges[0], c.edges[len(c.edges)-1], c.counts)
}

// DisplayBundle renders the histogram: interactive HTML, static SVG and text.
func (c *Hist) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	return bundle(c.Frame, c.option(), c.SVG(), c.String())
}

func (c *Hist) option() map[string]any {
	b := charts.NewBar()
	b.SetGlobalOptions(append(c.globals(false, "axis"), plotGrid(marginRight, marginTop+16),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: c.XLabel, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: c.YLabel, NameLocation: "middle", NameGap: 44}))...)
	labels := make([]string, len(c.counts))
	step := c.edges[1] - c.edges[0]
	for i := range c.counts {
		end := ")"
		if i == len(c.counts)-1 {
			end = "]" // the last bin holds the maximum
		}
		labels[i] = "[" + tickLabel(c.edges[i], step/10) + ", " + tickLabel(c.edges[i+1], step/10) + end
	}
	b.SetXAxis(labels)
	data := make([]opts.BarData, len(c.counts))
	for i, n := range c.counts {
		data[i] = opts.BarData{Value: n}
	}
	name := c.Title
	if name == "" {
		name = "count"
	}
	b.AddSeries(name, data, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarCategoryGap = "1%" }))
	return option(b)
}

// SVG is the static rendering: contiguous bars on a numeric axis.
func (c *Hist) SVG() string {
	w, h := c.size()
	cv := newCanvas(w, h, c.Title)
	top := 0.0
	for _, n := range c.counts {
		top = math.Max(top, float64(n))
	}
	f := newFrame(cv, marginTop+16, float64(h-marginBottom))
	f.numericAxes(c.edges[0], c.edges[len(c.edges)-1], 0, top, c.XLabel, c.YLabel)
	for i, n := range c.counts {
		x0, x1 := f.x.at(c.edges[i]), f.x.at(c.edges[i+1])
		cv.rect(x0, f.y.at(0), x1-x0, f.y.at(float64(n))-f.y.at(0), `fill="`+seriesColor(0)+`" stroke="#ffffff" stroke-width="0.5"`)
	}
	return cv.String()
}
