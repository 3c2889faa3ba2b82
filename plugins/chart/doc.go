// Package chart draws charts inside notebooks: line, scatter, bar,
// histogram, heatmap, image grids and reliability diagrams. Each chart is a
// value that renders itself (display.Bundler), so it shows when it is the
// last expression of a cell or is passed to display.Display:
//
//	c := chart.Line("train", steps, losses).Add("validation", evalSteps, valLosses)
//	c.Title, c.XLabel, c.YLabel = "loss", "step", "cross-entropy"
//	c
//
// Constructors take []float64 (and []string labels, []image.Image) and are
// not generic, so interpreted cells call them directly. Bad input (slices
// of different lengths, confidences outside [0, 1]) does not panic: the
// chart's output is the error message, also available from Err.
//
// # One output, three renderings
//
// A chart's bundle holds:
//
//   - text/html: an interactive ECharts chart (built with go-echarts), with
//     a fresh element id per rendering, so the same chart shown twice draws
//     twice;
//   - image/svg+xml: the same data drawn by this package's small SVG
//     plotter, for places that run no script: nbconvert to PDF, GitHub,
//     untrusted notebooks, exported Markdown. The HTML also starts with
//     this image and swaps it for the ECharts canvas once the library is
//     loaded, so if scripts do not run, the data still shows;
//   - text/plain: one line describing the chart (series, ranges, ECE).
//
// The image grid has nothing to hover or zoom: its HTML is its SVG.
//
// # Loading ECharts offline
//
// `make build` fetches the pinned ECharts (Version) from the npm registry,
// checks its sha256 (assets/echarts.min.js.sha256) and embeds it. By
// default every chart output carries the library, gzip-compressed and
// base64-encoded (about 450 kB instead of 1 MB), in a non-executed
// <script type="application/octet-stream" data-yak-echarts> element. The
// first chart on a page decodes it with the browser's DecompressionStream
// and evaluates it once; later charts share the same promise on window, and
// find the first payload on the page, not necessarily their own.
//
// The trade-off: each output works alone (a saved notebook, a cell copied
// elsewhere, outputs cleared but one), at the price of about 450 kB per
// chart in the .ipynb file. A page that holds many charts, such as the
// `yak run` report, may keep one copy: write LibraryHTML once and pass
// each chart's HTML through StripLibrary. UseCDN (or YAK_ECHARTS=cdn, or
// YAK_ECHARTS=<url>) makes outputs small and loads the library from a CDN,
// which needs the network. A binary built without the fetch (plain
// `go build`) falls back to DefaultCDN.
//
// In the classic Notebook, RequireJS defines window.define, and the UMD
// build of ECharts would register itself as an anonymous AMD module (an
// error) instead of setting window.echarts; the loader hides define while
// the library evaluates and then restores it. JupyterLab and Notebook 7
// have no define and load it directly. JupyterLab runs scripts of trusted
// outputs only: in an untrusted notebook the static image shows.
package chart
