package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/notebook"
	"github.com/yaknb/yak/plugins/chart"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func readTestNotebook(t *testing.T) *notebook.Notebook {
	t.Helper()
	nb, err := notebook.Read("testdata/report.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func TestRenderGolden(t *testing.T) {
	nb := readTestNotebook(t)
	failure := &notebook.CellError{Index: 4, ID: "fails", Err: &kernel.ExecError{Name: "panic", Value: "index out of range [3] with length 0"}}
	got, err := Render(nb, Options{Title: "Report test", Source: "report.ipynb", Failures: []*notebook.CellError{failure}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "report.golden.html")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test -update rewrites it)", path)
	}
}

func TestRenderContent(t *testing.T) {
	page, err := Render(readTestNotebook(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		"<title>Notebook</title>",
		"<h1>Report test</h1>",             // Markdown heading
		"<td>1</td>",                       // GFM table
		`src="data:image/png;base64,iVBOR`, // attachment and PNG output
		"hi &lt;there&gt;\n100%\n",         // escaped stream, carriage returns applied
		`<span style="font-weight:bold;color:#a27100">warn</span>`, // ANSI in stderr
		"<b>bold</b>", // text/html raw
		`<svg xmlns="http://www.w3.org/2000/svg" width="10"`, // SVG inline, prolog dropped
		`width="20"`,                 // image size from metadata
		"<strong>md</strong> output", // text/markdown rendered
		"&#34;k&#34;: [\n    1,",     // JSON pretty
		"application/x-unknown, which a static report cannot show",
		"Out&nbsp;[2]:",
		"<p>raw html</p>",
		`<span style="color:#c4302b">panic</span>`,   // traceback colour
		`<span style="color:#ff8700">running</span>`, // 256-colour code
		"In&nbsp;[&nbsp;]:",                          // cell that did not run
		`class="chroma"`,                             // highlighted code
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(s, "<?xml") {
		t.Error("report contains an XML declaration")
	}
}

// externalRef finds attributes that would make a browser fetch something.
var externalRef = regexp.MustCompile(`(?i)<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)\s*=\s*["']?([^"' >]+)`)

func TestRenderIsSelfContained(t *testing.T) {
	page, err := Render(readTestNotebook(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	refs := externalRef.FindAllStringSubmatch(string(page), -1)
	if len(refs) == 0 {
		t.Fatal("found no img tags at all; the check is broken")
	}
	for _, m := range refs {
		if !strings.HasPrefix(m[3], "data:") && !strings.HasPrefix(m[3], "#") {
			t.Errorf("<%s %s=%q> loads something from outside the page", m[1], m[2], m[3])
		}
	}
	if regexp.MustCompile(`@import|url\(\s*['"]?http`).Match(page) {
		t.Error("the stylesheet loads something from outside the page")
	}
}

func TestRichest(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"text/plain", "text/html", "image/svg+xml"}, "text/html"},
		{[]string{"text/plain", "image/png", "image/svg+xml"}, "image/svg+xml"},
		{[]string{"text/plain", "image/png"}, "image/png"},
		{[]string{"text/plain", "application/vnd.vegalite.v5+json"}, "text/plain"},
		{[]string{"application/vnd.vegalite.v5+json"}, "application/vnd.vegalite.v5+json"},
		{[]string{"application/x-whatever"}, ""},
	}
	for _, tt := range tests {
		data := map[string]any{}
		for _, k := range tt.keys {
			data[k] = ""
		}
		if got := Richest(data); got != tt.want {
			t.Errorf("Richest(%v) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}

func TestANSI(t *testing.T) {
	tests := []struct{ in, html, plain string }{
		{"plain <x>", "plain &lt;x&gt;", "plain <x>"},
		{"\x1b[31mred\x1b[0m done", `<span style="color:#c4302b">red</span> done`, "red done"},
		{"\x1b[1m\x1b[32mok\x1b[39m bold\x1b[22m", `<span style="font-weight:bold;color:#2e8b3a">ok</span><span style="font-weight:bold"> bold</span>`, "ok bold"},
		{"\x1b[38;2;1;2;3mrgb\x1b[m", `<span style="color:#010203">rgb</span>`, "rgb"},
		{"\x1b[48;5;231mbg\x1b[0m", `<span style="background-color:#ffffff">bg</span>`, "bg"},
		{"a\x1b[2Kb\x1b[1A", "ab", "ab"},
		{"cut\x1b[31", "cut", "cut"},
	}
	for _, tt := range tests {
		if got := ANSIToHTML(tt.in); got != tt.html {
			t.Errorf("ANSIToHTML(%q) = %q, want %q", tt.in, got, tt.html)
		}
		if got := StripANSI(tt.in); got != tt.plain {
			t.Errorf("StripANSI(%q) = %q, want %q", tt.in, got, tt.plain)
		}
	}
}

func TestCarriageReturns(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb":             "a\nb",
		"10%\r50%\r100%\nok": "100%\nok",
		"10%\r50%\r":         "50%",
		"no returns":         "no returns",
	} {
		if got := applyCarriageReturns(in); got != want {
			t.Errorf("applyCarriageReturns(%q) = %q, want %q", in, got, want)
		}
	}
}

func ExampleANSIToHTML() {
	fmt.Println(ANSIToHTML("\x1b[31mpanic\x1b[0m: a < b"))
	// Output: <span style="color:#c4302b">panic</span>: a &lt; b
}

func TestChartLibraryOncePerPage(t *testing.T) {
	payload := chart.LibraryHTML()
	embedded := payload != ""
	if !embedded {
		payload = `<script type="application/octet-stream" data-yak-echarts="0" data-encoding="gzip+base64">AAAA</script>`
	}
	chartHTML := func(id string) string {
		return `<div class="yak-chart" id="` + id + `"></div>` + "\n" + payload + "\n<script>draw()</script>"
	}
	nb := notebook.New()
	n := 1
	nb.Cells = []notebook.Cell{{ID: "a", Type: notebook.Code, ExecutionCount: &n, Outputs: []notebook.Output{
		{Type: notebook.DisplayData, Data: map[string]any{"text/html": chartHTML("c1")}},
		{Type: notebook.DisplayData, Data: map[string]any{"text/html": chartHTML("c2")}},
	}}}
	page, err := Render(nb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	copies := strings.Count(s, "data-yak-echarts=")
	if embedded {
		if copies != 1 {
			t.Errorf("%d copies of ECharts on the page, want 1", copies)
		}
		if lib, first := strings.Index(s, "data-yak-echarts="), strings.Index(s, `id="c1"`); lib > first {
			t.Error("the shared ECharts comes after the first chart")
		}
	} else if copies != 2 {
		t.Errorf("without an embedded library the charts must keep their copies; found %d", copies)
	}

	// A page without charts gets no library.
	plain, err := Render(readTestNotebook(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain, []byte("data-yak-echarts")) {
		t.Error("a page without charts carries ECharts")
	}
}
