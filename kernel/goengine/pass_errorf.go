package goengine

import (
	"go/ast"
	"go/token"
	"strconv"
)

// errorfPass: yaegi makes a cell value the error interface properly only
// as the result of a function whose result type is error. Stored straight
// in a variable of type error, a value of a type whose Error method has a
// value receiver loses its methods (fmt prints {x} for "e2: x", Error()
// panics: "Method index out of range"), and given to fmt.Errorf for %w it
// panics ("reflect.Set: value of type struct {...} is not assignable to
// type error"); a pointer given straight to %w is not wrapped (errors.As
// on the result panics). So a composite literal of a cell type, or (for
// %w) another expression whose type is a cell type with an Error method
// (pass_fmtvalue.go's isCellError), goes through such a function:
//
//	fmt.Errorf("%w", E{})   =>   fmt.Errorf("%w", func() error { return E{} }())
//	var err error = E{}     =>   var err error = func() error { return E{} }()
//	err = E{}               =>   err = func() error { return E{} }()   (err declared error)
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
				edits = append(edits, asError(a, b)...)
			}
		}
		return true
	})
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if id, ok := n.Type.(*ast.Ident); ok && id.Name == "error" && e.isUniverseError(c, id) {
				for _, v := range n.Values {
					if a, b, in := c.span(v); in && c.isCellTypeLit(e, v) {
						edits = append(edits, asError(a, b)...)
					}
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, v := range n.Rhs {
				if t := c.typeOf(n.Lhs[i]); t == nil || t.String() != "error" {
					continue
				}
				if a, b, in := c.span(v); in && c.isCellTypeLit(e, v) {
					edits = append(edits, asError(a, b)...)
				}
			}
		}
		return true
	})
	return edits
}

// asError are the edits that make the expression at [a, b) the result of
// a function returning error.
func asError(a, b int) []edit {
	return []edit{{a, a, "func() error { return "}, {b, b, " }()"}}
}

// isUniverseError reports whether id is the predeclared error, not a type
// of that name that a cell declares.
func (e *Engine) isUniverseError(c *passCtx, id *ast.Ident) bool {
	if d := c.lookup(id); d != nil {
		return false
	}
	return e.st.names[id.Name] == nil
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
