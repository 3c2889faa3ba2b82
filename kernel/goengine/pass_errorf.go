package goengine

import (
	"go/ast"
	"go/token"
	"strconv"
)

// errorfPass: a composite literal of a cell type, or another expression
// whose type is a cell type with an Error method (pass_fmtvalue.go's
// isCellError), given to fmt.Errorf for a %w verb is first stored in a
// variable of type error. yaegi hands
// compiled code a cell value as the error interface only from such a
// variable; given straight (fmt.Errorf("find: %w", &NotFound{k})), the
// error is not wrapped and errors.As on the result panics.
//
//	fmt.Errorf("%w", &E{})   =>   fmt.Errorf("%w", func() error { var _yakE error = &E{}; return _yakE }())
func errorfPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Errorf" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Name != "fmt" || c.lookup(pkg) != nil || e.st.names["fmt"] != nil && e.st.names["fmt"].kind != "import" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		format, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		for _, i := range wrapArgs(format) {
			if 1+i >= len(call.Args) {
				break
			}
			arg := call.Args[1+i]
			if !c.isCellTypeLit(e, arg) && !c.isCellError(e, arg) {
				continue
			}
			if a, b, in := c.span(arg); in {
				edits = append(edits, edit{a, a, "func() error { var _yakE error = "}, edit{b, b, "; return _yakE }()"})
			}
		}
		return true
	})
	return edits
}

// wrapArgs lists the indexes of the arguments that the %w verbs of a
// format take; nil when the format numbers its arguments ([n]).
func wrapArgs(format string) []int {
	var out []int
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format); i++ {
			ch := format[i]
			if ch == '[' {
				return nil
			}
			if ch == '*' {
				arg++
				continue
			}
			if ch == '%' {
				break
			}
			if ch == '+' || ch == '-' || ch == '#' || ch == ' ' || ch == '0' || ch == '.' || ch >= '1' && ch <= '9' {
				continue
			}
			if ch == 'w' {
				out = append(out, arg)
			}
			arg++
			break
		}
	}
	return out
}

// isCellTypeLit reports whether x is T{...} or &T{...} with T a type
// declared in a cell.
func (c *passCtx) isCellTypeLit(e *Engine, x ast.Expr) bool {
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	cl, ok := x.(*ast.CompositeLit)
	if !ok {
		return false
	}
	id, ok := cl.Type.(*ast.Ident)
	if !ok {
		return false
	}
	if d := c.lookup(id); d != nil {
		return d.kind == "type"
	}
	d := e.st.names[id.Name]
	return d != nil && d.kind == "type"
}
