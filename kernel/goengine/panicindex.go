package goengine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// yaegi reports an index out of range as reflect's "slice index out of
// range", without the index and the length that Go's message has. The
// engine finds the index expressions at the panic's line (or, when yaegi's
// position is off, in the cell's top-level statements) and, for those
// whose operands are variables of the cell, evaluates the index and the
// length again (naming variables and len have no effects) to give Go's
// message; inside a function, whose variables are gone, it names the
// expression.
func (e *Engine) explainIndex(code string, lines, funcs []string, value string) string {
	if !strings.Contains(value, "index out of range (reflect:") {
		return value
	}
	src, line, inCell := code, 0, true
	if len(lines) > 0 {
		if f, _, _ := strings.Cut(funcs[0], "."); f != "" {
			inCell = false
			if s := e.st.funcCell[f]; s != "" {
				src = s
			}
		}
		parts := strings.SplitN(strings.TrimSpace(lines[0]), ":", 3)
		if len(parts) >= 2 && parts[0] == "cell" {
			line, _ = strconv.Atoi(parts[1])
		}
	}
	exprs := indexExprs(src)
	var onLine []indexAt
	for _, x := range exprs {
		if x.line == line {
			onLine = append(onLine, x)
		}
	}
	if inCell {
		cands := onLine
		if len(cands) == 0 {
			cands = exprs
		}
		for _, x := range cands {
			if !x.topLevel {
				continue
			}
			n, okN := e.evalInt("len(" + x.x + ")")
			i, okI := e.evalInt(x.index)
			if okN && okI && (i < 0 || i >= n) {
				return fmt.Sprintf("runtime error: index out of range [%d] with length %d (%s[%s], cell line %d)", i, n, x.x, x.index, x.line)
			}
		}
	}
	if len(onLine) > 0 {
		var names []string
		for _, x := range onLine {
			names = append(names, x.x+"["+x.index+"]")
		}
		return fmt.Sprintf("runtime error: index out of range in %s (line %d; the interpreter does not report the index and the length)", strings.Join(names, " or "), line)
	}
	return value
}

type indexAt struct {
	x, index string
	line     int
	topLevel bool // not inside a function
}

// indexExprs lists the index expressions of a cell's source (parsed as
// statements after its declarations, as the engine splits it).
func indexExprs(src string) []indexAt {
	segs, errs := split(src)
	if len(errs) > 0 {
		return nil
	}
	fset, errs2 := parse(src, segs)
	if len(errs2) > 0 || fset == nil {
		return nil
	}
	var out []indexAt
	for i := range segs {
		s := &segs[i]
		if s.kind != segStmt && s.kind != segDecl {
			continue
		}
		c := &passCtx{s: s}
		depth := 0
		var stack []ast.Node
		c.inspect(func(n ast.Node) bool {
			if n == nil {
				if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
					depth--
				}
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.FuncLit:
				depth++
			case *ast.IndexExpr:
				a, b := s.offset(n.X.Pos()), s.offset(n.X.End())
				ia, ib := s.offset(n.Index.Pos()), s.offset(n.Index.End())
				line := 1 + strings.Count(src[:a], "\n")
				out = append(out, indexAt{src[a:b], src[ia:ib], line, s.kind == segStmt && depth == 0})
			}
			return true
		})
	}
	return out
}

// evalInt evaluates an expression of the cell's variables to an int,
// when it calls nothing (other than len).
func (e *Engine) evalInt(x string) (int, bool) {
	ex, err := parser.ParseExpr(x)
	if err != nil {
		return 0, false
	}
	pure := true
	ast.Inspect(ex, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); !ok || id.Name != "len" {
				pure = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				pure = false
			}
		}
		return pure
	})
	if !pure {
		return 0, false
	}
	v, err := e.evalValue(x)
	if err != nil || !v.IsValid() {
		return 0, false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return int(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int(v.Uint()), true
	}
	return 0, false
}
