package goengine

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/stdlib"
)

// IsComplete reports whether code is ready to run: "incomplete" (with an
// indent) while brackets are open, a raw string or comment is unterminated
// or the code ends in an operator; "invalid" when no more input can fix it
// (mismatched brackets, illegal characters); "complete" otherwise. It only
// scans and parses, so it returns quickly on any input.
func (e *Engine) IsComplete(code string) (string, string) {
	code = stripMagics(code)
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	var s scanner.Scanner
	var scanErr string
	fset := token.NewFileSet()
	f := fset.AddFile("cell", -1, len(code))
	s.Init(f, []byte(code), func(_ token.Position, msg string) {
		if scanErr == "" {
			scanErr = msg
		}
	}, 0)
	var stack []token.Token
	deepest := 0
	last, lastLit := token.ILLEGAL, ""
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, t)
			deepest = max(deepest, len(stack))
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opening(t) {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue // automatic semicolon: look at the token before it
		}
		last, lastLit = t, lit
	}
	_ = lastLit
	if scanErr != "" {
		if strings.Contains(scanErr, "not terminated") {
			return "incomplete", ""
		}
		return "invalid", ""
	}
	if len(stack) > 0 {
		return "incomplete", strings.Repeat("\t", min(len(stack), maxIndent))
	}
	if continues(last) {
		return "incomplete", "\t"
	}
	if deepest > maxParseDepth || len(code) > maxParseLen {
		// Parsing would take long for nothing a person types; running
		// the cell reports its errors.
		return "complete", ""
	}
	segs, errs := split(code)
	if len(errs) == 0 {
		_, errs = parse(code, segs)
	}
	if len(errs) > 0 {
		errs.Sort()
		if strings.Contains(errs[0].Msg, "EOF") {
			return "incomplete", ""
		}
		return "invalid", ""
	}
	return "complete", ""
}

const (
	maxIndent     = 16
	maxParseDepth = 500
	maxParseLen   = 64 << 10
)

func opening(t token.Token) token.Token {
	switch t {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// continues reports tokens after which a line cannot end a statement.
func continues(t token.Token) bool {
	switch {
	case t.IsOperator():
		switch t {
		case token.RPAREN, token.RBRACK, token.RBRACE, token.SEMICOLON, token.INC, token.DEC, token.ELLIPSIS:
			return false
		}
		return true
	case t == token.FUNC, t == token.IMPORT, t == token.TYPE, t == token.VAR, t == token.CONST,
		t == token.PACKAGE, t == token.GO, t == token.DEFER, t == token.IF, t == token.FOR,
		t == token.SWITCH, t == token.SELECT, t == token.CASE, t == token.MAP, t == token.CHAN,
		t == token.STRUCT, t == token.INTERFACE, t == token.ELSE, t == token.RANGE:
		return true
	}
	return false
}

// stripMagics blanks the magic lines at the top of a cell.
func stripMagics(code string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "%") {
			break
		}
		lines[i] = ""
	}
	return strings.Join(lines, "\n")
}

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new",
	"panic", "print", "println", "real", "recover",
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32",
	"float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8",
	"uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil",
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordAt finds the identifier around byte offset cursor: its start, the
// end of the identifier (which may run past the cursor), and the selector
// chain before it ("fmt" in fmt.Pri|, "a.b" in a.b.c|).
func wordAt(code string, cursor int) (start, end int, chain string) {
	if cursor > len(code) {
		cursor = len(code)
	}
	if cursor < 0 {
		cursor = 0
	}
	start = cursor
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdent(r) {
			break
		}
		start -= n
	}
	end = cursor
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdent(r) {
			break
		}
		end += n
	}
	at := start
	var parts []string
	for at > 0 && code[at-1] == '.' {
		j := at - 1
		k := j
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:k])
			if !isIdent(r) {
				break
			}
			k -= n
		}
		if k == j {
			break
		}
		parts = append([]string{code[k:j]}, parts...)
		at = k
	}
	return start, end, strings.Join(parts, ".")
}

// Complete lists completions at byte offset cursor: members of packages,
// fields and methods of notebook variables, names declared by cells,
// keywords, builtins and imported packages, magics on a magic line.
func (e *Engine) Complete(code string, cursor int) kernel.Completion {
	st := newState() // while a cell runs: no notebook names
	locked := e.mu.TryLock()
	if locked {
		defer e.mu.Unlock()
		st = e.st
	}
	cursor = max(0, min(cursor, len(code)))
	start, end, chain := wordAt(code, cursor)
	prefix := code[start:cursor]
	var cands []candidate
	lineStart := strings.LastIndexByte(code[:start], '\n') + 1
	switch {
	case chain == "" && start > 0 && code[start-1] == '%' && strings.TrimSpace(code[lineStart:start-1]) == "":
		for _, m := range e.magicNames() {
			cands = append(cands, candidate{m[1:], "magic"})
		}
	case chain != "":
		cands = e.members(st, chain, locked)
	default:
		cands = globals(st)
	}
	seen := map[string]bool{}
	var matches []string
	var types []map[string]any
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].name < cands[j].name })
	for _, c := range cands {
		if !strings.HasPrefix(c.name, prefix) || seen[c.name] || strings.HasPrefix(c.name, "_") {
			continue
		}
		seen[c.name] = true
		matches = append(matches, c.name)
		types = append(types, map[string]any{"start": start, "end": end, "text": c.name, "type": c.kind})
	}
	if matches == nil {
		matches = []string{}
	}
	return kernel.Completion{
		Matches:     matches,
		CursorStart: start,
		CursorEnd:   end,
		Metadata:    map[string]any{"_jupyter_types_experimental": types},
	}
}

type candidate struct{ name, kind string }

// globals are the names usable at the start of an expression.
func globals(st *state) []candidate {
	var out []candidate
	for _, k := range keywords {
		out = append(out, candidate{k, "keyword"})
	}
	for _, b := range builtins {
		out = append(out, candidate{b, "builtin"})
	}
	for _, d := range st.names {
		kind := d.kind
		switch kind {
		case "import":
			kind = "module"
		case "var", "const":
			kind = "instance"
		case "type":
			kind = "class"
		case "func":
			kind = "function"
		}
		out = append(out, candidate{d.name, kind})
	}
	return out
}

// members lists what may follow "chain.": package members when chain names
// a package, otherwise fields and methods of the notebook value it names.
func (e *Engine) members(st *state, chain string, locked bool) []candidate {
	if d, ok := st.names[chain]; (!ok || d.kind == "import") && !strings.Contains(chain, ".") {
		if path, ok := e.packagePathIn(st, chain); ok {
			var out []candidate
			for name, v := range e.exports(path) {
				kind := "instance"
				switch {
				case v.Kind() == reflect.Func:
					kind = "function"
				case v.Kind() == reflect.Ptr && v.IsNil() && v.Type().Elem().Kind() != reflect.Func:
					kind = "class" // yaegi exports types as typed nil pointers
				}
				out = append(out, candidate{name, kind})
			}
			return out
		}
	}
	if !locked {
		return nil
	}
	return e.valueMembers(chain)
}

// packagePath resolves a package name as cells see it: an import of an
// earlier cell, or a standard library or yak package of that name (so that
// completion works before the import is run).
func (e *Engine) packagePath(name string) (string, bool) { return e.packagePathIn(e.st, name) }

func (e *Engine) packagePathIn(st *state, name string) (string, bool) {
	if p, ok := st.imports[name]; ok {
		return p, true
	}
	var found []string
	for _, p := range stdlib.Paths() {
		if p == name || strings.HasSuffix(p, "/"+name) {
			found = append(found, p)
		}
	}
	for k := range e.allExports() {
		if i := strings.LastIndexByte(k, '/'); i > 0 && k[i+1:] == name {
			found = append(found, k[:i])
		}
	}
	if len(found) == 0 {
		return "", false
	}
	sort.Slice(found, func(i, j int) bool {
		return len(found[i]) < len(found[j]) || len(found[i]) == len(found[j]) && found[i] < found[j]
	})
	return found[0], true
}

// allExports merges Options.Symbols' tables (the standard library's are
// built on demand: exports).
func (e *Engine) allExports() map[string]map[string]reflect.Value {
	all := map[string]map[string]reflect.Value{}
	for _, s := range e.opts.Symbols {
		for k, v := range s {
			all[k] = v
		}
	}
	return all
}

// exports is the symbol table of the package at path.
func (e *Engine) exports(path string) map[string]reflect.Value {
	if stdlib.Has(path) {
		for k, m := range stdlib.Symbols(path) {
			if k != "." {
				return m
			}
		}
	}
	name := path[strings.LastIndexByte(path, '/')+1:]
	if m, ok := e.allExports()[path+"/"+name]; ok {
		return m
	}
	for k, m := range e.allExports() {
		if strings.HasPrefix(k, path+"/") && !strings.Contains(k[len(path)+1:], "/") {
			return m
		}
	}
	return nil
}
