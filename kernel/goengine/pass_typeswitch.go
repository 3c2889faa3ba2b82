package goengine

import "go/ast"

// typeSwitchPass: a type switch without a variable (`switch x.(type) {`)
// goes through a different path in yaegi from one with a variable, and
// that path compares the dynamic type's name with the case's, so a case
// naming a cell's struct type is never taken (`case contact:` falls to
// default). With a variable the cases match as in Go:
//
//	switch x.(type) {   =>   switch _yakTS := x.(type) {
//
// yaegi does not reject the unused variable.
func typeSwitchPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		if x, ok := ts.Assign.(*ast.ExprStmt); ok {
			if a, _, in := c.span(x); in {
				edits = append(edits, edit{a, a, "_yakTS := "})
			}
		}
		return true
	})
	return edits
}
