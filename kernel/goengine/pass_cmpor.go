package goengine

import "go/ast"

// cmpOrPass: a call of cmp.Or becomes a call of the prelude's _yakOr, which
// takes its first argument apart from the others. yaegi compiles the
// source of package cmp but fails on a call of its Or ("undefined type for
// T": it cannot infer T from variadic arguments alone). A call that spreads
// a slice (cmp.Or(xs...)) stays.
func cmpOrPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Or" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Name != "cmp" || c.lookup(pkg) != nil || e.st.names["cmp"] != nil && e.st.names["cmp"].kind != "import" {
			return true
		}
		if a, b, in := c.span(sel); in {
			edits = append(edits, edit{a, b, "_yakOr"})
		}
		return true
	})
	return edits
}
