package report

import (
	"go/scanner"
	"go/token"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Code cells are highlighted from Go's own scanner rather than by chroma's
// lexers and styles packages: those build every one of their ~250 lexers
// and ~70 styles when the process starts (tens of milliseconds in every
// yak command, `yak kernel` included, before main runs), for the one
// language a yak notebook holds. chroma's HTML formatter still writes the
// markup.

// codeStyle colours the token classes goTokens emits.
var codeStyle = chroma.MustNewStyle("yak", chroma.StyleEntries{
	chroma.Background:          "#24292e bg:#f6f8fa",
	chroma.Comment:             "italic #6a737d",
	chroma.Keyword:             "bold #d73a49",
	chroma.KeywordConstant:     "#005cc5",
	chroma.KeywordType:         "#6f42c1",
	chroma.NameBuiltin:         "#005cc5",
	chroma.NameFunction:        "#6f42c1",
	chroma.LiteralString:       "#032f62",
	chroma.LiteralNumber:       "#005cc5",
	chroma.Operator:            "#d73a49",
	chroma.GenericError:        "#b31d28",
	chroma.LiteralStringEscape: "#22863a",
})

var goPredeclared = map[string]chroma.TokenType{}

func init() {
	for _, n := range strings.Fields("any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr") {
		goPredeclared[n] = chroma.KeywordType
	}
	for _, n := range strings.Fields("true false nil iota") {
		goPredeclared[n] = chroma.KeywordConstant
	}
	for _, n := range strings.Fields("append cap clear close complex copy delete imag len make max min new panic print println real recover") {
		goPredeclared[n] = chroma.NameBuiltin
	}
}

// codeTokens splits a code cell into tokens for chroma's formatter: Go
// when lang is Go, one text token otherwise. Text the scanner rejects
// (magics such as %time or !ls) passes through as text; the tokens always
// add up to src.
func codeTokens(lang, src string) []chroma.Token {
	if lang != "go" {
		return []chroma.Token{{Type: chroma.Text, Value: src}}
	}
	type tok struct {
		off  int
		tok  token.Token
		text string
	}
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue // inserted by the scanner, not in the text
		}
		text := lit
		if text == "" || t.IsOperator() || t.IsKeyword() {
			text = t.String()
		}
		toks = append(toks, tok{fset.Position(pos).Offset, t, text})
	}
	var out []chroma.Token
	emit := func(typ chroma.TokenType, v string) {
		if v != "" {
			out = append(out, chroma.Token{Type: typ, Value: v})
		}
	}
	at := 0
	for i, t := range toks {
		if t.off < at || t.off > len(src) {
			continue
		}
		emit(chroma.Text, src[at:t.off])
		end := t.off + len(t.text)
		if end > len(src) || src[t.off:end] != t.text {
			// A raw string or comment with carriage returns (the scanner
			// drops them from lit), or an illegal character: up to the
			// next token.
			end = spanEnd(src, t.off)
			if i+1 < len(toks) && toks[i+1].off > t.off && toks[i+1].off < end {
				end = toks[i+1].off
			}
		}
		next := token.ILLEGAL
		if i+1 < len(toks) {
			next = toks[i+1].tok
		}
		emit(goTokenType(t.tok, src[t.off:end], next), src[t.off:end])
		at = end
	}
	emit(chroma.Text, src[at:])
	return out
}

// spanEnd is where the raw string or comment at src[off:] ends, or the
// end of the text that is not white space.
func spanEnd(src string, off int) int {
	rest := src[off:]
	find := func(from int, close string) int {
		if i := strings.Index(rest[from:], close); i >= 0 {
			return off + from + i + len(close)
		}
		return len(src)
	}
	switch {
	case strings.HasPrefix(rest, "`"):
		return find(1, "`")
	case strings.HasPrefix(rest, "/*"):
		return find(2, "*/")
	case strings.HasPrefix(rest, "//"):
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			return off + i
		}
		return len(src)
	}
	return off + len(strings.TrimRight(rest, " \t\r\n"))
}

func goTokenType(t token.Token, text string, next token.Token) chroma.TokenType {
	switch {
	case t == token.COMMENT:
		return chroma.Comment
	case t == token.STRING || t == token.CHAR:
		return chroma.LiteralString
	case t == token.INT || t == token.FLOAT || t == token.IMAG:
		return chroma.LiteralNumber
	case t.IsKeyword():
		return chroma.Keyword
	case t == token.IDENT:
		if typ, ok := goPredeclared[text]; ok {
			return typ
		}
		if next == token.LPAREN {
			return chroma.NameFunction
		}
		return chroma.Name
	case t == token.ILLEGAL:
		return chroma.Text
	case t.IsOperator():
		switch t {
		case token.LPAREN, token.RPAREN, token.LBRACK, token.RBRACK, token.LBRACE, token.RBRACE,
			token.COMMA, token.SEMICOLON, token.PERIOD, token.COLON:
			return chroma.Punctuation
		}
		return chroma.Operator
	}
	return chroma.Text
}
