package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/yaknb/yak/notebook"
	"github.com/yaknb/yak/plugins/chart"
)

// Options control Render.
type Options struct {
	// Title heads the report; empty means the notebook's metadata.title, or
	// "Notebook".
	Title string
	// Source names the notebook the report was made from (shown under the
	// title); empty shows nothing.
	Source string
	// Failures are cells that failed (from notebook.Execute); the report
	// lists them at the top with links.
	Failures []*notebook.CellError
}

// mimeOrder is the preference of output MIME types, richest first: a chart's
// interactive HTML wins over its static SVG or PNG, which win over text.
var mimeOrder = []string{
	"text/html",
	"image/svg+xml",
	"image/png",
	"image/jpeg",
	"image/gif",
	"text/markdown",
	"text/latex",
	"application/json",
	"text/plain",
}

// Richest returns the MIME type of data that the report shows, or "" when
// it has none that the report can show.
func Richest(data map[string]any) string {
	for _, m := range mimeOrder {
		if _, ok := data[m]; ok {
			return m
		}
	}
	for _, m := range slices.Sorted(maps.Keys(data)) {
		if strings.HasSuffix(m, "+json") {
			return m
		}
	}
	return ""
}

// Write renders nb as a self-contained HTML page to w.
func Write(w io.Writer, nb *notebook.Notebook, opts Options) error {
	r := newRenderer(nb)
	var b bytes.Buffer
	r.page(&b, nb, opts)
	if r.err != nil {
		return r.err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Render returns the HTML report of nb.
func Render(nb *notebook.Notebook, opts Options) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, nb, opts); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteFile renders nb and writes the report to path atomically.
func WriteFile(path string, nb *notebook.Notebook, opts Options) error {
	data, err := Render(nb, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return notebook.WriteFileAtomic(path, data)
}

type renderer struct {
	md        goldmark.Markdown
	lang      string // "go", or another language shown as plain text
	style     *chroma.Style
	formatter *chromahtml.Formatter
	err       error

	library         string // the shared ECharts payload; "" when not embedded
	strippedLibrary bool   // some chart output's own copy was dropped
	hasMath         bool   // the page holds TeX for KaTeX to typeset
}

func newRenderer(nb *notebook.Notebook) *renderer {
	lang := "go"
	if li, ok := nb.Metadata["language_info"].(map[string]any); ok {
		if l, ok := li["pygments_lexer"].(string); ok && l != "" {
			lang = l
		} else if l, ok := li["name"].(string); ok && l != "" {
			lang = l
		}
	}
	if strings.EqualFold(lang, "go") || strings.EqualFold(lang, "golang") {
		lang = "go"
	}
	return &renderer{
		md: goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			// Markdown cells may hold HTML, as they may in Jupyter.
			goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
		),
		lang:      lang,
		style:     codeStyle,
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.TabWidth(4)),
		library:   chart.LibraryHTML(),
	}
}

func (r *renderer) page(b *bytes.Buffer, nb *notebook.Notebook, opts Options) {
	title := opts.Title
	if title == "" {
		title, _ = nb.Metadata["title"].(string)
	}
	if title == "" {
		title = "Notebook"
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<meta name=\"generator\" content=\"yak run\">\n")
	fmt.Fprintf(b, "<title>%s</title>\n<style>\n%s", html.EscapeString(title), pageCSS)
	if err := r.formatter.WriteCSS(b, r.style); err != nil && r.err == nil {
		r.err = err
	}
	b.WriteString("</style>\n</head>\n<body>\n<main class=\"yak-report\">\n<header>\n")
	fmt.Fprintf(b, "<h1>%s</h1>\n", html.EscapeString(title))
	if meta := describeRun(nb, opts.Source); meta != "" {
		fmt.Fprintf(b, "<p class=\"yak-meta\">%s</p>\n", html.EscapeString(meta))
	}
	if len(opts.Failures) > 0 {
		b.WriteString("<ul class=\"yak-failures\">\n")
		for _, f := range opts.Failures {
			fmt.Fprintf(b, "<li><a href=\"#cell-%s\">Cell %d</a> failed: %s</li>\n",
				html.EscapeString(f.ID), f.Index+1, html.EscapeString(StripANSI(f.Err.Error())))
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("</header>\n")
	var cells bytes.Buffer
	for i := range nb.Cells {
		r.cell(&cells, &nb.Cells[i])
	}
	if r.strippedLibrary {
		// One copy of ECharts for the whole page, before the first chart
		// looks for it.
		b.WriteString(r.library + "\n")
	}
	b.Write(cells.Bytes())
	b.WriteString("</main>\n")
	if r.hasMath {
		// After the cells: the script typesets the math elements above it.
		b.WriteString(typesetHTML())
	}
	b.WriteString("</body>\n</html>\n")
}

// chartHTML drops the ECharts copy that each chart output carries when the
// page can hold one shared copy instead: a report with ten charts would
// otherwise repeat the same 450 kB ten times. Without an embedded library
// (a binary built without `make echarts`) the outputs keep their own.
func (r *renderer) chartHTML(s string) string {
	if r.library == "" {
		return s
	}
	stripped := chart.StripLibrary(s)
	if len(stripped) != len(s) {
		r.strippedLibrary = true
	}
	return stripped
}

func describeRun(nb *notebook.Notebook, source string) string {
	var parts []string
	if source != "" {
		parts = append(parts, source)
	}
	if ks, ok := nb.Metadata["kernelspec"].(map[string]any); ok {
		if name, ok := ks["display_name"].(string); ok {
			parts = append(parts, name)
		}
	}
	code := 0
	for _, c := range nb.Cells {
		if c.Type == notebook.Code {
			code++
		}
	}
	parts = append(parts, fmt.Sprintf("%d cells, %d of code", len(nb.Cells), code))
	return strings.Join(parts, " · ")
}

func (r *renderer) cell(b *bytes.Buffer, c *notebook.Cell) {
	id := html.EscapeString(c.ID)
	switch c.Type {
	case notebook.Markdown:
		fmt.Fprintf(b, "<section class=\"cell markdown\" id=\"cell-%s\">\n", id)
		b.WriteString(r.markdown(c.Source, c.Attachments))
		b.WriteString("</section>\n")
	case notebook.Raw:
		fmt.Fprintf(b, "<section class=\"cell raw\" id=\"cell-%s\">\n", id)
		format, _ := c.Metadata["format"].(string)
		if format == "text/html" {
			b.WriteString(c.Source)
		} else {
			fmt.Fprintf(b, "<pre>%s</pre>", html.EscapeString(c.Source))
		}
		b.WriteString("\n</section>\n")
	case notebook.Code:
		fmt.Fprintf(b, "<section class=\"cell code\" id=\"cell-%s\">\n<div class=\"input\">", id)
		fmt.Fprintf(b, "<div class=\"prompt\">%s</div>", prompt("In", c.ExecutionCount))
		b.WriteString("<div class=\"source\">")
		r.highlight(b, c.Source)
		b.WriteString("</div></div>\n")
		if len(c.Outputs) > 0 {
			b.WriteString("<div class=\"outputs\">\n")
			for i := range c.Outputs {
				r.output(b, &c.Outputs[i])
			}
			b.WriteString("</div>\n")
		}
		b.WriteString("</section>\n")
	}
}

func prompt(label string, n *int) string {
	if n == nil {
		return label + "&nbsp;[&nbsp;]:"
	}
	return fmt.Sprintf("%s&nbsp;[%d]:", label, *n)
}

func (r *renderer) highlight(b *bytes.Buffer, src string) {
	var hb bytes.Buffer
	if err := r.formatter.Format(&hb, r.style, chroma.Literator(codeTokens(r.lang, src)...)); err == nil {
		b.Write(hb.Bytes())
		return
	}
	fmt.Fprintf(b, "<pre>%s</pre>", html.EscapeString(src))
}

// attachmentRef matches the attachment: URLs that Jupyter uses for images
// pasted into Markdown cells.
var attachmentRef = regexp.MustCompile(`(src|href)="attachment:([^"]+)"`)

func (r *renderer) markdown(src string, attachments map[string]any) string {
	var b bytes.Buffer
	protected, math := protectMath(src)
	if len(math) > 0 {
		r.hasMath = true
	}
	if err := r.md.Convert([]byte(protected), &b); err != nil {
		return fmt.Sprintf("<pre>%s</pre>\n", html.EscapeString(src))
	}
	out := restoreMath(b.String(), math)
	if len(attachments) > 0 {
		out = attachmentRef.ReplaceAllStringFunc(out, func(m string) string {
			sub := attachmentRef.FindStringSubmatch(m)
			bundle, _ := attachments[html.UnescapeString(sub[2])].(map[string]any)
			for _, mime := range slices.Sorted(maps.Keys(bundle)) {
				if s, ok := bundle[mime].(string); ok && strings.HasPrefix(mime, "image/") {
					return fmt.Sprintf(`%s="%s"`, sub[1], dataURI(mime, s))
				}
			}
			return m
		})
	}
	return out
}

func dataURI(mime, data string) string {
	if mime == "image/svg+xml" {
		return "data:image/svg+xml;charset=utf-8," + strings.NewReplacer("%", "%25", "\"", "%22", "#", "%23", "\n", "%0A").Replace(data)
	}
	return "data:" + mime + ";base64," + strings.Join(strings.Fields(data), "")
}

func (r *renderer) output(b *bytes.Buffer, o *notebook.Output) {
	switch o.Type {
	case notebook.Stream:
		fmt.Fprintf(b, "<div class=\"output stream %s\"><pre>%s</pre></div>\n",
			html.EscapeString(o.Name), ANSIToHTML(applyCarriageReturns(o.Text)))
	case notebook.Error:
		text := strings.Join(o.Traceback, "\n")
		if strings.TrimSpace(StripANSI(text)) == "" {
			text = o.EName + ": " + o.EValue
		}
		fmt.Fprintf(b, "<div class=\"output error\"><pre>%s</pre></div>\n", ANSIToHTML(text))
	case notebook.DisplayData, notebook.ExecuteResult:
		cls := "display"
		if o.Type == notebook.ExecuteResult {
			cls = "result"
		}
		fmt.Fprintf(b, "<div class=\"output %s\">", cls)
		if o.Type == notebook.ExecuteResult {
			fmt.Fprintf(b, "<div class=\"prompt out\">%s</div>", prompt("Out", o.ExecutionCount))
		}
		b.WriteString("<div class=\"body\">")
		r.mimeBundle(b, o.Data, o.Metadata)
		b.WriteString("</div></div>\n")
	}
}

func (r *renderer) mimeBundle(b *bytes.Buffer, data, meta map[string]any) {
	mime := Richest(data)
	text, _ := data[mime].(string)
	switch {
	case mime == "":
		fmt.Fprintf(b, "<pre class=\"yak-note\">(an output of type %s, which a static report cannot show)</pre>",
			html.EscapeString(strings.Join(slices.Sorted(maps.Keys(data)), ", ")))
	case mime == "text/html":
		b.WriteString(r.chartHTML(text))
	case mime == "image/svg+xml":
		b.WriteString(stripXMLProlog(text))
	case strings.HasPrefix(mime, "image/"):
		fmt.Fprintf(b, "<img src=\"%s\"%s alt=\"\">", dataURI(mime, text), imageSize(meta, mime))
	case mime == "text/markdown":
		b.WriteString(r.markdown(text, nil))
	case mime == "text/latex":
		if m, ok := latexHTML(text); ok {
			r.hasMath = true
			b.WriteString(m)
		} else {
			fmt.Fprintf(b, "<pre class=\"latex\">%s</pre>", html.EscapeString(text))
		}
	case mime == "text/plain":
		fmt.Fprintf(b, "<pre>%s</pre>", ANSIToHTML(text))
	default: // application/json and +json types
		pretty, err := json.MarshalIndent(data[mime], "", "  ")
		if err != nil {
			pretty = []byte(fmt.Sprint(data[mime]))
		}
		fmt.Fprintf(b, "<pre class=\"json\">%s</pre>", html.EscapeString(string(pretty)))
	}
}

// imageSize returns width and height attributes from an output's metadata,
// which Jupyter keys by MIME type ({"image/png": {"width": 300}}).
func imageSize(meta map[string]any, mime string) string {
	m, _ := meta[mime].(map[string]any)
	var attrs string
	for _, k := range []string{"width", "height"} {
		switch v := m[k].(type) {
		case json.Number:
			attrs += fmt.Sprintf(" %s=\"%s\"", k, v)
		case float64, int:
			attrs += fmt.Sprintf(" %s=\"%v\"", k, v)
		}
	}
	return attrs
}

var xmlProlog = regexp.MustCompile(`(?s)^\s*(<\?xml.*?\?>\s*)?(<!DOCTYPE[^>]*>\s*)?`)

// stripXMLProlog drops the XML declaration and doctype of an SVG document,
// which mean nothing (and may show as text) inside an HTML page.
func stripXMLProlog(svg string) string {
	return xmlProlog.ReplaceAllString(svg, "")
}
