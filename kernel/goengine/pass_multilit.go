package goengine

import (
	"go/ast"
)

// multiLitPass: in an assignment or declaration of several values where
// one is a composite literal, yaegi sets the other values to their zero
// value (`s, f := []int{1}, 1.5` leaves f 0; also with = and var, and in
// a for loop's init). A composite literal in parentheses is assigned as
// Go does, so each such literal gets them:
//
//	s, f := []int{1}, 1.5   =>   s, f := ([]int{1}), 1.5
func multiLitPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	wrap := func(values []ast.Expr) {
		if len(values) < 2 {
			return
		}
		for _, v := range values {
			if _, ok := v.(*ast.CompositeLit); !ok {
				continue
			}
			if a, z, in := c.span(v); in {
				edits = append(edits, edit{a, a, "("}, edit{z, z, ")"})
			}
		}
	}
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			wrap(n.Rhs)
		case *ast.ValueSpec:
			wrap(n.Values)
		}
		return true
	})
	return edits
}
