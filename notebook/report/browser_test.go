package report

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/notebook"
	"github.com/yaknb/yak/plugins/chart"
)

// browser returns Chromium's path, or skips the test (with the reason) when
// the browser or the embedded KaTeX is missing.
func browser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	bin, err := Chromium()
	if err != nil {
		t.Skip("chromium not installed (apt-get install chromium): browser check not run")
	}
	if !KaTeXEmbedded() {
		t.Skip("KaTeX not embedded (run make katex): browser check not run")
	}
	return bin
}

// dumpDOM opens file in headless Chromium with no network and returns the
// page as it stands once its scripts have run.
func dumpDOM(t *testing.T, bin, file string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	args := append(HeadlessArgs(filepath.Join(t.TempDir(), "profile"), 10000), "--dump-dom", "file://"+file)
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return string(out)
}

// mathElem matches the opening tag of a math element of the report.
var mathElem = regexp.MustCompile(`<(?:span|div) class="(math[^"]*)" data-tex="([^"]*)"`)

// TestBrowserTypesetsNotebookMath renders the shipped notebooks (as
// committed, no run needed: their math is in Markdown) and a page of hard
// cases, opens each report in headless Chromium offline and checks that
// KaTeX typeset every formula as MathML: none left as text, none refused.
func TestBrowserTypesetsNotebookMath(t *testing.T) {
	bin := browser(t)
	paths, _ := filepath.Glob("../../notebooks/*.ipynb")
	nbs := map[string]*notebook.Notebook{}
	for _, p := range paths {
		nb, err := notebook.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		nbs[filepath.Base(p)] = nb
	}
	hard := notebook.New()
	hard.Cells = append(hard.Cells,
		notebook.Cell{Type: notebook.Markdown, ID: "inline", Source: "Loss $\\mathcal{L} = \\mathrm{CE}(l, y) + \\lambda \\frac{1}{PC}\\sum_{p,k} |l_{p,k}|$, regret $O(\\sqrt{K L^*})$ and $a_1 * b_2 * c$."},
		notebook.Cell{Type: notebook.Markdown, ID: "display", Source: "$$\n\\hat p_a = \\frac{1}{K + \\gamma(\\hat\\ell_a - \\hat\\ell_{b})}\n$$\n\nand\n\n$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$"},
		notebook.Cell{Type: notebook.Code, ID: "latex", Source: "x", Outputs: []notebook.Output{{Type: notebook.DisplayData,
			Data: map[string]any{"text/latex": "$$\\int_0^1 x^2\\,dx = \\tfrac13$$", "text/plain": "integral"}}}},
	)
	nbs["hard cases"] = hard
	total := 0
	for name, nb := range nbs {
		page, err := Render(nb, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := len(mathElem.FindAllSubmatch(page, -1))
		total += want
		if want == 0 {
			continue
		}
		file := filepath.Join(t.TempDir(), "report.html")
		if err := os.WriteFile(file, page, 0o644); err != nil {
			t.Fatal(err)
		}
		dom := dumpDOM(t, bin, file)
		if !strings.Contains(dom, `data-math="typeset"`) {
			t.Errorf("%s: KaTeX did not run (no data-math=typeset on the page)", name)
			continue
		}
		typeset := 0
		for _, m := range mathElem.FindAllStringSubmatch(dom, -1) {
			if strings.Contains(m[1], "typeset") {
				typeset++
			} else {
				t.Errorf("%s: formula not typeset (class %q): %s", name, m[1], html.UnescapeString(m[2]))
			}
		}
		// KaTeX's MathML keeps the source as an annotation: one per formula.
		if n := strings.Count(dom, `<annotation encoding="application/x-tex">`); typeset != want || n != want {
			t.Errorf("%s: %d formulas, %d typeset, %d MathML annotations", name, want, typeset, n)
		}
	}
	if total < 10 {
		t.Errorf("only %d formulas in the notebooks and the hard cases; the check found too little to mean anything", total)
	}
	t.Logf("%d formulas typeset in %d pages", total, len(nbs))
}

// TestPDFDrawsChartsAndMath prints a report with charts and math to PDF,
// and checks, with the same Chromium flags and time budget that PDF uses,
// that the page it prints has its charts drawn (the static images hidden,
// ECharts' canvases there) and its math typeset.
func TestPDFDrawsChartsAndMath(t *testing.T) {
	bin := browser(t)
	if !chart.Embedded() {
		t.Skip("ECharts not embedded (run make echarts): PDF check not run")
	}
	nb := notebook.New()
	nb.Cells = append(nb.Cells, notebook.Cell{Type: notebook.Markdown, ID: "m", Source: "# Charts\n\n$$\\frac{1}{n}\\sum_i x_i$$"})
	for i := range 3 {
		c := chart.Line("loss", []float64{1, 2, 3, 4}, []float64{4, 3, 2.5, float64(i)})
		nb.Cells = append(nb.Cells, notebook.Cell{Type: notebook.Code, ID: fmt.Sprint("c", i), Source: "c",
			Outputs: []notebook.Output{{Type: notebook.DisplayData, Data: display.Render(c).Data}}})
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := WriteFile(file, nb, Options{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	args := append(HeadlessArgs(filepath.Join(dir, "profile"), PDFBudgetMS), "--dump-dom", "file://"+file)
	out, err := exec.CommandContext(ctx, bin, args...).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	if n := strings.Count(dom, `class="yak-chart-static" style="display: none;"`); n != 3 {
		t.Errorf("%d of 3 charts drawn before printing", n)
	}
	if !strings.Contains(dom, `data-math="typeset"`) {
		t.Error("math not typeset before printing")
	}
	pdf := filepath.Join(dir, "report.pdf")
	if err := PDF(ctx, file, pdf); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("report.pdf starts %q", b[:min(len(b), 8)])
	}
	if _, err := os.Stat(pdf + ".tmp"); err == nil {
		t.Error("the temporary PDF was left behind")
	}
}
