package chart

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/yaknb/yak/display"
)

// Heat is a heatmap of a matrix: z[row][col], row 0 at the top, as in a
// confusion matrix or an attention map.
type Heat struct {
	Frame
	z              [][]float64
	xlabels, ylabs []string
	err            error
}

// Heatmap charts z (rows of equal length). Nil labels mean 0, 1, 2, ...
// Cells show their values when the matrix is at most 20 by 20.
func Heatmap(title string, z [][]float64, xlabels, ylabels []string) *Heat {
	c := &Heat{Frame: Frame{Title: title}, z: z}
	cols := 0
	if len(z) > 0 {
		cols = len(z[0])
	}
	for i, r := range z {
		if len(r) != cols && c.err == nil {
			c.err = fmt.Errorf("chart: heatmap %q row %d has %d values, row 0 has %d: rows must have equal length", title, i, len(r), cols)
		}
	}
	if len(z) == 0 || cols == 0 {
		c.err = fmt.Errorf("chart: heatmap %q is empty: pass at least one row and column", title)
	}
	c.xlabels, c.ylabs = labelsOr(xlabels, cols), labelsOr(ylabels, len(z))
	if c.err == nil && (len(c.xlabels) != cols || len(c.ylabs) != len(z)) {
		c.err = fmt.Errorf("chart: heatmap %q is %dx%d but has %d x labels and %d y labels", title, len(z), cols, len(c.xlabels), len(c.ylabs))
	}
	return c
}

func labelsOr(labels []string, n int) []string {
	if labels != nil {
		return labels
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

// Err is the input error, or nil.
func (c *Heat) Err() error { return c.err }

func (c *Heat) extent() (float64, float64) {
	lo, hi := extent(c.z...)
	if math.IsNaN(lo) {
		return 0, 1
	}
	return lo, hi
}

// String describes the heatmap in a line of text.
func (c *Heat) String() string {
	if c.err != nil {
		return c.err.Error()
	}
	lo, hi := extent(c.z...)
	return fmt.Sprintf("heatmap %q: %d rows x %d columns, values %s", c.Title, len(c.z), len(c.z[0]), span(lo, hi))
}

// DisplayBundle renders the heatmap: interactive HTML, static SVG and text.
func (c *Heat) DisplayBundle() display.Bundle {
	if c.err != nil {
		return errorBundle(c.err)
	}
	return bundle(c.Frame, c.option(), c.SVG(), c.String())
}

// heatStops is the colour scale (viridis at five stops), shared by the
// ECharts visualMap and the SVG so both renderings agree.
var heatStops = [][3]float64{{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}

func heatRGB(t float64) color.NRGBA {
	t = math.Min(1, math.Max(0, t)) * float64(len(heatStops)-1)
	i := min(int(t), len(heatStops)-2)
	u := t - float64(i)
	var rgb [3]uint8
	for k := range rgb {
		rgb[k] = uint8(math.Round(heatStops[i][k]*(1-u) + heatStops[i+1][k]*u))
	}
	return color.NRGBA{rgb[0], rgb[1], rgb[2], 255}
}

func heatColor(t float64) string {
	c := heatRGB(t)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

func (c *Heat) labelled() bool { return len(c.z) <= 20 && len(c.z[0]) <= 20 }

func (c *Heat) option() map[string]any {
	lo, hi := c.extent()
	stops := make([]string, len(heatStops))
	for i := range stops {
		stops[i] = heatColor(float64(i) / float64(len(stops)-1))
	}
	h := charts.NewHeatMap()
	h.SetGlobalOptions(append(c.globals(false, "item"),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: c.xlabels, Name: c.XLabel, NameLocation: "middle", NameGap: 28}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: c.ylabs, Name: c.YLabel, NameLocation: "middle", NameGap: 44, Inverse: opts.Bool(true)}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
			Orient: "vertical", Right: "0", Top: "center", InRange: &opts.VisualMapInRange{Color: stops}}),
		plotGrid(90, marginTop+16))...)
	h.SetXAxis(c.xlabels)
	var data [][3]any
	for i, r := range c.z {
		for j, v := range r {
			data = append(data, [3]any{j, i, jsNum(v)})
		}
	}
	labelled := c.labelled()
	h.AddSeries(c.Title, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Data = data
		if labelled {
			s.Label = &opts.Label{Show: opts.Bool(true)}
		}
	}))
	return option(h)
}

// maxSVGCells is the largest matrix drawn as one SVG rectangle per cell;
// larger ones are drawn as an embedded PNG with a pixel per cell, which
// keeps a 300x300 attention map at tens of kilobytes instead of megabytes.
const maxSVGCells = 2500

func (c *Heat) cellsImage(cv *canvas, x, y, w, h, lo, hi float64) {
	rows, cols := len(c.z), len(c.z[0])
	img := image.NewNRGBA(image.Rect(0, 0, cols, rows))
	for i, r := range c.z {
		for j, v := range r {
			if !finite(v) {
				continue // transparent
			}
			t := 0.5
			if hi > lo {
				t = (v - lo) / (hi - lo)
			}
			img.SetNRGBA(j, i, heatRGB(t))
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	fmt.Fprintf(&cv.b, `<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" style="image-rendering:pixelated" xlink:href="data:image/png;base64,%s"/>`,
		f1(x), f1(y), f1(w), f1(h), base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// SVG is the static rendering.
func (c *Heat) SVG() string {
	w, h := c.size()
	cv := newCanvas(w, h, c.Title)
	lo, hi := c.extent()
	rows, cols := len(c.z), len(c.z[0])
	left, top := float64(marginLeft), float64(marginTop+16)
	right, bottom := float64(w-90), float64(h-marginBottom)
	cw, ch := (right-left)/float64(cols), (bottom-top)/float64(rows)
	labelled := c.labelled()
	if rows*cols > maxSVGCells {
		c.cellsImage(cv, left, top, right-left, bottom-top, lo, hi)
	}
	for i, r := range c.z {
		if rows*cols > maxSVGCells {
			break
		}
		for j, v := range r {
			if !finite(v) {
				continue
			}
			t := 0.5
			if hi > lo {
				t = (v - lo) / (hi - lo)
			}
			x, y := left+float64(j)*cw, top+float64(i)*ch
			cv.rect(x, y, cw, ch, `fill="`+heatColor(t)+`"`)
			if labelled {
				ink := "#ffffff"
				if t > 0.6 {
					ink = "#000000"
				}
				cv.text(x+cw/2, y+ch/2+4, "middle", strconv.FormatFloat(v, 'g', 3, 64), `fill="`+ink+`" font-size="11"`)
			}
		}
	}
	every := labelStride(cols, right-left)
	for j, l := range c.xlabels {
		if j%every == 0 {
			cv.text(left+(float64(j)+0.5)*cw, bottom+18, "middle", l, `fill="#6e7079"`)
		}
	}
	everyY := max(1, (rows*16+int(bottom-top)-1)/int(bottom-top))
	for i, l := range c.ylabs {
		if i%everyY == 0 {
			cv.text(left-6, top+(float64(i)+0.5)*ch+4, "end", l, `fill="#6e7079"`)
		}
	}
	// Colour bar on the right, high values at the top.
	const steps = 32
	for k := 0; k < steps; k++ {
		y := top + (bottom-top)*float64(k)/steps
		cv.rect(float64(w-70), y, 14, (bottom-top)/steps+0.5, `fill="`+heatColor(1-float64(k)/(steps-1))+`"`)
	}
	cv.text(float64(w-50), top+8, "start", strconv.FormatFloat(hi, 'g', 3, 64), `fill="#6e7079"`)
	cv.text(float64(w-50), bottom, "start", strconv.FormatFloat(lo, 'g', 3, 64), `fill="#6e7079"`)
	f := &frame{c: cv, left: left, right: right, top: top, bottom: bottom}
	f.axisLines(c.XLabel, c.YLabel)
	return cv.String()
}
