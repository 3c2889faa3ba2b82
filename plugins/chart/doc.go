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
// # One output, four renderings
//
// A chart's bundle holds:
//
//   - application/vnd.yak.echarts+json (MIMEECharts): the ECharts option,
//     size and title, which yak's JupyterLab 4 / Notebook 7 extension
//     (jupyter/labextension, installed by `yak install`) draws with the one
//     copy of ECharts it bundles. Front ends prefer it to the HTML; it runs
//     no script from the output, so it is interactive in untrusted
//     notebooks too;
//   - text/html: for other front ends and exports (nbconvert's HTML, the
//     `yak run` report), an interactive ECharts chart (built with
//     go-echarts), with a fresh element id per rendering, so the same chart
//     shown twice draws twice;
//   - image/svg+xml: the same data drawn by this package's small SVG
//     plotter, for places that run no script: nbconvert to PDF, GitHub,
//     exported Markdown. The HTML also starts with this image and swaps it
//     for the ECharts canvas once the library is loaded, so if scripts do
//     not run, the data still shows;
//   - text/plain: one line describing the chart (series, ranges, ECE).
//
// The image grid has nothing to hover or zoom: its HTML is its SVG.
//
// # Loading ECharts offline
//
// `make build` embeds the pinned ECharts (Version): built from the chart
// types and components this package uses when npm is there, else the full
// build fetched from the npm registry and checked against its sha256 (see
// assets/README.md). The first
// chart of a document (a kernel process, or one notebook under `yak run`:
// see NewDocument) carries the library in its HTML, gzip-compressed and
// base64-encoded (about 280 kB for yak's build, 450 kB for the full one),
// in a non-executed
// <script type="application/octet-stream" data-yak-echarts> element; later
// charts carry none. A chart's loader decodes the first payload on the
// page with the browser's DecompressionStream and evaluates it once; later
// charts share the same promise on window. So a notebook holds one copy,
// its nbconvert export too, and `yak run` puts it in the first chart and
// its report at the top of the page (LibraryHTML, StripLibrary).
//
// The trade-off: in front ends without the extension, a chart whose
// document lost its copy (that output cleared) shows its static image until
// the kernel restarts. UseCDN (or YAK_ECHARTS=cdn, or YAK_ECHARTS=<url>)
// loads the library from a CDN instead, which needs the network. A binary
// built without the fetch (plain `go build`) falls back to DefaultCDN.
//
// In the classic Notebook, RequireJS defines window.define, and the UMD
// build of ECharts would register itself as an anonymous AMD module (an
// error) instead of setting window.echarts; the loader hides define while
// the library evaluates and then restores it. Without the extension,
// JupyterLab runs scripts of trusted outputs only: in an untrusted notebook
// the static image shows.
package chart
