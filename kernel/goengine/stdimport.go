package goengine

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
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

// useImports hands the interpreter the standard packages that src imports
// and it does not have yet. Called with the Go text of every cell before
// it is compiled, and with every file of a source package before that is
// loaded.
func (e *Engine) useImports(src string) error {
	var need []string
	for _, p := range importPaths(src) {
		if !e.stdLoaded[p] && stdlib.Has(p) {
			need = append(need, p)
		}
	}
	if len(need) == 0 {
		return nil
	}
	x := stdlib.Symbols(need...)
	delete(x, ".") // the MapTypes came with the base
	if err := e.ip.Use(x); err != nil {
		return err
	}
	for _, p := range need {
		e.stdLoaded[p] = true
	}
	return nil
}

// useImportsDir is useImports for every Go file of a package directory.
func (e *Engine) useImportsDir(dir string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue // the interpreter reports unreadable files itself
		}
		if err := e.useImports(string(b)); err != nil {
			return err
		}
	}
	return nil
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
