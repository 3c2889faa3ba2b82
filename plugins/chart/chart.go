package chart

import (
	"encoding/json"
	"fmt"
	"html"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/yaknb/yak/display"
)

// Frame holds what every chart has: a title, axis names and a size in
// pixels. Chart types embed it, so c.XLabel = "epoch" works on any chart.
type Frame struct {
	Title  string
	XLabel string
	YLabel string
	Width  int // 0 means 720
	Height int // 0 means 400
}

func (f Frame) size() (int, int) {
	w, h := f.Width, f.Height
	if w <= 0 {
		w = 720
	}
	if h <= 0 {
		h = 400
	}
	return w, h
}

// globals are the go-echarts options every chart shares.
func (f Frame) globals(legend bool, trigger string) []charts.GlobalOpts {
	show := opts.Bool(true)
	g := []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: f.Title, Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: show, Trigger: trigger}),
		// Over the plot area's width, as in the SVG; plotGrid leaves room for
		// the rows it wraps into.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Top: "28", Left: fmt.Sprint(marginLeft), Right: fmt.Sprint(marginRight)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: show, Right: "20", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: show, Title: "save"},
			DataZoom:    &opts.ToolBoxFeatureDataZoom{Show: show, Title: map[string]string{"zoom": "zoom", "back": "back"}},
			Restore:     &opts.ToolBoxFeatureRestore{Show: show, Title: "reset"},
		}}),
		charts.WithAnimation(false),
	}
	return g
}

// plotGrid places the plot area as the SVG rendering does, so both
// renderings have the same layout; right leaves room for a colour bar.
// top is where the plot area starts (see legendTop).
func plotGrid(right int, top float64) charts.GlobalOpts {
	return charts.WithGridOpts(opts.Grid{Left: fmt.Sprint(marginLeft), Right: fmt.Sprint(right), Top: fmt.Sprint(top), Bottom: fmt.Sprint(marginBottom)})
}

// legendTop is the top of the interactive plot area under ECharts' legend
// of names, which wraps into rows over the plot area's width. The estimate
// of an entry's width (symbol, gap and about 7 px a character at 12 px) errs
// on the wide side: a row too many only leaves space, a row too few would
// draw the legend over the plot.
func (f Frame) legendTop(names []string) float64 {
	top := float64(marginTop + 16)
	if len(names) < 2 {
		return top
	}
	w, _ := f.size()
	avail := float64(w - marginLeft - marginRight)
	x := 0.0
	for _, n := range names {
		iw := 40 + 7*float64(len([]rune(n)))
		if x > 0 && x+iw > avail {
			top += 24
			x = 0
		}
		x += iw
	}
	return top
}

// option turns a go-echarts chart into the option object for setOption,
// dropping what this package never uses (go-echarts always emits them).
func option(c interface {
	Validate()
	JSON() map[string]any
}) map[string]any {
	c.Validate()
	m := c.JSON()
	// Round-trip through JSON so later edits see plain maps and slices.
	raw, err := json.Marshal(m)
	if err != nil {
		panic("chart: cannot encode ECharts option: " + err.Error())
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	dropNulls(out)
	return out
}

// dropNulls removes null members: go-echarts emits some (a toolbox icon:
// null), and ECharts reads null as "use nothing" instead of its default.
func dropNulls(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
			} else {
				dropNulls(e)
			}
		}
	case []any:
		for _, e := range x {
			dropNulls(e)
		}
	}
}

// MIMEECharts is the output type of a chart's ECharts option as JSON
// ({"option": "{...}", "width": 720, "height": 400, "title": "..."}), which
// yak's JupyterLab / Notebook 7 extension (jupyter/labextension) draws with
// the one ECharts copy it bundles, ahead of the chart's text/html. The
// option is a JSON object encoded in a string: notebooks are saved indented,
// one number a line, and a 200-point chart's option would double in size.
const MIMEECharts = "application/vnd.yak.echarts+json"

// bundle assembles the four renderings of a chart: the option for the
// JupyterLab extension, the HTML for other front ends and exports (static
// SVG, and interactive where the page has ECharts), the SVG and the text.
func bundle(f Frame, opt map[string]any, svg, text string) display.Bundle {
	w, h := f.size()
	return display.Bundle{Data: map[string]any{
		MIMEECharts:      map[string]any{"option": optionJSON(opt), "width": w, "height": h, "title": f.Title},
		display.MIMEHTML: page(opt, svg, f.Title, w, h),
		display.MIMESVG:  svg,
		display.MIMEText: text,
	}}
}

// optionJSON is opt as compact JSON ("{}" if it cannot be encoded, which
// sanitised data never is).
func optionJSON(opt map[string]any) string {
	b, err := json.Marshal(opt)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// errorBundle is what a chart with bad input shows: the message, in text
// and as a visible HTML note, so a cell's output says what to fix.
func errorBundle(err error) display.Bundle {
	return display.Bundle{Data: map[string]any{
		display.MIMEText: err.Error(),
		display.MIMEHTML: `<pre style="color:#b91c1c">` + html.EscapeString(err.Error()) + `</pre>`,
	}}
}

// jsNum is a value ECharts accepts: "-" marks a missing (NaN or infinite)
// value, which JSON cannot carry as a number.
func jsNum(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return x
}

// seq is 0, 1, ..., n-1 as float64: the x of a series given without one.
func seq(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// span describes a range for text/plain summaries.
func span(lo, hi float64) string {
	if math.IsNaN(lo) {
		return "no finite values"
	}
	return fmt.Sprintf("%.4g to %.4g", lo, hi)
}
