package goengine

import "go/ast"

// recoverPass: a call of the builtin recover becomes
// _yakhook.Recovered(recover()). yaegi's recover returns the panic value
// inside a reflect.Value, so every type assertion on it fails: r.(error),
// r.(string) and r.(MyErr) were all false, and `if err, ok := r.(error); ok`,
// the way Go code tells a panic's kind, took the wrong branch. Recovered
// takes the value out (a panic whose value really is a reflect.Value is
// therefore seen as the value it holds). A deferred or go'ed recover() stays:
// wrapping it would evaluate recover at the defer statement.
func recoverPass(e *Engine, c *passCtx) []edit {
	direct := map[*ast.CallExpr]bool{}
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			direct[n.Call] = true
		case *ast.GoStmt:
			direct[n.Call] = true
		case *ast.CallExpr:
			id, ok := n.Fun.(*ast.Ident)
			if !ok || id.Name != "recover" || len(n.Args) != 0 || direct[n] || c.lookup(id) != nil || e.st.names["recover"] != nil {
				return true
			}
			if a, b, in := c.span(n); in {
				edits = append(edits, edit{a, a, "_yakhook.Recovered("}, edit{b, b, ")"})
			}
		}
		return true
	})
	return edits
}
