package goengine

import (
	"go/ast"
	"go/token"
)

// recvReturnPass: yaegi compiles `return <-c` into a receive that stores
// straight into the function's result slot, which reflect refuses ("reflect:
// reflect.Value.Set using unaddressable value"): every call panics. The
// generator idiom of Go tutorials (`func next() int { return <-ch }`) hits
// it. Parenthesized, the receive is an ordinary operand and its value is
// copied into the result as any other:
//
//	return <-c, nil   =>   return (<-c), nil
func recvReturnPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok {
			return true
		}
		for _, r := range ret.Results {
			u, ok := r.(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				continue
			}
			a, z, in := c.span(u)
			if !in {
				continue
			}
			edits = append(edits, edit{a, a, "("}, edit{z, z, ")"})
		}
		return true
	})
	return edits
}
