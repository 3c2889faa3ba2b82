package goengine

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// A cell is split into segments that yaegi can take one at a time: yaegi
// parses a source either as package-level declarations or as statements, not
// a mix. Imports are hoisted (their order never matters); the other
// declarations and statements keep the cell's order, consecutive ones of a
// kind grouped, so that a statement may use a function declared above it and
// a function may use a variable that a statement above created.
type segKind int

const (
	segImport segKind = iota
	segDecl
	segStmt
	segPackage // a package clause: a whole program pasted into a cell
)

type segment struct {
	kind       segKind
	start, end int // byte offsets in the cell
	// Parsed form, positions in the engine's file set. For segDecl and
	// segImport the file's declarations; for segStmt the statements.
	file  *ast.File
	stmts []ast.Stmt
	base  int // file offset of the segment's first byte
	fset  *token.FileSet
}

type tok struct {
	off int
	tok token.Token
	lit string
}

// tokens scans the cell; the scanner inserts semicolons as the parser would.
func tokens(src string) ([]tok, scanner.ErrorList) {
	var s scanner.Scanner
	var errs scanner.ErrorList
	fset := token.NewFileSet()
	f := fset.AddFile("cell", -1, len(src))
	s.Init(f, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var out []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		out = append(out, tok{f.Offset(pos), t, lit})
	}
	return out, errs
}

// split finds the top-level statements of the cell and groups them.
func split(src string) ([]segment, scanner.ErrorList) {
	toks, errs := tokens(src)
	if len(errs) > 0 {
		return nil, errs
	}
	type stmt struct {
		kind       segKind
		start, end int
	}
	var stmts []stmt
	depth := 0
	begin := -1
	// The semicolons of a for, if or switch header (`for i := 0; ; i++ {`)
	// do not end the statement: it ends after the body.
	header := false
	for i, t := range toks {
		switch t.tok {
		case token.FOR, token.IF, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
		}
		switch t.tok {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			depth--
		}
		if begin < 0 && t.tok != token.SEMICOLON {
			begin = i
		}
		last := i == len(toks)-1
		if begin >= 0 && ((t.tok == token.SEMICOLON && depth == 0 && !header) || last) {
			end := len(src)
			if !last {
				end = toks[i+1].off
			}
			stmts = append(stmts, stmt{kindAt(toks, begin), toks[begin].off, end})
			begin = -1
		}
	}
	var segs []segment
	var imports []segment
	for _, s := range stmts {
		if s.kind == segImport {
			imports = append(imports, segment{kind: segImport, start: s.start, end: s.end})
			continue
		}
		if n := len(segs); n > 0 && segs[n-1].kind == s.kind && segs[n-1].end == s.start {
			segs[n-1].end = s.end
			continue
		}
		segs = append(segs, segment{kind: s.kind, start: s.start, end: s.end})
	}
	return append(imports, segs...), nil
}

// kindAt classifies the statement whose first token is toks[i].
func kindAt(toks []tok, i int) segKind {
	switch toks[i].tok {
	case token.PACKAGE:
		return segPackage
	case token.IMPORT:
		return segImport
	case token.TYPE, token.VAR, token.CONST:
		return segDecl
	case token.FUNC:
		// func Name(...) and func (recv) Name(...) are declarations;
		// func(...) {...}(...) is a function literal in a statement.
		if i+1 < len(toks) && toks[i+1].tok == token.IDENT {
			return segDecl
		}
		if i+1 < len(toks) && toks[i+1].tok == token.LPAREN {
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch toks[j].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					if j+2 < len(toks) && toks[j+1].tok == token.IDENT && (toks[j+2].tok == token.LPAREN || toks[j+2].tok == token.LBRACK) {
						return segDecl
					}
					return segStmt
				}
			}
		}
	}
	return segStmt
}

const (
	declHeader = "package main;"
	stmtHeader = "package main; func main() {"
)

// pad makes a segment's text keep its line and column in the cell: yaegi
// puts its own header on line 1, so the text starts on line line+1 and error
// positions are one line off, which errors.go corrects.
func pad(src string, start int) string {
	line := 1 + strings.Count(src[:start], "\n")
	col := start - (strings.LastIndexByte(src[:start], '\n') + 1)
	return strings.Repeat("\n", line) + strings.Repeat(" ", col)
}

// parse parses each segment for analysis, with positions matching the
// cell's lines (one line down, as for yaegi).
func parse(src string, segs []segment) (*token.FileSet, scanner.ErrorList) {
	fset := token.NewFileSet()
	var errs scanner.ErrorList
	for i := range segs {
		s := &segs[i]
		s.fset = fset
		if s.kind == segPackage {
			continue
		}
		p := pad(src, s.start)
		text := src[s.start:s.end]
		if s.kind == segStmt {
			s.base = len(stmtHeader) + len(p)
			f, err := parser.ParseFile(fset, "cell", stmtHeader+p+text+"\n}", parser.ParseComments)
			if err != nil {
				errs = append(errs, err.(scanner.ErrorList)...)
				continue
			}
			s.file = f
			s.stmts = f.Decls[0].(*ast.FuncDecl).Body.List
			continue
		}
		s.base = len(declHeader) + len(p)
		f, err := parser.ParseFile(fset, "cell", declHeader+p+text, parser.ParseComments|parser.DeclarationErrors)
		if err != nil {
			errs = append(errs, err.(scanner.ErrorList)...)
			continue
		}
		s.file = f
	}
	for i := range errs {
		errs[i].Pos.Line--
		errs[i].Pos.Filename = "cell"
	}
	return fset, errs
}

// offset converts a position in the segment's parsed file to a cell offset.
func (s *segment) offset(p token.Pos) int {
	return s.fset.Position(p).Offset - s.base + s.start
}

// edit is a textual change of the cell: textual edits keep every other
// position (and so error line numbers) as the user wrote it.
type edit struct {
	start, end int
	text       string
}

func applyEdits(src string, start, end int, edits []edit) string {
	// By position; at one position insertions first (a function literal
	// opened around a statement that another edit replaces).
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end == edits[i].start && edits[j].end > edits[j].start
	})
	var b strings.Builder
	at := start
	for _, e := range edits {
		if e.start < at || e.end > end {
			continue // overlapping edits: keep the first
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:end])
	return b.String()
}
