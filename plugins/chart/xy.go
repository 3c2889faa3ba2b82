package chart

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/yaknb/yak/display"
)

// XY is a line or scatter chart of one or more series of (x, y) points.
//
//	c := chart.Line("train loss", steps, train)
//	c.Add("validation loss", evalSteps, val)
//	c.Title, c.XLabel, c.YLabel = "loss", "step", "cross-entropy"
//	c // last expression of a cell
type XY struct {
	Frame
	// LogY draws y on a log10 axis (loss curves spanning decades); values
	// that are zero or negative are left out.
	LogY    bool
	scatter bool
	series  []xySeries
	err     error
}

type xySeries struct {
	name string
	x, y []float64
}

// Line starts a line chart whose first series is named title. A nil x
// means 0, 1, 2, ...
func Line(title string, x, y []float64) *XY {
	c := &XY{Frame: Frame{Title: title}}
	return c.Add(title, x, y)
}

// Scatter starts a scatter chart whose first series is named title.
func Scatter(title string, x, y []float64) *XY {
	c := &XY{Frame: Frame{Title: title}, scatter: true}
	return c.Add(title, x, y)
}

// Add adds a series. x and y must have the same length (a nil x means
// 0, 1, 2, ...); a mismatch makes the chart show an error instead.
func (c *XY) Add(name string, x, y []float64) *XY {
	if x == nil {
		x = seq(len(y))
	}
	if len(x) != len(y) && c.err == nil {
		c.err = fmt.Errorf("chart: series %q has %d x values but %d y values: pass slices of equal length", name, len(x), len(y))
	}
	c.series = append(c.series, xySeries{name, x, y})
	return c
}

// Err is the first input error, or nil.
func (c *XY) Err() error { return c.err }

func (c *XY) kind() string {
	if c.scatter {
		return "scatter"
	}
	return "line"
}

// String describes the chart in a line of text.
func (c *XY) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	var xs, ys [][]float64
	parts := make([]string, len(c.series))
	for i, s := range c.series {
		xs, ys = append(xs, s.x), append(ys, s.y)
		parts[i] = fmt.Sprintf("%s (%d points)", s.name, len(s.y))
	}
	xlo, xhi := extent(xs...)
	ylo, yhi := extent(ys...)
	return fmt.Sprintf("%s chart %q: %s; x %s, y %s", c.kind(), c.Title, strings.Join(parts, ", "), span(xlo, xhi), span(ylo, yhi))
}

// DisplayBundle renders the chart: interactive HTML, static SVG and text.
func (c *XY) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	return bundle(c.Frame, c.option(), c.SVG(), c.String())
}

func (c *XY) option() map[string]any {
	trigger := "axis"
	if c.scatter {
		trigger = "item"
	}
	var ch interface {
		Validate()
		JSON() map[string]any
	}
	names := make([]string, len(c.series))
	for i, s := range c.series {
		names[i] = s.name
	}
	g := append(c.globals(len(c.series) > 1, trigger), plotGrid(marginRight, c.legendTop(names)),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: c.XLabel, NameLocation: "middle", NameGap: 28, Scale: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: c.yType(), Name: c.YLabel, NameLocation: "middle", NameGap: 44, Scale: opts.Bool(true)}))
	if c.scatter {
		s := charts.NewScatter()
		s.SetGlobalOptions(g...)
		for _, sr := range c.series {
			s.AddSeries(sr.name, nil, charts.WithSeriesOpts(c.data(sr)))
		}
		ch = s
	} else {
		l := charts.NewLine()
		l.SetGlobalOptions(g...)
		for _, sr := range c.series {
			l.AddSeries(sr.name, nil, charts.WithSeriesOpts(c.data(sr)))
		}
		ch = l
	}
	return option(ch)
}

// data sets a series' points as compact [x, y] pairs (go-echarts' item
// objects would triple the size of long training curves).
func (c *XY) data(sr xySeries) func(s *charts.SingleSeries) {
	return func(s *charts.SingleSeries) {
		pts := make([][2]any, len(sr.y))
		for i := range sr.y {
			pts[i] = [2]any{jsNum(sr.x[i]), jsNum(c.y(sr.y[i]))}
		}
		s.Data = pts
		if c.scatter {
			s.SymbolSize = 6
		} else {
			s.ShowSymbol = opts.Bool(len(sr.y) <= 50)
		}
	}
}

func (c *XY) yType() string {
	if c.LogY {
		return "log"
	}
	return "value"
}

// y is a value as the y axis takes it: NaN when a log axis cannot show it.
func (c *XY) y(v float64) float64 {
	if c.LogY && !(v > 0) {
		return math.NaN()
	}
	return v
}

// SVG is the static rendering.
func (c *XY) SVG() string {
	w, h := c.size()
	cv := newCanvas(w, h, c.Title)
	var xs, ys [][]float64
	names := make([]string, len(c.series))
	for i, s := range c.series {
		y := s.y
		if c.LogY {
			y = make([]float64, len(s.y))
			for j, v := range s.y {
				y[j] = math.Log10(c.y(v))
			}
		}
		xs, ys, names[i] = append(xs, s.x), append(ys, y), s.name
	}
	top := float64(marginTop + 16)
	if len(c.series) > 1 {
		top = cv.legend(names)
	}
	f := newFrame(cv, top, float64(h-marginBottom))
	xlo, xhi := extent(xs...)
	ylo, yhi := extent(ys...)
	f.axes(xlo, xhi, ylo, yhi, c.LogY, c.XLabel, c.YLabel)
	for i := range c.series {
		if c.scatter {
			f.points(xs[i], ys[i], seriesColor(i))
		} else {
			f.polyline(xs[i], ys[i], seriesColor(i), "")
			if len(ys[i]) <= 50 {
				f.points(xs[i], ys[i], seriesColor(i))
			}
		}
	}
	return cv.String()
}
