// Package report renders an executed notebook as one self-contained HTML page,
// the report that `yak run --html` writes.
//
// # What the page holds
//
// Markdown cells are rendered (GitHub-flavoured, raw HTML allowed as in
// Jupyter, pasted images from attachments inlined). TeX between $...$ and
// $$...$$ (and text/latex outputs) is kept out of Markdown's way and
// typeset as MathML by the embedded KaTeX (math.go, katex.go); a binary
// built without it shows the formulas as readable text. Go code is highlighted
// from go/scanner's tokens (highlight.go; chroma's formatter writes the markup)
// with an embedded stylesheet. Each output shows its richest MIME type: text/html
// as is (so an interactive chart stays interactive), SVG inline, PNG, JPEG
// and GIF as data URIs, Markdown rendered, JSON pretty-printed, and plain
// text escaped in a <pre>. ANSI colours in streams and tracebacks become
// styled spans; other terminal escapes are dropped.
//
// # Self-contained
//
// The page loads nothing: no stylesheet, font, script or image from outside.
// Opened from file:// with no network it looks the same. Charts from
// plugins/chart carry ECharts in their text/html output, so they draw offline
// too; the report keeps one copy for the whole page and drops the others
// (280 to 450 kB each), when the binary embeds the library. KaTeX travels
// the same way (gzip+base64, about 100 kB), only on pages with math.
//
// # PDF
//
// PDF prints a written report with headless Chromium (found on PATH, or
// YAK_CHROMIUM) once its charts are drawn and its math typeset; the page's
// print rules keep a cell, a chart or a formula on one page when it fits.
// Without Chromium it returns ErrNoChromium, which says how to install it.
package report
