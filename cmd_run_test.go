package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/notebook"
	"github.com/yaknb/yak/notebook/report"
	"github.com/yaknb/yak/plugins/chart"
)

// scriptInterp runs cells written in a tiny command language, so the runner
// is tested without the Go engine: "print TEXT", "pwd", "ask PROMPT" and
// "fail TEXT", one a line.
type scriptInterp struct{ resets int }

func (s *scriptInterp) Info() kernel.LanguageInfo {
	return kernel.LanguageInfo{Name: "go", FileExtension: ".go", MimeType: "text/x-go"}
}

func (s *scriptInterp) Execute(ctx context.Context, code string, io kernel.ExecIO) (*display.Bundle, error) {
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			fmt.Fprintln(io.Stdout(), arg)
		case "pwd":
			wd, _ := os.Getwd()
			fmt.Fprintln(io.Stdout(), filepath.Base(wd))
		case "ask":
			v, err := io.Input(arg, false)
			if err != nil {
				return nil, err
			}
			fmt.Fprintln(io.Stdout(), "answer:", v)
		case "fail":
			return nil, &kernel.ExecError{Name: "RuntimeError", Value: arg}
		}
	}
	return nil, nil
}

func (s *scriptInterp) Complete(string, int) kernel.Completion     { return kernel.Completion{} }
func (s *scriptInterp) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (s *scriptInterp) IsComplete(string) (string, string)         { return "complete", "" }
func (s *scriptInterp) Reset() error                               { s.resets++; return nil }
func (s *scriptInterp) Close() error                               { return nil }

// writeNotebook writes a notebook of code cells to dir/name.
func writeNotebook(t *testing.T, dir, name string, sources ...string) string {
	t.Helper()
	nb := notebook.New()
	for i, src := range sources {
		nb.Cells = append(nb.Cells, notebook.Cell{ID: fmt.Sprintf("cell%d", i+1), Type: notebook.Code, Source: src})
	}
	path := filepath.Join(dir, name)
	if err := notebook.Write(path, nb); err != nil {
		t.Fatal(err)
	}
	return path
}

func runArgs(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cfg, err := parseRunArgs(args, io.Discard)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	err = runNotebooks(context.Background(), &scriptInterp{}, cfg, &out, strings.NewReader(stdin))
	return out.String(), err
}

func TestRunWritesNotebooksAndReports(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "data")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	a := writeNotebook(t, dir, "a.ipynb", "print <hello>")
	b := writeNotebook(t, sub, "b.ipynb", "pwd")
	outDir := filepath.Join(dir, "out")

	printed, err := runArgs(t, "", a, "--out", outDir, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		nb, err := notebook.Read(filepath.Join(outDir, name+".ipynb"))
		if err != nil {
			t.Fatal(err)
		}
		if ks := nb.Metadata["kernelspec"].(map[string]any); ks["name"] != "yak" {
			t.Errorf("%s: kernelspec %v", name, ks)
		}
		page, err := os.ReadFile(filepath.Join(outDir, name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"a": "&lt;hello&gt;", "b": "data\n"}[name]
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("%s.html lacks %q (the cell's output; b prints its working directory)", name, want)
		}
		if !strings.Contains(printed, filepath.Join("out", name+".html")) && !strings.Contains(printed, filepath.Join(outDir, name+".html")) {
			t.Errorf("output does not say where %s.html is:\n%s", name, printed)
		}
	}
	index, err := os.ReadFile(filepath.Join(outDir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="a.html">a</a> <span class="ok">ok</span>`, `<a href="b.ipynb">notebook</a>`} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("index.html lacks %q:\n%s", want, index)
		}
	}
}

func TestRunDefaultOutputsAndExplicitPaths(t *testing.T) {
	dir := t.TempDir()
	a := writeNotebook(t, dir, "a.ipynb", "print x")
	if _, err := runArgs(t, "", a); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a.out.ipynb", "a.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("default output: %v", err)
		}
	}
	if _, err := runArgs(t, "", "-o", filepath.Join(dir, "only.ipynb"), a); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "only.html")); err != nil {
		t.Errorf("with -o alone the report goes beside the notebook: %v", err)
	}
	o, h := filepath.Join(dir, "x.ipynb"), filepath.Join(dir, "r.html")
	if _, err := runArgs(t, "", "-o", o, "--html", h, a); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{o, h} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

func TestRunFailingCell(t *testing.T) {
	dir := t.TempDir()
	a := writeNotebook(t, dir, "a.ipynb", "print one", "fail index out of range", "print three")
	out := filepath.Join(dir, "out")
	_, err := runArgs(t, "", "--out", out, a)
	if err == nil || !strings.Contains(err.Error(), "a.ipynb: cell 2 (id cell2) failed: RuntimeError: index out of range") {
		t.Fatalf("err = %v, want the notebook, cell and error named", err)
	}
	// The results are written all the same, with the error in them.
	page, rerr := os.ReadFile(filepath.Join(out, "a.html"))
	if rerr != nil || !bytes.Contains(page, []byte("index out of range")) {
		t.Errorf("report of the failed run: %v", rerr)
	}
	if _, err := runArgs(t, "", "--allow-errors", "--out", out, a); err != nil {
		t.Errorf("--allow-errors: %v", err)
	}
	nb, err := notebook.Read(filepath.Join(out, "a.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[2].ExecutionCount == nil {
		t.Error("--allow-errors did not run the cell after the failure")
	}
}

func TestRunVerbose(t *testing.T) {
	dir := t.TempDir()
	a := writeNotebook(t, dir, "a.ipynb", "print x\nprint y")
	var log bytes.Buffer
	cfg, err := parseRunArgs([]string{"-v", "--out", dir, a}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if err := runNotebooks(context.Background(), &scriptInterp{}, cfg, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if want := "a.ipynb: cell 1 (id cell1): print x\n"; !strings.HasSuffix(log.String(), want) {
		t.Errorf("-v wrote %q, want it to end with %q", log.String(), want)
	}
}

func TestRunInput(t *testing.T) {
	dir := t.TempDir()
	a := writeNotebook(t, dir, "a.ipynb", "ask name?\nask age?")
	_, err := runArgs(t, "", "--out", dir, a)
	if err == nil || !strings.Contains(err.Error(), "--stdin FILE") {
		t.Errorf("without --stdin: err = %v, want a hint at --stdin", err)
	}
	answers := filepath.Join(dir, "answers.txt")
	os.WriteFile(answers, []byte("Ada\n36\n"), 0o644)
	if _, err := runArgs(t, "", "--stdin", answers, "--out", dir, a); err != nil {
		t.Fatal(err)
	}
	// Input that ends reads as io.EOF, as `go run < file` would.
	if _, err := runArgs(t, "Grace\n", "--stdin", "-", "--out", dir, a); err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("short input: err = %v, want io.EOF", err)
	}
}

func TestRunArgumentErrors(t *testing.T) {
	dir := t.TempDir()
	a := writeNotebook(t, dir, "a.ipynb", "print a")
	bad := filepath.Join(dir, "bad.ipynb")
	os.WriteFile(bad, []byte(`{"cells": [}`), 0o644)
	py := writeNotebook(t, dir, "py.ipynb", "print x")
	nb, _ := notebook.Read(py)
	nb.Metadata["kernelspec"] = map[string]any{"name": "python3", "display_name": "Python 3", "language": "python"}
	if err := notebook.Write(py, nb); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--out", dir, py}, `py.ipynb: this notebook is for python (kernel "python3"); yak runs Go notebooks`},
		{nil, "name at least one notebook"},
		{[]string{a, a, "-o", "x.ipynb"}, "-o names one output file"},
		{[]string{a, a, "--html", "x.html"}, "--html names one report"},
		{[]string{"--timeout", "-1s", a}, "--timeout must be positive"},
		{[]string{"--out", dir, filepath.Join(dir, "missing.ipynb")}, "missing.ipynb: no such notebook"},
		{[]string{"--out", dir, bad}, "bad.ipynb: not valid JSON at line 1, column 12"},
		{[]string{"--out", dir, a, a}, "would both write"},
		{[]string{"--bogus", a}, "flag provided but not defined: -bogus"},
		{[]string{a, "-o", filepath.Join(dir, "nope", "x.ipynb")}, "the directory " + filepath.Join(dir, "nope") + " does not exist"},
		{[]string{a, "--html", filepath.Join(dir, "nope", "x.html")}, "cannot write " + filepath.Join(dir, "nope", "x.html")},
	}
	for _, tt := range tests {
		if _, err := runArgs(t, "", tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("yak run %q: err = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestRunPDF(t *testing.T) {
	dir := t.TempDir()
	nb := writeNotebook(t, dir, "p.ipynb", "print hello")
	t.Run("no chromium", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		t.Setenv("YAK_CHROMIUM", "")
		_, err := runArgs(t, "", nb, "--pdf")
		if err == nil || !strings.Contains(err.Error(), "apt-get install chromium") {
			t.Errorf("error %v, want one that says how to install Chromium", err)
		}
		if _, serr := os.Stat(filepath.Join(dir, "p.out.ipynb")); serr == nil {
			t.Error("the notebook ran although no PDF could be printed")
		}
	})
	t.Run("printed", func(t *testing.T) {
		if testing.Short() {
			t.Skip("browser test skipped in -short mode")
		}
		if _, err := report.Chromium(); err != nil {
			t.Skip("chromium not installed: PDF not printed")
		}
		printed, err := runArgs(t, "", nb, "--pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, err := os.ReadFile(filepath.Join(dir, "p.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !strings.Contains(printed, "p.pdf") {
			t.Errorf("p.pdf starts %q; yak run printed %s", pdf[:min(len(pdf), 8)], printed)
		}
	})
}

func TestShareChartLibrary(t *testing.T) {
	lib := chart.LibraryHTML()
	if lib == "" {
		t.Skip("ECharts not embedded (make echarts): nothing to share")
	}
	chartOut := func(withLib bool) notebook.Output {
		h := `<div class="yak-chart" id="x"></div>`
		if withLib {
			h = lib + h
		}
		return notebook.Output{Type: notebook.DisplayData, Data: map[string]any{chart.MIMEECharts: map[string]any{}, "text/html": h}}
	}
	nb := notebook.New()
	nb.Cells = []notebook.Cell{
		{Type: notebook.Code, Outputs: []notebook.Output{{Type: notebook.Stream, Name: "stdout", Text: "x"}, chartOut(false)}},
		{Type: notebook.Code, Outputs: []notebook.Output{chartOut(true), chartOut(true)}},
	}
	shareChartLibrary(nb)
	var copies []int
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if h, ok := o.Data["text/html"].(string); ok {
				copies = append(copies, strings.Count(h, lib))
			}
		}
	}
	if fmt.Sprint(copies) != "[1 0 0]" {
		t.Errorf("library copies per chart output %v, want [1 0 0] (one, in the first chart)", copies)
	}
}
