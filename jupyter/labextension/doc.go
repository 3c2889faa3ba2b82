// Package labextension holds yak's JupyterLab 4 / Notebook 7 extension, a
// mime renderer for the charts of plugins/chart, and installs it.
//
// # Why
//
// A chart output used to carry the whole ECharts library (about 450 kB) in
// its text/html, so a notebook with twenty charts weighed megabytes. Charts
// now also carry their ECharts option as JSON under MIME
// (application/vnd.yak.echarts+json); this extension renders that JSON with
// one copy of ECharts bundled into the front end, ahead of the HTML. Other
// front ends and exports still get the HTML: a static SVG and a loader that
// finds the library once per document (see plugins/chart).
//
// # Build and install
//
// The extension's source is src/index.js; `make labextension` builds it
// with @jupyterlab/builder, pinned with everything else by package-lock.json,
// into dist/, which go:embed puts into the binary. Install copies it into
// DATA/labextensions/@yaknb/jupyterlab-echarts (DATA being the Jupyter data
// directory that `yak install` writes the kernelspec to), where JupyterLab
// and Notebook 7 load it at start-up without a rebuild. A binary built
// without it (plain `go build`) installs no extension, and charts fall back
// to their HTML.
package labextension
