package goengine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/yaknb/yak/kernel"
)

// magics runs the magic lines at the top of the cell and returns the rest,
// which Execute runs as Go. Magic lines are the cell's first lines (blank
// lines and // comments skipped) that start with `%` (a line magic, or a
// cell magic `%%name` on the first line) or `!` (a shell command). A cell
// whose last line is `exit` or `quit` ends the kernel (kernel.ErrExit).
//
// The rest keeps its line numbers: each consumed line becomes an empty one,
// so that error positions still point at the user's lines.
func (e *Engine) magics(ctx context.Context, code string, xio kernel.ExecIO) (string, error) {
	out := outWriter{e}
	first := true
	for {
		trimmed := skipComments(code)
		if !strings.HasPrefix(trimmed, "%") && !strings.HasPrefix(trimmed, "!") {
			return e.exitLine(ctx, code)
		}
		skipped := code[:len(code)-len(trimmed)]
		lineNo := strings.Count(skipped, "\n") // 0-based line of the magic
		line, rest, _ := strings.Cut(trimmed, "\n")
		line = strings.TrimRight(line, "\r")
		pad := strings.Repeat("\n", lineNo+1)
		code = pad + rest
		// The column of the magic's argument in its line, for error positions.
		col := len(skipped) - strings.LastIndex("\n"+skipped, "\n")

		if strings.HasPrefix(line, "!") {
			if err := e.shell(ctx, strings.TrimSpace(line[1:])); err != nil {
				return "", err
			}
			first = false
			continue
		}
		if strings.HasPrefix(line, "%%") {
			if !first {
				return "", usageError("%s must be the first line of the cell (a cell magic applies to the whole cell)", strings.Fields(line)[0])
			}
			return e.cellMagic(ctx, line, pad, rest, xio)
		}
		first = false
		name, args, _ := strings.Cut(strings.TrimSpace(line[1:]), " ")
		args = strings.TrimSpace(args)
		argCol := col + strings.Index(line, args)
		if args == "" {
			argCol = col
		}
		stmt := strings.Repeat("\n", lineNo) + strings.Repeat(" ", argCol) + args
		switch name {
		case "time":
			if args == "" || strings.TrimSpace(rest) == "" {
				// `%time` alone times the rest of the cell; `%time STMT` on
				// the cell's last line times STMT and shows its value.
				e.timeCell = e.startTimer()
				if args != "" {
					code = stmt + "\n" + rest
				}
				continue
			}
			t := e.startTimer()
			_, err := e.run(ctx, stmt)
			e.syncOutput()
			t.report(engineWriter{e})
			if err != nil {
				return "", err
			}
			continue
		case "timeit":
			if err := e.timeit(ctx, args, "", lineNo, argCol); err != nil {
				return "", err
			}
			continue
		case "sh":
			if err := e.shell(ctx, args); err != nil {
				return "", err
			}
			continue
		}
		if err := e.magic(name, args, out); err != nil {
			return "", err
		}
	}
}

// skipComments drops the blank lines and // comment lines that start code.
func skipComments(code string) string {
	for {
		code = strings.TrimLeft(code, " \t\r\n")
		if !strings.HasPrefix(code, "//") {
			return code
		}
		_, code, _ = strings.Cut(code, "\n")
	}
}

// cellMagic runs a cell magic (`%%name args` on the cell's first line) over
// the rest of the cell. pad keeps the rest's line numbers.
func (e *Engine) cellMagic(ctx context.Context, line, pad, rest string, xio kernel.ExecIO) (string, error) {
	name, args, _ := strings.Cut(strings.TrimSpace(line[2:]), " ")
	args = strings.TrimSpace(args)
	switch name {
	case "time":
		if args != "" {
			return "", usageError("%%%%time takes no arguments: it times the whole cell below it")
		}
		e.timeCell = e.startTimer()
		return e.exitLine(ctx, pad+rest)
	case "timeit":
		return "", e.timeit(ctx, args, rest, 1, 0)
	case "sh", "bash":
		return "", e.shellScript(ctx, name, rest)
	case "interp":
		if args != "" {
			return "", usageError("%%%%interp takes no arguments: the cell below it runs main() in the interpreter")
		}
		e.forceInterp = true
		// The line magics below it (%time main()) are still magics, and
		// another cell magic may follow (%%interp, then %%time).
		return e.magics(ctx, pad+rest, xio)
	}
	return "", usageError("unknown cell magic %%%%%s; the cell magics are %%%%time, %%%%timeit, %%%%interp, %%%%sh and %%%%bash", name)
}

// exitLine ends the kernel when the cell's last line is exit or quit (with
// or without parentheses), as IPython does: what comes before runs first,
// and the kernel exits only if it succeeded. A cell that declared its own
// exit or quit calls that instead.
func (e *Engine) exitLine(ctx context.Context, code string) (string, error) {
	body := strings.TrimRight(code, " \t\r\n")
	i := strings.LastIndex(body, "\n")
	last := strings.TrimSpace(body[i+1:])
	word := strings.TrimSuffix(last, "()")
	if word != "exit" && word != "quit" {
		return code, nil
	}
	before := body[:i+1]
	if _, own := e.st.names[word]; own || mentions(before, word) {
		return code, nil
	}
	if strings.TrimSpace(before) != "" {
		if _, err := e.run(ctx, before); err != nil {
			return "", err
		}
	}
	return "", kernel.ErrExit
}

// mentions reports whether src uses the identifier name (then a cell that
// ends in name means the user's own exit or quit).
func mentions(src, name string) bool {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return false
		}
		if tok == token.IDENT && lit == name {
			return true
		}
	}
}

// outWriter and errWriter (redefine.go) are the cell's stdout and stderr.
type outWriter struct{ e *Engine }

func (w outWriter) Write(p []byte) (int, error) {
	w.e.out.writeOut(p)
	return len(p), nil
}

func usageError(format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	return &kernel.ExecError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// magic runs one of the other line magics: the engine's own or one of
// Options.Magics / FindMagic.
func (e *Engine) magic(name, args string, out io.Writer) error {
	switch name {
	case "help":
		return e.help(args, out)
	case "env":
		return e.env(args, out)
	case "reset":
		return e.reset()
	case "who":
		return e.who(out)
	case "debug":
		return e.debugMagic(args)
	case "go":
		return e.goMagic(args, out) // magic_goget.go
	case "jobs":
		return e.jobsMagic(args, out) // magic_shell_jobs.go
	case "kill":
		return e.killMagic(args, out)
	}
	m, ok := e.opts.Magics[name]
	if !ok && e.opts.FindMagic != nil {
		m, ok = e.opts.FindMagic(name)
	}
	if !ok || m == nil {
		return &kernel.ExecError{
			Name:      "UsageError",
			Value:     fmt.Sprintf("unknown magic %%%s; the magics are %s (%%help describes them)", name, strings.Join(e.magicNames(), ", ")),
			Traceback: []string{fmt.Sprintf("UsageError: unknown magic %%%s", name), "known magics: " + strings.Join(e.magicNames(), ", ")},
		}
	}
	e.inMagic = true
	err := m(args, out)
	e.inMagic = false
	if err != nil {
		if _, ok := err.(*kernel.ExecError); ok {
			return err
		}
		return &kernel.ExecError{Name: "MagicError", Value: fmt.Sprintf("%%%s: %v", name, err), Traceback: []string{fmt.Sprintf("%%%s: %v", name, err)}}
	}
	return nil
}

func (e *Engine) magicNames() []string {
	var names []string
	for n := range builtinMagics {
		names = append(names, "%"+n)
	}
	for n := range e.opts.Magics {
		if _, dup := builtinMagics[n]; !dup {
			names = append(names, "%"+n)
		}
	}
	sort.Strings(names)
	return names
}

// who lists the names cells declared.
func (e *Engine) who(out io.Writer) error {
	names := e.st.sorted()
	if len(names) == 0 && len(e.st.pending) == 0 {
		fmt.Fprintln(out, "no names declared yet")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tTYPE")
	for _, d := range names {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.name, d.kind, e.typeOf(d))
	}
	for _, l := range e.st.pendingLines() {
		fmt.Fprintln(tw, l)
	}
	return tw.Flush()
}

// typeOf describes the type of a declared variable or constant.
func (e *Engine) typeOf(d *declared) string {
	if d.kind == "func" {
		if def, ok := e.st.defs[d.name]; ok {
			return signature(def.text)
		}
		return ""
	}
	if d.kind != "var" && d.kind != "const" {
		return ""
	}
	v, ok := e.ip.Globals()[d.name]
	if !ok || !v.IsValid() {
		return ""
	}
	s := e.typeName(v.Type())
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// signature is the type of the function that text declares.
func signature(text string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p;"+text, 0)
	if err != nil || len(f.Decls) == 0 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return ""
	}
	var b strings.Builder
	printer.Fprint(&b, fset, fd.Type)
	return b.String()
}
