package goengine

import (
	"fmt"
	"go/ast"
	"strings"
)

// selectSendPass: yaegi does not compute the value of a select case's
// send where that takes more than a call: a composite literal is sent
// with its computed elements zeroed (`case out <- result{id,
// strings.Repeat("*", j)}:` sent {id ""}; `case c <- []int{j, j*2}:` sent
// [j 0]) and a function literal there is nil. Such values are computed
// before the select, in a block around it, in the order of the cases:
//
//	select {                          =>   { _yakSend1 := result{id, s}; select {
//	case out <- result{id, s}:        =>   case out <- _yakSend1:
//	...}                              =>   ...} }
//
// Go computes every send's value once, on entering the select, in the
// order of the cases, with the channels of the cases between them; only a
// channel expression with side effects on what such a value reads (rare)
// could tell the difference.
func selectSendPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	labels := map[*ast.SelectStmt]*ast.LabeledStmt{}
	c.inspect(func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			if s, ok := l.Stmt.(*ast.SelectStmt); ok {
				labels[s] = l
			}
		}
		sel, ok := n.(*ast.SelectStmt)
		if !ok {
			return true
		}
		var stmt ast.Node = sel
		if l := labels[sel]; l != nil {
			stmt = l // the label stays on the select
		}
		a, z, in := c.span(stmt)
		if !in {
			return true
		}
		var before []string
		var inner []edit
		for _, s := range sel.Body.List {
			send, ok := s.(*ast.CommClause).Comm.(*ast.SendStmt)
			if !ok || !computedValue(send.Value) {
				continue
			}
			va, vz, in := c.span(send.Value)
			if !in {
				return true
			}
			e.st.tmp++
			t := fmt.Sprintf("_yakSend%d", e.st.tmp)
			before = append(before, t+" := "+c.text(send.Value)+"; ")
			inner = append(inner, edit{va, vz, t})
		}
		if len(before) == 0 {
			return true
		}
		edits = append(edits, edit{a, a, "{ " + strings.Join(before, "")})
		edits = append(edits, inner...)
		edits = append(edits, edit{z, z, " }"})
		return true
	})
	return edits
}

// computedValue reports whether a send's value holds a composite or
// function literal.
func computedValue(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CompositeLit, *ast.FuncLit:
			found = true
		}
		return !found
	})
	return found
}
