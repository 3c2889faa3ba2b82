package goengine

import (
	"go/ast"
	"strings"
)

// switchCasePass: in a switch without a tag (`switch { case a, b: }`),
// yaegi takes a case with several conditions as false when its first
// condition is false, whatever the others. Joined by ||, the conditions
// are tried in the same order and the case holds when one of them holds,
// as in Go:
//
//	case x > 6, x < 8:   =>   case (x > 6) || (x < 8):
//
// `switch true {` is the same switch. Line breaks between the conditions
// stay where they were.
func switchCasePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		if id, isIdent := sw.Tag.(*ast.Ident); sw.Tag != nil && (!isIdent || id.Name != "true" || c.lookup(id) != nil || e.st.names["true"] != nil) {
			return true
		}
		for _, st := range sw.Body.List {
			cc, ok := st.(*ast.CaseClause)
			if !ok || len(cc.List) < 2 {
				continue
			}
			a, _, in := c.span(cc.List[0])
			_, z, in2 := c.span(cc.List[len(cc.List)-1])
			if !in || !in2 {
				continue
			}
			var b strings.Builder
			for i, x := range cc.List {
				if i > 0 {
					// What lies between two conditions, its comma made ||
					// (line breaks kept).
					_, prev, _ := c.span(cc.List[i-1])
					next, _, _ := c.span(x)
					b.WriteString(strings.Replace(c.code[prev:next], ",", " ||", 1))
				}
				b.WriteString("(" + c.text(x) + ")")
			}
			edits = append(edits, edit{a, z, b.String()})
		}
		return true
	})
	return edits
}
