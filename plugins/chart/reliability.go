package chart

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/yaknb/yak/display"
)

// Calibration is a reliability diagram: for equal-width bins of predicted
// confidence, the accuracy of the predictions in the bin (bars) against
// their mean confidence, with the diagonal of perfect calibration, and a
// panel of how many predictions fell in each bin. Its text carries the
// expected calibration error (ECE).
type Calibration struct {
	Frame
	conf, acc []float64 // per bin; NaN for empty bins
	counts    []int
	err       error
}

// Reliability bins predictions by confidence (values in [0, 1]; correct[i]
// says whether prediction i was right) into bins equal-width bins (bins <= 0
// means 10).
func Reliability(title string, confidence []float64, correct []bool, bins int) *Calibration {
	if bins <= 0 {
		bins = 10
	}
	c := &Calibration{Frame: reliabilityFrame(title), conf: make([]float64, bins), acc: make([]float64, bins), counts: make([]int, bins)}
	if len(confidence) != len(correct) {
		c.err = fmt.Errorf("chart: reliability diagram %q has %d confidences but %d outcomes: pass one of each per prediction", title, len(confidence), len(correct))
		return c
	}
	for i, p := range confidence {
		if !(p >= 0 && p <= 1) {
			c.err = fmt.Errorf("chart: reliability diagram %q: confidence %d is %v, outside [0, 1]", title, i, p)
			return c
		}
		b := min(int(p*float64(bins)), bins-1)
		c.counts[b]++
		c.conf[b] += p
		if correct[i] {
			c.acc[b]++
		}
	}
	for b, n := range c.counts {
		if n == 0 {
			c.conf[b], c.acc[b] = math.NaN(), math.NaN()
			continue
		}
		c.conf[b] /= float64(n)
		c.acc[b] /= float64(n)
	}
	return c
}

// ReliabilityBins draws a diagram from bins computed elsewhere: per bin the
// mean confidence, the accuracy and the number of predictions (bins with a
// count of 0 are drawn empty).
func ReliabilityBins(title string, confidence, accuracy []float64, counts []int) *Calibration {
	c := &Calibration{Frame: reliabilityFrame(title), conf: confidence, acc: accuracy, counts: counts}
	if len(confidence) != len(accuracy) || len(confidence) != len(counts) || len(counts) == 0 {
		c.err = fmt.Errorf("chart: reliability diagram %q needs as many confidences, accuracies and counts (got %d, %d, %d), at least one",
			title, len(confidence), len(accuracy), len(counts))
	}
	return c
}

func reliabilityFrame(title string) Frame {
	return Frame{Title: title, XLabel: "confidence", YLabel: "accuracy", Height: 480}
}

// Err is the input error, or nil.
func (c *Calibration) Err() error { return c.err }

// ECE is the expected calibration error: the count-weighted mean of
// |accuracy - confidence| over the bins.
func (c *Calibration) ECE() float64 {
	total, sum := 0, 0.0
	for b, n := range c.counts {
		if n > 0 {
			total += n
			sum += float64(n) * math.Abs(c.acc[b]-c.conf[b])
		}
	}
	if total == 0 {
		return math.NaN()
	}
	return sum / float64(total)
}

// String describes the diagram in a line of text.
func (c *Calibration) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	total := 0
	for _, n := range c.counts {
		total += n
	}
	return fmt.Sprintf("reliability diagram %q: %d predictions in %d bins, ECE %.4f", c.Title, total, len(c.counts), c.ECE())
}

// DisplayBundle renders the diagram: interactive HTML, static SVG and text.
func (c *Calibration) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	return bundle(c.Frame, c.option(), c.SVG(), c.String())
}

func (c *Calibration) centers() []float64 {
	n := len(c.counts)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = (float64(i) + 0.5) / float64(n)
	}
	return xs
}

func (c *Calibration) option() map[string]any {
	n := len(c.counts)
	labels := make([]string, n)
	centers := c.centers()
	step := 1 / float64(n)
	for i := range labels {
		labels[i] = tickLabel(centers[i], step/10)
	}
	b := charts.NewBar()
	b.SetGlobalOptions(append(c.globals(true, "axis"),
		// Two panels: accuracy above, counts below, sharing the bins.
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "24", Top: "70", Height: "55%"},
			opts.Grid{Left: "64", Right: "24", Top: "78%", Bottom: "40"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: labels, GridIndex: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: c.YLabel, NameLocation: "middle", NameGap: 44, Min: 0, Max: 1, GridIndex: 0}))...)
	b.ExtendXAxis(opts.XAxis{Type: "category", Data: labels, GridIndex: 1, Name: c.XLabel, NameLocation: "middle", NameGap: 26})
	b.ExtendYAxis(opts.YAxis{Type: "value", Name: "count", NameLocation: "middle", NameGap: 44, GridIndex: 1, SplitNumber: 2})
	b.SetXAxis(labels)
	acc := make([]any, n)
	conf := make([]any, n)
	diag := make([]any, n)
	cnt := make([]any, n)
	for i := range c.counts {
		acc[i], conf[i], diag[i], cnt[i] = jsNum(c.acc[i]), jsNum(c.conf[i]), centers[i], c.counts[i]
		if c.counts[i] == 0 {
			// An empty bin has no accuracy and no mean confidence: a gap,
			// not a bar or a point at whatever the caller put there.
			acc[i], conf[i] = "-", "-"
		}
	}
	set := func(data []any, f func(s *charts.SingleSeries)) charts.SeriesOpts {
		return charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Data = data; f(s) })
	}
	b.AddSeries("accuracy", nil, set(acc, func(s *charts.SingleSeries) { s.BarCategoryGap = "2%" }))
	b.AddSeries("mean confidence", nil, set(conf, func(s *charts.SingleSeries) { s.Type = "line"; s.Symbol = "circle"; s.SymbolSize = 7 }))
	b.AddSeries("perfect calibration", nil, set(diag, func(s *charts.SingleSeries) {
		s.Type = "line"
		s.ShowSymbol = opts.Bool(false)
		s.Color = "#888888"
		s.LineStyle = &opts.LineStyle{Type: "dashed", Color: "#888888"}
	}))
	b.AddSeries("count", nil, set(cnt, func(s *charts.SingleSeries) { s.XAxisIndex, s.YAxisIndex = 1, 1; s.Color = "#91cc75" }))
	return option(b)
}

// SVG is the static rendering, panels as in the interactive chart.
func (c *Calibration) SVG() string {
	w, h := c.size()
	cv := newCanvas(w, h, c.Title)
	cv.legend([]string{"accuracy", "mean confidence"})
	mid := float64(h) * 0.68
	top := newFrame(cv, marginTop+20, mid)
	top.numericAxes(0, 1, 0, 1, "", c.YLabel)
	n := len(c.counts)
	for i := range c.counts {
		x0, x1 := top.x.at(float64(i)/float64(n)), top.x.at(float64(i+1)/float64(n))
		if finite(c.acc[i]) && c.counts[i] > 0 {
			cv.rect(x0+0.5, top.y.at(0), x1-x0-1, top.y.at(c.acc[i])-top.y.at(0), `fill="`+seriesColor(0)+`"`)
		}
	}
	top.polyline([]float64{0, 1}, []float64{0, 1}, "#888888", `stroke-dasharray="6 4" `)
	centers := c.centers()
	for i := range c.counts {
		if finite(c.conf[i]) && c.counts[i] > 0 {
			fmt.Fprintf(&cv.b, `<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`, f1(top.x.at(centers[i])), f1(top.y.at(c.conf[i])), seriesColor(1))
		}
	}
	most := 0.0
	for _, k := range c.counts {
		most = math.Max(most, float64(k))
	}
	bottom := newFrame(cv, mid+28, float64(h-marginBottom))
	bottom.numericAxes(0, 1, 0, most, c.XLabel, "count")
	for i, k := range c.counts {
		x0, x1 := bottom.x.at(float64(i)/float64(n)), bottom.x.at(float64(i+1)/float64(n))
		cv.rect(x0+0.5, bottom.y.at(0), x1-x0-1, bottom.y.at(float64(k))-bottom.y.at(0), `fill="`+seriesColor(1)+`"`)
	}
	cv.text(marginLeft+8, marginTop+36, "start", "ECE "+strconv.FormatFloat(c.ECE(), 'f', 4, 64), `fill="#333"`)
	return cv.String()
}
