package goengine

import (
	"fmt"
	"go/build"
	"go/scanner"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/yaknb/yak/kernel/stdlib"
)

// stdBase are the standard packages every fresh interpreter gets: those
// that yaegi's standard library set-up changes (fmt, os, log, flag,
// math/bits: it runs when a Use holds fmt, and changes only what is there
// then), those the engine's I/O symbols replace (io, bufio), and those the
// prelude and the generic supplements import. Every other package's table
// is built and handed to the interpreter when code first imports it, which
// keeps most of the ~170 tables off a new interpreter's path.
var stdBase = []string{"fmt", "os", "log", "flag", "math/bits", "io", "bufio", "cmp", "sort", "errors", "strings"}

// useImports hands the interpreter the standard packages that src
// imports and it does not have yet, also those that source packages
// imported by src import in turn, and fetches modules that src imports
// and the GOPATH lacks (modules.go). Called with the Go text of every cell
// before it is compiled, and for the directory of a source package before
// that is loaded.
func (e *Engine) useImports(src string) error {
	var need []string
	for _, p := range importPaths(src) {
		if err := e.collectImport(p, &need); err != nil {
			return err
		}
	}
	return e.useStd(need)
}

// useImportsDir is useImports for a package directory.
func (e *Engine) useImportsDir(dir string) error {
	var need []string
	for _, p := range dirImports(dir) {
		if err := e.collectImport(p, &need); err != nil {
			return err
		}
	}
	return e.useStd(need)
}

func (e *Engine) useStd(need []string) error {
	if len(need) == 0 {
		return nil
	}
	// With the packages their APIs name (kernel/stdlib's deps.go): yaegi
	// looks for interface wrappers in the interface's own package.
	var more []string
	for _, p := range stdlib.WithDeps(need...) {
		if !e.stdLoaded[p] {
			more = append(more, p)
		}
	}
	need = more
	x := stdlib.Symbols(need...)
	delete(x, ".") // the MapTypes came with the base
	overrideRuntime(x)
	if err := e.ip.Use(x); err != nil {
		return err
	}
	for _, p := range need {
		e.stdLoaded[p] = true
	}
	for _, p := range need {
		if src, ok := lazySupplements[p]; ok {
			if _, err := e.ip.Compile(src); err != nil {
				return fmt.Errorf("goengine: the supplement of package %s: %w", p, err)
			}
		}
	}
	return nil
}

// collectImport adds to need the standard packages that importing p takes:
// p itself, or what the Go files of p's source directory import, and so
// on. A package of a module path that the GOPATH lacks is fetched first.
func (e *Engine) collectImport(p string, need *[]string) error {
	if e.stdLoaded[p] || e.srcSeen[p] || slices.Contains(*need, p) {
		return nil
	}
	if stdlib.Has(p) {
		*need = append(*need, p)
		return nil
	}
	if e.hasBinary(p) {
		return nil
	}
	dir := filepath.Join(e.gopath, "src", filepath.FromSlash(p))
	if !isDir(dir) {
		if !isModulePath(p) {
			return nil // the interpreter says it cannot find it
		}
		if err := e.goGet(p, outWriter{e}); err != nil {
			return err
		}
		if !isDir(dir) {
			return nil
		}
	}
	e.srcSeen[p] = true
	for _, q := range dirImports(dir) {
		if err := e.collectImport(q, need); err != nil {
			return err
		}
	}
	return nil
}

// hasBinary reports whether p is one of the compiled packages of
// Options.Symbols.
func (e *Engine) hasBinary(p string) bool {
	for k := range e.opts.Symbols {
		if _, ok := e.opts.Symbols[k][p+"/"+path.Base(p)]; ok {
			return true
		}
	}
	return false
}

// dirImports lists the imports of the Go files of dir that build on this
// platform (test files left out).
func dirImports(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, en := range entries {
		name := en.Name()
		if en.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue // the interpreter reports unreadable files itself
		}
		out = append(out, importPaths(string(b))...)
	}
	return out
}

// importPaths lists the import paths of src's import declarations: a whole
// file or a cell's text (which need not parse as a file), read with the Go
// scanner so that strings and comments that mention imports do not count.
func importPaths(src string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	var out []string
	add := func(lit string) {
		if p, err := strconv.Unquote(lit); err == nil {
			out = append(out, p)
		}
	}
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.IMPORT {
			continue
		}
		_, tok, lit := s.Scan()
		if tok == token.IDENT || tok == token.PERIOD {
			_, tok, lit = s.Scan()
		}
		switch tok {
		case token.STRING:
			add(lit)
		case token.LPAREN:
			for {
				_, tok, lit = s.Scan()
				if tok == token.RPAREN || tok == token.EOF {
					break
				}
				if tok == token.STRING {
					add(lit)
				}
			}
		}
	}
}
