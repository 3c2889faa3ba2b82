package goengine

import (
	"go/ast"
)

// newExprPass: new(expr) of Go 1.26 (a pointer to a copy of the value)
// becomes _yakNew(expr), a generic function of the prelude; yaegi would
// take the expression for a type and return a pointer to its zero value.
// An argument is an expression when its syntax says so (a literal, a
// call, an operation) or when it names a variable.
func newExprPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "new" || e.st.names["new"] != nil {
			return true
		}
		if !isValueExpr(e, c, call.Args[0]) {
			return true
		}
		a, b, in := c.span(call.Fun)
		if in {
			edits = append(edits, edit{a, b, "_yakNew"})
		}
		return true
	})
	return edits
}

// isValueExpr reports whether x, the argument of new, is a value.
func isValueExpr(e *Engine, c *passCtx, x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit, *ast.CompositeLit, *ast.BinaryExpr, *ast.CallExpr:
		return true
	case *ast.UnaryExpr:
		return true
	case *ast.ParenExpr:
		return isValueExpr(e, c, x.X)
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			return d.kind == "var" || d.kind == "const"
		}
		if d, ok := e.st.names[x.Name]; ok {
			return d.kind == "var" || d.kind == "const"
		}
		return x.Name == "true" || x.Name == "false" // the predeclared constants
	}
	return false
}
