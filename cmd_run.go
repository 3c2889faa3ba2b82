package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/notebook"
	"github.com/yaknb/yak/notebook/report"
	"github.com/yaknb/yak/plugins/chart"
)

func init() { commands["run"] = cmdRun }

const runUsage = `usage: yak run NOTEBOOK.ipynb... [flags]

Executes each notebook in-process with the same Go engine as the kernel, then
writes the executed notebook (nbformat 4.5) and a self-contained HTML report.
Each notebook runs with its own directory as the working directory, as under
Jupyter. The exit status is non-zero when a cell fails, unless --allow-errors.

Where results go:
  (default)        next to each input: NAME.out.ipynb and NAME.html
  --out DIR        DIR/NAME.ipynb and DIR/NAME.html for every notebook,
                   and DIR/index.html linking them when there are several
  -o FILE          the executed notebook (one input notebook only); the report
                   goes beside it, FILE with .html, unless --html or --out say
  --html FILE      the report (one input notebook only)
  --pdf            also print each report to a PDF beside it (NAME.pdf), with
                   headless Chromium (apt-get install chromium, or set
                   YAK_CHROMIUM), charts drawn and math typeset

flags:
`

// runConfig is what `yak run` was asked to do.
type runConfig struct {
	outNotebook string
	outDir      string
	outHTML     string
	pdf         bool
	timeout     time.Duration
	allowErrors bool
	stdin       string
	verbose     bool
	log         io.Writer // where -v reports cells; standard error
	paths       []string
}

func parseRunArgs(args []string, stderr io.Writer) (*runConfig, error) {
	cfg := &runConfig{log: stderr}
	fs := flag.NewFlagSet("yak run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.outNotebook, "o", "", "write the executed notebook to `FILE`")
	fs.StringVar(&cfg.outDir, "out", "", "write NAME.ipynb and NAME.html into `DIR` (created if missing)")
	fs.StringVar(&cfg.outHTML, "html", "", "write the HTML report to `FILE`")
	fs.BoolVar(&cfg.pdf, "pdf", false, "also write each report as a PDF (NAME.pdf beside NAME.html), printed by headless Chromium")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "limit on each cell's run time (0: none)")
	fs.BoolVar(&cfg.allowErrors, "allow-errors", false, "keep running after a failing cell and exit 0")
	fs.StringVar(&cfg.stdin, "stdin", "", "answer cells' input requests with the lines of `FILE` (- for standard input)")
	fs.BoolVar(&cfg.verbose, "v", false, "name each cell on standard error as it starts")
	fs.Usage = func() {
		fmt.Fprint(stderr, runUsage)
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the notebooks.
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) > 0 {
			cfg.paths = append(cfg.paths, args[0])
			args = args[1:]
		}
	}
	switch {
	case len(cfg.paths) == 0:
		fs.Usage()
		return nil, errors.New("run: name at least one notebook (.ipynb) to run")
	case len(cfg.paths) > 1 && cfg.outNotebook != "":
		return nil, errors.New("run: -o names one output file, but several notebooks were given; use --out DIR")
	case len(cfg.paths) > 1 && cfg.outHTML != "":
		return nil, errors.New("run: --html names one report, but several notebooks were given; use --out DIR")
	case cfg.timeout < 0:
		return nil, errors.New("run: --timeout must be positive (or 0 for no limit)")
	}
	return cfg, nil
}

// job is one notebook to run and where its results go (absolute paths, as
// the working directory changes while a notebook runs).
type job struct {
	input, notebook, html string
	pdf                   string // "" unless --pdf
}

func (cfg *runConfig) jobs() ([]job, error) {
	var jobs []job
	seen := map[string]string{}
	if cfg.outDir != "" && len(cfg.paths) > 1 {
		index, err := filepath.Abs(filepath.Join(cfg.outDir, "index.html"))
		if err != nil {
			return nil, err
		}
		seen[index] = "the index of the reports"
	}
	for _, p := range cfg.paths {
		in, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		j := job{input: in}
		switch {
		case cfg.outDir != "":
			j.notebook = filepath.Join(cfg.outDir, name+".ipynb")
			j.html = filepath.Join(cfg.outDir, name+".html")
		default:
			j.notebook = filepath.Join(filepath.Dir(p), name+".out.ipynb")
			j.html = filepath.Join(filepath.Dir(p), name+".html")
		}
		if cfg.outNotebook != "" {
			j.notebook = cfg.outNotebook
			if cfg.outDir == "" {
				j.html = strings.TrimSuffix(cfg.outNotebook, filepath.Ext(cfg.outNotebook)) + ".html"
			}
		}
		if cfg.outHTML != "" {
			j.html = cfg.outHTML
		}
		outs := []*string{&j.notebook, &j.html}
		if cfg.pdf {
			j.pdf = strings.TrimSuffix(j.html, filepath.Ext(j.html)) + ".pdf"
			outs = append(outs, &j.pdf)
		}
		for _, out := range outs {
			if *out, err = filepath.Abs(*out); err != nil {
				return nil, err
			}
			if prev, dup := seen[*out]; dup {
				return nil, fmt.Errorf("run: %s and %s would both write %s; give them different names or run them apart", prev, p, *out)
			}
			seen[*out] = p
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

func cmdRun(args []string) error {
	cfg, err := parseRunArgs(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	engine, err := newInterpreter()
	if err != nil {
		return fmt.Errorf("run: cannot start the Go engine: %w", err)
	}
	defer engine.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runNotebooks(ctx, engine, cfg, os.Stdout, os.Stdin)
}

// runNotebooks runs every notebook of cfg with in, one after the other, with
// a reset interpreter for each. A notebook that fails does not stop the
// others; the error lists every failure.
func runNotebooks(ctx context.Context, in kernel.Interpreter, cfg *runConfig, out io.Writer, stdin io.Reader) error {
	jobs, err := cfg.jobs()
	if err != nil {
		return err
	}
	if cfg.outDir != "" {
		if err := os.MkdirAll(cfg.outDir, 0o755); err != nil {
			return fmt.Errorf("run: cannot create --out directory: %w", err)
		}
	}
	if err := checkOutputDirs(jobs); err != nil {
		return err
	}
	if cfg.pdf {
		// Before any cell runs: a long run should not end in "no browser".
		if _, err := report.Chromium(); err != nil {
			return fmt.Errorf("run --pdf: %w", err)
		}
	}
	input, closeInput, err := inputFrom(cfg.stdin, stdin)
	if err != nil {
		return err
	}
	defer closeInput()

	var failures []string
	outcomes := make([]string, len(jobs))
	for i, j := range jobs {
		outcomes[i] = "ok"
		if ctx.Err() != nil {
			failures = append(failures, fmt.Sprintf("%s: not run (interrupted)", cfg.paths[i]))
			outcomes[i] = "not run"
			continue
		}
		if i > 0 {
			if err := in.Reset(); err != nil {
				return fmt.Errorf("run: cannot reset the engine before %s: %w", cfg.paths[i], err)
			}
		}
		if err := runOne(ctx, in, cfg, cfg.paths[i], j, input, out); err != nil {
			failures = append(failures, err.Error())
			outcomes[i] = "failed"
		}
	}
	if cfg.outDir != "" && len(jobs) > 1 {
		index := filepath.Join(cfg.outDir, "index.html")
		if err := notebook.WriteFileAtomic(index, indexPage(jobs, outcomes)); err != nil {
			return err
		}
		fmt.Fprintf(out, "index of the reports: %s\n", relative(index))
	}
	switch len(failures) {
	case 0:
		return nil
	case 1:
		return errors.New(failures[0])
	}
	return fmt.Errorf("%d of %d notebooks failed:\n  %s", len(failures), len(jobs), strings.Join(failures, "\n  "))
}

// checkOutputDirs refuses, before any cell runs, outputs whose directory is
// missing: a long notebook would otherwise run to the end for nothing.
func checkOutputDirs(jobs []job) error {
	for _, j := range jobs {
		for _, out := range []string{j.notebook, j.html} {
			dir := filepath.Dir(out)
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				return fmt.Errorf("run: cannot write %s: the directory %s does not exist (create it, or use --out DIR, which is created)", relative(out), relative(dir))
			}
		}
	}
	return nil
}

// runOne executes one notebook and writes its results, even when a cell
// failed, so the report shows the failure.
func runOne(ctx context.Context, in kernel.Interpreter, cfg *runConfig, name string, j job, input func(string, bool) (string, error), out io.Writer) error {
	nb, err := notebook.Read(name)
	if err != nil {
		return err
	}
	if err := checkLanguage(nb); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	start := time.Now()
	opts := notebook.Options{Timeout: cfg.timeout, AllowErrors: cfg.allowErrors, Input: input}
	if cfg.verbose {
		opts.OnCell = func(i int, c *notebook.Cell) {
			first, _, _ := strings.Cut(strings.TrimSpace(c.Source), "\n")
			fmt.Fprintf(cfg.log, "%s: cell %d (id %s): %s\n", name, i+1, c.ID, first)
		}
	}
	chart.NewDocument() // this notebook's first chart carries ECharts
	res, execErr := executeIn(ctx, filepath.Dir(j.input), nb, in, opts)
	elapsed := time.Since(start)
	shareChartLibrary(nb)
	if err := notebook.Write(j.notebook, nb); err != nil {
		return err
	}
	var shown []*notebook.CellError
	for _, e := range res.Errors {
		if !nb.Cells[e.Index].HasTag(notebook.TagRaises) {
			shown = append(shown, e)
		}
	}
	title := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if err := report.WriteFile(j.html, nb, report.Options{Title: title, Source: filepath.Base(name), Failures: shown}); err != nil {
		return err
	}
	if j.pdf != "" {
		if err := report.PDF(ctx, j.html, j.pdf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	status := "ok"
	if execErr != nil {
		status = "FAILED"
	} else if len(shown) > 0 {
		status = plural(len(shown), "cell") + " failed (--allow-errors)"
	}
	fmt.Fprintf(out, "%s: %s, %s run in %.1fs\n  notebook: %s\n  report:   %s\n",
		name, status, plural(res.Executed, "cell"), elapsed.Seconds(), relative(j.notebook), relative(j.html))
	if j.pdf != "" {
		fmt.Fprintf(out, "  pdf:      %s\n", relative(j.pdf))
	}
	if execErr != nil {
		return fmt.Errorf("%s: %w", name, execErr)
	}
	return nil
}

// executeIn runs nb with dir as the working directory, so that cells read
// data files relative to the notebook, as they do under Jupyter.
func executeIn(ctx context.Context, dir string, nb *notebook.Notebook, in kernel.Interpreter, opts notebook.Options) (notebook.Result, error) {
	prev, err := os.Getwd()
	if err != nil {
		return notebook.Result{}, err
	}
	if err := os.Chdir(dir); err != nil {
		return notebook.Result{}, fmt.Errorf("cannot enter the notebook's directory: %w", err)
	}
	defer os.Chdir(prev)
	return notebook.Execute(ctx, nb, in, opts)
}

// inputFrom answers input requests from the lines of path ("-": stdin). With
// no path, requests fail with a message that says how to give input.
func inputFrom(path string, stdin io.Reader) (func(string, bool) (string, error), func(), error) {
	if path == "" {
		return func(prompt string, _ bool) (string, error) {
			return "", fmt.Errorf("%w: a cell asked for input (prompt %q); give yak run the answers, one a line, with --stdin FILE", kernel.ErrStdinNotAllowed, prompt)
		}, func() {}, nil
	}
	r, closer := stdin, io.Closer(nil)
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, fmt.Errorf("run: --stdin: %w", err)
		}
		r, closer = f, f
	}
	br := bufio.NewReader(r)
	input := func(prompt string, _ bool) (string, error) {
		line, err := br.ReadString('\n')
		if err == io.EOF && line == "" {
			// As a program run with its input redirected: reads end in
			// io.EOF (a read-until-EOF loop ends normally).
			return "", io.EOF
		}
		if err != nil && err != io.EOF {
			return "", fmt.Errorf("reading --stdin %s for the prompt %q: %w", path, prompt, err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	return input, func() {
		if closer != nil {
			closer.Close()
		}
	}, nil
}

// relative shows path relative to the working directory when it is below it.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// indexPage links the reports of one `yak run --out DIR` run.
func indexPage(jobs []job, outcomes []string) []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>yak run</title>\n")
	b.WriteString("<style>body{font:15px/1.6 sans-serif;margin:32px auto;max-width:720px} .failed{color:#b42318}</style>\n")
	b.WriteString("</head>\n<body>\n<h1>Notebook reports</h1>\n<ul>\n")
	for i, j := range jobs {
		name := filepath.Base(j.html)
		fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a> <span class=\"%s\">%s</span> (<a href=\"%s\">notebook</a>)</li>\n",
			html.EscapeString(url.PathEscape(name)), html.EscapeString(strings.TrimSuffix(name, ".html")),
			outcomes[i], outcomes[i], html.EscapeString(url.PathEscape(filepath.Base(j.notebook))))
	}
	b.WriteString("</ul>\n</body>\n</html>\n")
	return []byte(b.String())
}

// checkLanguage refuses notebooks written for another language's kernel:
// their cells would only give Go compile errors.
func checkLanguage(nb *notebook.Notebook) error {
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	lang, _ := ks["language"].(string)
	if lang == "" {
		li, _ := nb.Metadata["language_info"].(map[string]any)
		lang, _ = li["name"].(string)
	}
	if lang != "" && !strings.EqualFold(lang, "go") {
		kernel, _ := ks["name"].(string)
		return fmt.Errorf("this notebook is for %s (kernel %q); yak runs Go notebooks (change the kernel to \"Go (yak)\" first)", lang, kernel)
	}
	return nil
}

// shareChartLibrary leaves exactly one copy of the embedded ECharts in nb,
// in its first chart's HTML, for front ends and exports (nbconvert's HTML)
// that draw charts from their HTML: every chart finds the first copy on the
// page. Charts usually arrive that way, but a chart drawn again with
// display.Update loses the copy its first drawing carried.
func shareChartLibrary(nb *notebook.Notebook) {
	lib := chart.LibraryHTML()
	if lib == "" {
		return
	}
	first := true
	for i := range nb.Cells {
		for k := range nb.Cells[i].Outputs {
			o := &nb.Cells[i].Outputs[k]
			if _, ok := o.Data[chart.MIMEECharts]; !ok {
				continue
			}
			h, ok := o.Data["text/html"].(string)
			if !ok {
				continue
			}
			h = chart.StripLibrary(h)
			if first {
				h = lib + "\n" + h
				first = false
			}
			o.Data["text/html"] = h
		}
	}
}
