package chart

import (
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var elementID = regexp.MustCompile(`yak-chart-[0-9a-f]{16}`)

// fixedSource makes outputs independent of the build: a short stand-in
// payload instead of the 450 kB library.
func fixedSource(t *testing.T, payload, url string) {
	t.Helper()
	prev := source
	source = func() (string, string) { return payload, url }
	perDocument = false
	t.Cleanup(func() { source, perDocument = prev, true })
}

// normalise replaces the random element ids so golden files are stable.
func normalise(b display.Bundle) display.Bundle {
	data := map[string]any{}
	for k, v := range b.Data {
		if s, ok := v.(string); ok {
			v = elementID.ReplaceAllString(s, "yak-chart-ID")
		}
		data[k] = v
	}
	b.Data = data
	return b
}

func golden(t *testing.T, name string, b display.Bundle) {
	t.Helper()
	got, err := json.MarshalIndent(normalise(b).Data, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got)+"\n" != string(want) {
		t.Errorf("%s differs from %s; run go test -update and review the diff", name, path)
	}
}

// samples are the charts of the golden tests, from seeded data.
func samples() map[string]display.Bundler {
	r := rand.New(rand.NewPCG(7, 11))
	steps := seq(60)
	train, val := make([]float64, 60), make([]float64, 60)
	for i := range steps {
		train[i] = math.Exp(-steps[i]/20) + 0.02*r.NormFloat64()
		val[i] = math.Exp(-steps[i]/25) + 0.1
	}
	val[30] = math.NaN() // a gap in the curve
	logLine := Line("loss", steps, train)
	logLine.LogY = true
	line := Line("train", steps, train).Add("validation", steps, val)
	line.Title, line.XLabel, line.YLabel = "loss", "step", "cross-entropy"

	xs, ys, normal := make([]float64, 80), make([]float64, 80), make([]float64, 500)
	for i := range xs {
		xs[i] = r.NormFloat64()
		ys[i] = 2*xs[i] + r.NormFloat64()
	}
	for i := range normal {
		normal[i] = r.NormFloat64()
	}
	var conf []float64
	var correct []bool
	for i := 0; i < 1000; i++ {
		p := 0.5 + 0.5*r.Float64()
		conf = append(conf, p)
		correct = append(correct, r.Float64() < p-0.1)
	}
	var imgs []image.Image
	for k := 0; k < 4; k++ {
		im := image.NewGray(image.Rect(0, 0, 4, 4))
		im.Set(k, k, color.Gray{Y: 255})
		imgs = append(imgs, im)
	}
	return map[string]display.Bundler{
		"line":        line,
		"line-log":    logLine,
		"scatter":     Scatter("y = 2x + noise", xs, ys),
		"bar":         Bar("accuracy", []string{"base", "ours"}, []float64{0.81, 0.86}).Add("seed 2", []float64{0.8, 0.85}),
		"histogram":   Histogram("normal", normal, 12),
		"heatmap":     Heatmap("confusion", [][]float64{{50, 2}, {5, 43}}, []string{"cat", "dog"}, []string{"cat", "dog"}),
		"images":      Images("samples", imgs, []string{"0", "1", "2", "3"}, 2),
		"reliability": Reliability("calibration", conf, correct, 10),
	}
}

func TestGolden(t *testing.T) {
	fixedSource(t, "UEFZTE9BRA==", "")
	for name, c := range samples() {
		t.Run(name, func(t *testing.T) {
			b := display.Render(c)
			if name != "images" {
				for _, m := range []string{"text/plain", "text/html", "image/svg+xml"} {
					if _, ok := b.Data[m]; !ok {
						t.Errorf("bundle lacks %s", m)
					}
				}
			}
			golden(t, name, b)
		})
	}
}

func TestUniqueElementIDs(t *testing.T) {
	fixedSource(t, "", DefaultCDN)
	c := Bar("b", []string{"x"}, []float64{1})
	a, b := display.Render(c).Data["text/html"].(string), display.Render(c).Data["text/html"].(string)
	ida, idb := elementID.FindString(a), elementID.FindString(b)
	if ida == "" || ida == idb {
		t.Errorf("ids %q and %q: want two different ids", ida, idb)
	}
	if strings.Count(a, ida) != 2 { // the container and the call of the loader
		t.Errorf("id %s used %d times in one output, want 2", ida, strings.Count(a, ida))
	}
}

func TestLibraryModes(t *testing.T) {
	html := func() string { return display.Render(Line("l", nil, []float64{1, 2})).Data["text/html"].(string) }
	UseCDN("https://example.org/echarts.js")
	t.Cleanup(UseEmbedded)
	if h := html(); strings.Contains(h, payloadAttr) || !strings.Contains(h, `"https://example.org/echarts.js"`) {
		t.Errorf("CDN mode output carries the payload or lacks the URL")
	}
	UseEmbedded()
	NewDocument()
	h := html()
	if Embedded() {
		if h2 := html(); strings.Contains(h2, payloadAttr) || len(h2) > 20_000 {
			t.Errorf("the second chart of a document carries the library (%d bytes)", len(h2))
		}
		NewDocument()
		if h3 := html(); !strings.Contains(h3, payloadAttr) {
			t.Errorf("the first chart after NewDocument lacks the library")
		}
		if strings.Count(h, payloadAttr) != 1 || len(h) < 200_000 { // 280 kB (yak's build) to 450 kB (the full one)
			t.Errorf("embedded output: %d payload elements, %d bytes", strings.Count(h, payloadAttr), len(h))
		}
		stripped := StripLibrary(h + LibraryHTML())
		if strings.Contains(stripped, payloadAttr) || len(stripped) > 20_000 {
			t.Errorf("StripLibrary left %d bytes", len(stripped))
		}
	} else if !strings.Contains(h, DefaultCDN) {
		t.Errorf("without the embedded library, charts must fall back to %s", DefaultCDN)
	}
}

// The Makefile fetches the version the code names in its CDN URL.
func TestVersionMatchesMakefile(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^ECHARTS_VERSION\s*:=\s*(\S+)`).FindSubmatch(mk)
	if m == nil || string(m[1]) != Version {
		t.Errorf("Makefile ECHARTS_VERSION = %q, chart.Version = %q", m, Version)
	}
}

func TestInputErrors(t *testing.T) {
	tests := []struct {
		name string
		c    display.Bundler
		want string
	}{
		{"xy lengths", Line("l", []float64{1, 2}, []float64{1}), `series "l" has 2 x values but 1 y values`},
		{"bar lengths", Bar("b", []string{"a", "b"}, []float64{1}), `bar series "b" has 1 values for 2 labels`},
		{"histogram empty", Histogram("h", []float64{math.NaN()}, 5), `histogram "h" has no finite values`},
		{"heatmap ragged", Heatmap("m", [][]float64{{1, 2}, {3}}, nil, nil), `row 1 has 1 values, row 0 has 2`},
		{"heatmap labels", Heatmap("m", [][]float64{{1, 2}}, []string{"a"}, nil), `has 1 x labels`},
		{"images none", Images("i", nil, nil, 0), `has no images`},
		{"reliability range", Reliability("r", []float64{1.5}, []bool{true}, 5), `confidence 0 is 1.5, outside [0, 1]`},
		{"reliability lengths", Reliability("r", []float64{0.5}, nil, 5), `1 confidences but 0 outcomes`},
		{"bins lengths", ReliabilityBins("r", []float64{0.5}, []float64{}, []int{1}), `got 1, 0, 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := display.Render(tt.c)
			if s := b.String(); !strings.Contains(s, tt.want) || !strings.HasPrefix(s, "chart: ") {
				t.Errorf("text %q, want it to contain %q", s, tt.want)
			}
			if _, ok := b.Data["image/svg+xml"]; ok {
				t.Error("an erroneous chart must not draw")
			}
		})
	}
}

func TestHistogramCounts(t *testing.T) {
	h := Histogram("h", []float64{0, 1, 1, 2, 3, 4, math.Inf(1)}, 4)
	edges, counts := h.Counts()
	if fmt.Sprint(edges) != "[0 1 2 3 4]" || fmt.Sprint(counts) != "[1 2 1 2]" {
		t.Errorf("edges %v counts %v", edges, counts)
	}
	if one := Histogram("c", []float64{3, 3}, 0); fmt.Sprint(one.counts) != "[0 0 2 0 0]" {
		t.Errorf("constant values: counts %v", one.counts)
	}
}

func TestReliabilityECE(t *testing.T) {
	// Bin [0.5, 0.75): confidences 0.6, 0.6, one right: |0.5-0.6| over 2.
	// Bin [0.75, 1]: 0.9 and 1.0, both right: |1-0.95| over 2.
	c := Reliability("r", []float64{0.6, 0.6, 0.9, 1.0}, []bool{true, false, true, true}, 4)
	if want := (2*0.1 + 2*0.05) / 4; math.Abs(c.ECE()-want) > 1e-12 {
		t.Errorf("ECE = %v, want %v", c.ECE(), want)
	}
	if fmt.Sprint(c.counts) != "[0 0 2 2]" {
		t.Errorf("counts %v", c.counts)
	}
	b := ReliabilityBins("r", []float64{0.55, 0.8}, []float64{0.5, 0.9}, []int{10, 30})
	if want := (10*0.05 + 30*0.1) / 40; math.Abs(b.ECE()-want) > 1e-12 {
		t.Errorf("ECE from bins = %v, want %v", b.ECE(), want)
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{0, 1, "[0 0.2 0.4 0.6 0.8 1]"},
		{-0.03, 1.1, "[-0.5 0 0.5 1 1.5]"},
		{3, 3, "[2.4 2.6 2.8 3 3.2 3.4 3.6]"},
		{math.NaN(), math.NaN(), "[0 0.2 0.4 0.6 0.8 1]"},
		{0, 187, "[0 50 100 150 200]"},
		{0, 187_000, "[0 50,000 100,000 150,000 200,000]"},
		{-2500, 1000, "[-3,000 -2,000 -1,000 0 1,000]"},
	}
	if lo, hi, ticks := decades(-2.3, 0.4); lo != -3 || hi != 1 || fmt.Sprint(ticks) != "[-3 -2 -1 0 1]" {
		t.Errorf("decades(-2.3, 0.4) = %v, %v, %v", lo, hi, ticks)
	}
	for _, tt := range tests {
		_, _, ticks := niceRange(tt.lo, tt.hi, 5)
		labels := make([]string, len(ticks))
		for i, v := range ticks {
			labels[i] = tickLabel(v, ticks[1]-ticks[0])
		}
		if got := "[" + strings.Join(labels, " ") + "]"; got != tt.want {
			t.Errorf("niceRange(%v, %v) ticks %s, want %s", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestLongSeriesThinnedInSVG(t *testing.T) {
	y := make([]float64, 100_000)
	for i := range y {
		y[i] = math.Sin(float64(i) / 1000)
	}
	svg := Line("long", nil, y).SVG()
	if len(svg) > 40_000 {
		t.Errorf("SVG of 100k points is %d bytes; want it thinned to about %d points", len(svg), maxSVGPoints)
	}
}

func TestLargeHeatmapSVG(t *testing.T) {
	z := make([][]float64, 300)
	for i := range z {
		z[i] = make([]float64, 300)
		for j := range z[i] {
			z[i][j] = math.Sin(float64(i*j) / 900)
		}
	}
	z[5][7] = math.NaN()
	svg := Heatmap("attention", z, nil, nil).SVG()
	if len(svg) > 300_000 || !strings.Contains(svg, "data:image/png;base64,") {
		t.Errorf("300x300 heatmap SVG is %d bytes; want the cells as one embedded PNG", len(svg))
	}
}

func ExampleLine() {
	c := Line("loss", nil, []float64{1.2, 0.7, 0.5, 0.45})
	c.XLabel = "epoch"
	fmt.Println(c)
	// Output:
	// line chart "loss": loss (4 points); x 0 to 3, y 0.45 to 1.2
}

func ExampleReliability() {
	conf := []float64{0.95, 0.9, 0.8, 0.7, 0.65, 0.6}
	correct := []bool{true, true, false, true, false, true}
	c := Reliability("model A", conf, correct, 5)
	fmt.Printf("%.4f\n", c.ECE())
	fmt.Println(c)
	// Output:
	// 0.1167
	// reliability diagram "model A": 6 predictions in 5 bins, ECE 0.1167
}

// TestLegendWraps: the static legend of many series with long names wraps
// into rows inside the chart, and the plot area starts below the last row.
func TestLegendWraps(t *testing.T) {
	names := []string{"NeuSquareCB", "NeuFastCB", "uniform", "ε-greedy (neural)", "LinUCB (α = 1)", "linear SquareCB", "NeuralTS"}
	c := Scatter(names[0], []float64{0, 1}, []float64{0, 1})
	for _, n := range names[1:] {
		c.Add(n, []float64{0, 1}, []float64{1, 0})
	}
	svg := c.SVG()
	w, _ := c.size()
	re := regexp.MustCompile(`<text x="([0-9.]+)" y="([0-9.]+)" text-anchor="start" fill="#333">([^<]+)</text>`)
	rows := map[string]bool{}
	found := 0
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		name := html.UnescapeString(m[3])
		if !slices.Contains(names, name) {
			continue
		}
		found++
		rows[m[2]] = true
		if right := x + 7*float64(len([]rune(name))); right > float64(w) {
			t.Errorf("legend entry %q ends at x = %.0f, past the chart's width %d", name, right, w)
		}
	}
	if found != len(names) {
		t.Fatalf("legend shows %d of %d series names", found, len(names))
	}
	if len(rows) < 2 {
		t.Errorf("legend of %d long names on %d row(s); want it wrapped", len(names), len(rows))
	}
	cv := newCanvas(w, 400, "")
	if top := cv.legend(names); top != marginTop+16+16*float64(len(rows)-1) {
		t.Errorf("plot top %.0f for %d legend rows", top, len(rows))
	}
	if top := newCanvas(w, 400, "").legend(names[:2]); top != marginTop+16 {
		t.Errorf("one legend row moved the plot to %.0f", top)
	}
}

// TestInteractiveLegendRoom: the ECharts plot area starts below the rows
// its legend wraps into.
func TestInteractiveLegendRoom(t *testing.T) {
	names := []string{"NeuSquareCB", "NeuFastCB", "uniform", "ε-greedy (linear)", "ε-greedy (neural)", "LinUCB", "SquareCB (linear)", "NeuralUCB", "NeuralTS"}
	c := Line(names[0], nil, []float64{1, 2})
	for _, n := range names[1:] {
		c.Add(n, nil, []float64{2, 1})
	}
	grid := func(c *XY) float64 {
		g := c.option()["grid"].([]any)[0].(map[string]any)
		top, err := strconv.ParseFloat(g["top"].(string), 64)
		if err != nil {
			t.Fatal(err)
		}
		return top
	}
	if top := grid(c); top < marginTop+16+24 {
		t.Errorf("9 long legend entries: plot area at %v, want room for a second legend row", top)
	}
	if top := grid(Line("one", nil, []float64{1, 2})); top != marginTop+16 {
		t.Errorf("no legend: plot area at %v, want %v", top, marginTop+16)
	}
}

// Empty bins are gaps in the interactive chart, whatever values the caller
// gave them (issue 17: empty bins were drawn).
func TestReliabilityEmptyBinsAreGaps(t *testing.T) {
	c := ReliabilityBins("r", []float64{0.05, 0.15, 0.25}, []float64{0.1, 0, 0.3}, []int{4, 0, 6})
	opt := c.option()
	series, _ := opt["series"].([]any)
	if len(series) == 0 {
		t.Fatalf("no series in %v", opt)
	}
	found := 0
	for _, s := range series {
		m, _ := s.(map[string]any)
		name, _ := m["name"].(string)
		if name != "accuracy" && name != "mean confidence" {
			continue
		}
		data, _ := m["data"].([]any)
		if len(data) != 3 || data[1] != "-" || data[0] == "-" {
			t.Errorf("%s: data %v, want a gap in the empty middle bin only", name, data)
		}
		found++
	}
	if found != 2 {
		t.Errorf("found %d of the accuracy and confidence series in %v", found, series)
	}
}
