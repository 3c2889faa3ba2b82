package goengine

import (
	"go/ast"
	"go/token"
)

// minMaxPass: calls of the prelude's min and max get a typed argument
// first (float64 for constants among which is a floating-point literal): yaegi infers the type parameter from the first argument, so
// max(0, x) with x float64 would fail where Go's builtin works. The
// arguments are only swapped (the result does not depend on the order).
func minMaxPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 || call.Ellipsis.IsValid() {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || e.st.names[id.Name] != nil || id.Name != "min" && id.Name != "max" {
			return true
		}
		if !e.constLike(call.Args[0]) {
			return true
		}
		// All constants, one of them a floating-point literal: the
		// builtin's result is an untyped float; the prelude's needs a
		// type: float64, as Go's default type.
		allConst, float := true, false
		for _, a := range call.Args {
			allConst = allConst && e.constLike(a)
			ast.Inspect(a, func(n ast.Node) bool {
				if l, ok := n.(*ast.BasicLit); ok && l.Kind == token.FLOAT {
					float = true
				}
				return true
			})
		}
		if allConst && float {
			if _, _, in := c.span(call); in {
				a, b, _ := c.span(call.Args[0])
				edits = append(edits, edit{a, b, "float64(" + c.text(call.Args[0]) + ")"})
			}
			return true
		}
		for k := 1; k < len(call.Args); k++ {
			if e.constLike(call.Args[k]) {
				continue
			}
			a0, b0, in0 := c.span(call.Args[0])
			ak, bk, ink := c.span(call.Args[k])
			if !in0 || !ink {
				return true
			}
			t0, tk := c.text(call.Args[0]), c.text(call.Args[k])
			edits = append(edits, edit{a0, b0, tk}, edit{ak, bk, t0})
			break
		}
		return true
	})
	return edits
}
