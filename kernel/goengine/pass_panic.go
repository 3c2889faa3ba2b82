package goengine

import (
	"fmt"
	"go/ast"
)

// panicPass rewrites the statement panic(v) to
//
//	{ t := v; _yakPanicNote(t); panic(t) }
//
// so that the engine learns the Error() or String() text of a value of a
// cell-declared type, while the panic value itself stays as it was.
func panicPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		st, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := st.X.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Name != "panic" || e.st.names["panic"] != nil {
			return true
		}
		a, b, in := c.span(st)
		if !in {
			return true
		}
		arg := c.text(call.Args[0])
		e.st.tmp++
		t := fmt.Sprintf("_yakPv%d", e.st.tmp)
		edits = append(edits, edit{a, b, fmt.Sprintf("{ %s := %s; _yakPanicNote(%s); panic(%s) }", t, arg, t, t)})
		return true
	})
	return edits
}
