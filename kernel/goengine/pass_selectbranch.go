package goengine

import (
	"go/ast"
	"go/token"
)

// selectBranchPass: yaegi takes a labeled break or continue that is a
// statement of a select's case for one of the select itself, so `break
// loop` inside `case <-done:` did not leave the loop (a program ran until
// its deadline) and `continue outer` fell through to the rest of the
// loop's body. One level down, inside a block, yaegi takes the label:
//
//	case <-done: break loop   =>   case <-done: if true { break loop }
func selectBranchPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		cc, ok := n.(*ast.CommClause)
		if !ok {
			return true
		}
		for _, st := range cc.Body {
			br, ok := st.(*ast.BranchStmt)
			if !ok || br.Label == nil || br.Tok != token.BREAK && br.Tok != token.CONTINUE {
				continue
			}
			if a, z, in := c.span(br); in {
				edits = append(edits, edit{a, a, "if true { "}, edit{z, z, " }"})
			}
		}
		return true
	})
	return edits
}
