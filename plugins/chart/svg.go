package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// The static rendering. A small SVG plotter of our own rather than
// gonum.org/v1/plot: it needs no fonts, adds no dependency, draws in the
// same colours as the ECharts theme, and its output is deterministic text
// that golden files can hold. It knows axes with round ticks, lines,
// points, bars and heat cells: what the charts here need.

// palette is ECharts' default series palette, so both renderings agree.
var palette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

func seriesColor(i int) string { return palette[i%len(palette)] }

// maxSVGPoints bounds the points drawn per series in the static image; the
// interactive chart keeps them all. Longer series are thinned by stride.
const maxSVGPoints = 2000

// canvas accumulates SVG elements.
type canvas struct {
	b    strings.Builder
	w, h int
}

func newCanvas(w, h int, title string) *canvas {
	c := &canvas{w: w, h: h}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`, w, h, w, h)
	fmt.Fprintf(&c.b, `<rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
	if title != "" {
		c.text(float64(w)/2, 22, "middle", title, `font-size="15" font-weight="bold" fill="#333"`)
	}
	return c
}

func (c *canvas) String() string { return c.b.String() + "</svg>" }

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func (c *canvas) text(x, y float64, anchor, s, attrs string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" text-anchor="%s" %s>%s</text>`, f1(x), f1(y), anchor, attrs, html.EscapeString(s))
}

func (c *canvas) line(x1, y1, x2, y2 float64, attrs string) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" %s/>`, f1(x1), f1(y1), f1(x2), f1(y2), attrs)
}

func (c *canvas) rect(x, y, w, h float64, attrs string) {
	if h < 0 {
		y, h = y+h, -h
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" %s/>`, f1(x), f1(y), f1(w), f1(h), attrs)
}

// scale maps data values to pixels linearly.
type scale struct{ min, max, lo, hi float64 }

func (s scale) at(v float64) float64 {
	if s.max == s.min {
		return (s.lo + s.hi) / 2
	}
	return s.lo + (v-s.min)/(s.max-s.min)*(s.hi-s.lo)
}

// niceStep is a round step (1, 2 or 5 times a power of ten) that cuts span
// into about n parts.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// niceRange widens [lo, hi] to round ticks and returns the ticks.
func niceRange(lo, hi float64, n int) (float64, float64, []float64) {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		lo, hi = 0, 1
	}
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		lo, hi = lo-d, hi+d
	}
	step := niceStep(hi-lo, n)
	lo = math.Floor(lo/step+1e-9) * step
	hi = math.Ceil(hi/step-1e-9) * step
	var ticks []float64
	for i := 0; ; i++ {
		t := lo + float64(i)*step
		if t > hi+step*1e-9 {
			break
		}
		ticks = append(ticks, t)
	}
	return lo, hi, ticks
}

// decades widens a range of log10 values to whole powers of ten and
// returns ticks on them (every k-th power when there are many).
func decades(lo, hi float64) (float64, float64, []float64) {
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	lo, hi = math.Floor(lo), math.Ceil(hi)
	if hi == lo {
		hi = lo + 1
	}
	step := math.Ceil((hi - lo) / 8)
	var ticks []float64
	for t := lo; t <= hi; t += step {
		ticks = append(ticks, t)
	}
	if len(ticks) < 2 {
		ticks = append(ticks, lo+step)
	}
	return lo, hi, ticks
}

func tickLabel(v, step float64) string {
	if math.Abs(v) < step*1e-9 {
		v = 0
	}
	if a := math.Abs(v); a >= 1e6 || (a > 0 && a < 1e-4) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	// Round to the step's decimals, then print the shortest form: 0.5, 1, 1.5.
	dec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	p := math.Pow(10, float64(dec))
	return groupThousands(strconv.FormatFloat(math.Round(v*p)/p, 'f', -1, 64))
}

// groupThousands puts commas between the thousands of a number's integer
// part (150000 -> 150,000), as the interactive chart's axis labels do.
func groupThousands(s string) string {
	sign, digits := "", s
	if strings.HasPrefix(s, "-") {
		sign, digits = "-", s[1:]
	}
	frac := ""
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits, frac = digits[:i], digits[i:]
	}
	if len(digits) <= 3 {
		return s
	}
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return sign + b.String() + frac
}

// frame is a plot area with its two scales.
type frame struct {
	c                        *canvas
	left, top, right, bottom float64
	x, y                     scale
}

// margins of the plot area: room for the title, tick labels and axis names.
const (
	marginLeft   = 64
	marginRight  = 24
	marginTop    = 44
	marginBottom = 52
)

func newFrame(c *canvas, top, bottom float64) *frame {
	return &frame{c: c, left: marginLeft, right: float64(c.w - marginRight), top: top, bottom: bottom}
}

// numericAxes sets value scales over the data ranges, draws grid lines,
// ticks and axis names, and returns the frame ready for drawing.
func (f *frame) numericAxes(xlo, xhi, ylo, yhi float64, xname, yname string) {
	f.axes(xlo, xhi, ylo, yhi, false, xname, yname)
}

// axes is numericAxes with an optional log y axis: ylo and yhi are then
// log10 values, ticks fall on powers of ten and the caller draws log10(y).
func (f *frame) axes(xlo, xhi, ylo, yhi float64, logY bool, xname, yname string) {
	xlo, xhi, xt := niceRange(xlo, xhi, 6)
	var yt []float64
	if logY {
		ylo, yhi, yt = decades(ylo, yhi)
	} else {
		ylo, yhi, yt = niceRange(ylo, yhi, 6)
	}
	f.x = scale{xlo, xhi, f.left, f.right}
	f.y = scale{ylo, yhi, f.bottom, f.top}
	for _, t := range yt {
		py := f.y.at(t)
		f.c.line(f.left, py, f.right, py, `stroke="#e0e6f1"`)
		label := tickLabel(t, yt[1]-yt[0])
		if logY {
			label = strconv.FormatFloat(math.Pow(10, t), 'g', -1, 64)
		}
		f.c.text(f.left-6, py+4, "end", label, `fill="#6e7079"`)
	}
	for _, t := range xt {
		px := f.x.at(t)
		f.c.line(px, f.bottom, px, f.bottom+5, `stroke="#6e7079"`)
		f.c.text(px, f.bottom+18, "middle", tickLabel(t, xt[1]-xt[0]), `fill="#6e7079"`)
	}
	f.axisLines(xname, yname)
}

// categoryAxes sets a band scale of n categories on x and a value scale on
// y; bars are drawn by the caller at band centres.
func (f *frame) categoryAxes(labels []string, ylo, yhi float64, xname, yname string) {
	ylo, yhi, yt := niceRange(ylo, yhi, 6)
	f.y = scale{ylo, yhi, f.bottom, f.top}
	n := max(len(labels), 1)
	f.x = scale{-0.5, float64(n) - 0.5, f.left, f.right}
	for _, t := range yt {
		py := f.y.at(t)
		f.c.line(f.left, py, f.right, py, `stroke="#e0e6f1"`)
		f.c.text(f.left-6, py+4, "end", tickLabel(t, yt[1]-yt[0]), `fill="#6e7079"`)
	}
	every := labelStride(len(labels), f.right-f.left)
	for i, l := range labels {
		if i%every == 0 {
			f.c.text(f.x.at(float64(i)), f.bottom+18, "middle", l, `fill="#6e7079"`)
		}
	}
	f.axisLines(xname, yname)
}

// labelStride keeps category labels from overlapping: show every k-th.
func labelStride(n int, width float64) int {
	fit := max(int(width/56), 1)
	return max(1, (n+fit-1)/fit)
}

func (f *frame) axisLines(xname, yname string) {
	f.c.line(f.left, f.bottom, f.right, f.bottom, `stroke="#6e7079"`)
	if xname != "" {
		f.c.text((f.left+f.right)/2, f.bottom+40, "middle", xname, `fill="#333"`)
	}
	if yname != "" {
		cy := (f.top + f.bottom) / 2
		fmt.Fprintf(&f.c.b, `<text transform="translate(16 %s) rotate(-90)" text-anchor="middle" fill="#333">%s</text>`, f1(cy), html.EscapeString(yname))
	}
}

// polyline draws a line through the points, broken where a value is not
// finite.
func (f *frame) polyline(xs, ys []float64, stroke, attrs string) {
	var pts []string
	flush := func() {
		if len(pts) > 1 {
			fmt.Fprintf(&f.c.b, `<polyline fill="none" stroke="%s" stroke-width="2" %spoints="%s"/>`, stroke, attrs, strings.Join(pts, " "))
		}
		pts = pts[:0]
	}
	for _, i := range thin(len(xs)) {
		if !finite(xs[i]) || !finite(ys[i]) {
			flush()
			continue
		}
		pts = append(pts, f1(f.x.at(xs[i]))+","+f1(f.y.at(ys[i])))
	}
	flush()
}

func (f *frame) points(xs, ys []float64, fill string) {
	for _, i := range thin(len(xs)) {
		if finite(xs[i]) && finite(ys[i]) {
			fmt.Fprintf(&f.c.b, `<circle cx="%s" cy="%s" r="3" fill="%s" fill-opacity="0.8"/>`, f1(f.x.at(xs[i])), f1(f.y.at(ys[i])), fill)
		}
	}
}

// thin returns the indices drawn for a series of n points.
func thin(n int) []int {
	stride := max(1, (n+maxSVGPoints-1)/maxSVGPoints)
	idx := make([]int, 0, n/stride+1)
	for i := 0; i < n; i += stride {
		idx = append(idx, i)
	}
	if n > 0 && idx[len(idx)-1] != n-1 {
		idx = append(idx, n-1)
	}
	return idx
}

// legend draws series names in rows under the title, wrapping before an
// entry would run past the right edge, and returns the top of the plot area
// below it: six or more series with long names need a second row.
func (c *canvas) legend(names []string) float64 {
	const rowHeight = 16
	x, y := float64(marginLeft), 30.0
	for i, n := range names {
		w := 30 + 7*float64(len([]rune(n)))
		if x > marginLeft && x+w-12 > float64(c.w-marginRight) {
			x, y = marginLeft, y+rowHeight
		}
		c.rect(x, y, 14, 8, `fill="`+seriesColor(i)+`"`)
		c.text(x+18, y+8, "start", n, `fill="#333"`)
		x += w
	}
	return marginTop + 16 + (y - 30)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// extent is the range of the finite values in xs (NaN, NaN when none).
func extent(xs ...[]float64) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range xs {
		for _, x := range s {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}
