package goengine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/yaknb/yak/kernel"
)

// builtinMagics documents the magics the engine itself implements.
var builtinMagics = map[string]string{
	"help":  "%help                 list the magics",
	"env":   "%env [NAME[=VALUE]]   list, show or set environment variables",
	"time":  "%time                 run the rest of the cell and print its wall time",
	"reset": "%reset                drop every declaration and variable (a fresh interpreter)",
	"who":   "%who                  list the names that cells declared, with their kinds and types",
	"debug": "%debug rewrite        run the cell and first print the Go it became (the engine's passes)",
}

// magics runs the magic lines at the top of the cell and returns the rest.
// A magic line is `%name args`; lines before the first non-magic line
// (blank lines and // comments skipped) are magic lines.
func (e *Engine) magics(ctx context.Context, code string, xio kernel.ExecIO) (string, error) {
	out := outWriter{e}
	for {
		trimmed := strings.TrimLeft(code, " \t\r\n")
		if !strings.HasPrefix(trimmed, "%") {
			return code, nil
		}
		// Keep the line count so that error positions stay right.
		skipped := code[:len(code)-len(trimmed)]
		line, rest, _ := strings.Cut(trimmed, "\n")
		code = strings.Repeat("\n", strings.Count(skipped, "\n")+1) + rest
		name, args, _ := strings.Cut(strings.TrimSpace(line[1:]), " ")
		args = strings.TrimSpace(args)
		if err := e.magic(name, args, out); err != nil {
			return "", err
		}
	}
}

type outWriter struct{ e *Engine }

func (w outWriter) Write(p []byte) (int, error) {
	w.e.out.writeOut(p)
	return len(p), nil
}

func (e *Engine) magic(name, args string, out io.Writer) error {
	switch name {
	case "help":
		return e.help(out)
	case "env":
		return e.env(args, out)
	case "time":
		e.timeNext = true
		return nil
	case "reset":
		return e.reset()
	case "who":
		return e.who(out)
	case "debug":
		return e.debugMagic(args)
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

func (e *Engine) help(out io.Writer) error {
	fmt.Fprintln(out, "Magics (a cell's first lines, before any Go code):")
	var names []string
	for n := range builtinMagics {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(out, "  "+builtinMagics[n])
	}
	var extra []string
	for n := range e.opts.Magics {
		if _, dup := builtinMagics[n]; !dup {
			extra = append(extra, n)
		}
	}
	sort.Strings(extra)
	for _, n := range extra {
		fmt.Fprintf(out, "  %%%s\n", n)
	}
	fmt.Fprintln(out, "\nThe last expression of a cell is shown; values render rich when their type has")
	fmt.Fprintln(out, "HTML(), SVG(), PNG(), Markdown(), LaTeX() or JSON() methods (package display).")
	return nil
}

// env lists, shows or sets environment variables, both the process's
// (compiled code) and the interpreter's (cells: os.Getenv).
func (e *Engine) env(args string, out io.Writer) error {
	if args == "" {
		vars := os.Environ()
		sort.Strings(vars)
		for _, v := range vars {
			fmt.Fprintln(out, v)
		}
		return nil
	}
	name, value, set := strings.Cut(args, "=")
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t") {
		return &kernel.ExecError{Name: "UsageError", Value: "usage: %env [NAME[=VALUE]]", Traceback: []string{"UsageError: usage: %env [NAME[=VALUE]]"}}
	}
	if !set {
		v, ok := os.LookupEnv(name)
		if !ok {
			fmt.Fprintf(out, "%s is not set\n", name)
			return nil
		}
		fmt.Fprintln(out, v)
		return nil
	}
	value = strings.TrimSpace(value)
	if err := os.Setenv(name, value); err != nil {
		return err
	}
	if _, err := e.ip.Eval("_yakos.Setenv(" + strconv.Quote(name) + ", " + strconv.Quote(value) + ")"); err != nil {
		return err
	}
	fmt.Fprintf(out, "env: %s=%s\n", name, value)
	return nil
}

// who lists the names cells declared.
func (e *Engine) who(out io.Writer) error {
	names := e.st.sorted()
	if len(names) == 0 {
		fmt.Fprintln(out, "no names declared yet")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tKIND\tTYPE")
	for _, d := range names {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", d.name, d.kind, e.typeOf(d))
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
