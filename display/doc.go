// Package display turns Go values into Jupyter rich outputs (MIME bundles) and
// sends them to whoever runs the cell: the yak kernel or `yak run`.
//
// It is a leaf package: it imports nothing of yak, so plugins, the runtime's
// callers and compiled programs can all use it.
//
// # Rendering
//
// Render(v) turns any value into a Bundle. text/plain is always there (String()
// for a fmt.Stringer, %v otherwise). Richer types come from the display
// contract, a set of one-method interfaces found by type assertion:
//
//	HTML() string        text/html
//	Markdown() string    text/markdown
//	SVG() string         image/svg+xml
//	PNG() []byte         image/png
//	JPEG() []byte        image/jpeg
//	LaTeX() string       text/latex
//	JSON() any           application/json
//	DisplayBundle() Bundle   the whole bundle, for values with several parts
//
// A type declared in a notebook cell may implement them too. image.Image
// values render as PNG. A []byte renders as an image only when it starts with
// the PNG or JPEG signature; other bytes are data and show as text.
//
// The helpers HTML, Markdown, SVG, PNG, JPEG, LaTeX, JSON, Image and Text wrap
// raw content into a Bundle, which Render passes through.
//
// # Publishing
//
// Display(v) shows v as a new output. DisplayID(v) does the same and returns a
// display id; Update(id, v) replaces that output in place (Jupyter's
// update_display_data). Clear(wait) clears the cell's output. The kernel and
// `yak run` install a Publisher; without one, outputs go to standard output as
// text, so compiled programs may use this package too.
//
// # Tables and progress
//
// Table renders experiment results as an HTML table and as aligned text;
// MeanSE and PlusMinus make "mean ± standard error" cells. Progress is a
// throttled progress bar that updates one output in place; compiled loops take
// it as a Reporter, a two-method interface they can declare themselves.
package display
