package report

// pageCSS is the report's stylesheet. It is embedded in every report so the
// page needs nothing but itself; the code colours follow it (from chroma).
const pageCSS = `:root { --border: #d8dee4; --muted: #57606a; --prompt: #303f9f; --out: #d84315; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fa; color: #1f2328;
  font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
main.yak-report { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; background: #fff;
  min-height: 100vh; border-left: 1px solid var(--border); border-right: 1px solid var(--border); }
header { border-bottom: 1px solid var(--border); margin-bottom: 16px; }
header h1 { margin: 8px 0 4px; font-size: 26px; }
.yak-meta { color: var(--muted); margin: 0 0 12px; font-size: 13px; }
.yak-failures { color: #b42318; margin: 0 0 12px; }
.cell { margin: 10px 0; }
.cell.markdown { padding: 0 4px 0 84px; }
.cell.markdown img { max-width: 100%; }
.math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", "Times New Roman", serif; white-space: pre-wrap; }
.math.display { display: block; text-align: center; margin: 8px 0; }
.cell.markdown table, .output table { border-collapse: collapse; margin: 8px 0; }
.cell.markdown th, .cell.markdown td, .output th, .output td { border: 1px solid var(--border); padding: 4px 10px; }
.cell.markdown th, .output th { background: #f6f8fa; }
.input { display: flex; }
.prompt { flex: 0 0 80px; padding: 6px 6px 0 0; text-align: right; color: var(--prompt);
  font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.prompt.out { color: var(--out); }
.source { flex: 1; min-width: 0; border: 1px solid var(--border); border-radius: 4px; background: #f7f7f7; }
.source pre { margin: 0; padding: 6px 10px; overflow-x: auto; background: transparent !important; }
pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.outputs { margin: 4px 0 0; }
.output { display: flex; padding-left: 80px; }
.output.result { padding-left: 0; }
.output > pre, .output .body { flex: 1; min-width: 0; overflow-x: auto; }
.output pre { margin: 4px 0; padding: 0 10px; white-space: pre-wrap; word-break: break-word; }
.output.stream.stderr pre { background: #fff5f5; }
.output.error pre { background: #fff0f0; border-left: 3px solid #d1242f; padding: 6px 10px; }
.output .body { padding: 2px 10px; }
.output .body img, .output .body svg { max-width: 100%; height: auto; }
.yak-note { color: var(--muted); font-style: italic; }
.math.display { overflow-x: auto; overflow-y: hidden; }
.math.typeset { white-space: normal; }
/* MathML needs a font with an OpenType MATH table for stretchy operators
   and large sums; Chromium's generic "math" family often finds none. */
.math math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", "DejaVu Math TeX Gyre", math; font-size: 1.1em; }
.math.tex-error { color: #b42318; }
@page { margin: 14mm 12mm; }
@media print {
  body { background: #fff; }
  main.yak-report { max-width: none; min-height: 0; padding: 0; border: 0; }
  /* Page breaks between cells: a cell (its code and outputs), a chart, a
     picture or a formula moves to the next page whole when it fits on one. */
  .cell.code, .output, .yak-chart, .math.display, img, svg, table { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  .source pre { white-space: pre-wrap; word-break: break-word; }
}
`
