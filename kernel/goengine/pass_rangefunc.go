package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// rangeFuncPass: range over a function (Go 1.23: iter.Seq, slices.All,
// maps.Keys, a method returning an iterator) crashes yaegi. When the range
// expression is an iterator (by what the engine can see, pass_scope.go)
// the loop pulls its values from the prelude's _yakPull (an iter.Pull in
// interpreted code: the iterator runs in a goroutine that hands over one
// value at a time, so the loop body and the iterator never run at once):
//
//	for k, v := range seq {  =>  { _yakNx1, _yakSx1 := _yakPull2(seq); for { k, v, _yakOk1 := _yakNx1(); if !_yakOk1 { break };
//	}                        =>  }; _yakSx1() }
//
// break and continue keep their meaning; the iterator is stopped after the
// loop (a return from inside the loop leaves it waiting, blocked, in its
// goroutine).
func rangeFuncPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	labels := map[*ast.RangeStmt]*ast.LabeledStmt{}
	c.inspect(func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			if r, ok := l.Stmt.(*ast.RangeStmt); ok {
				labels[r] = l
			}
		}
		r, ok := n.(*ast.RangeStmt)
		if !ok || !c.funcLike(r.X) {
			return true
		}
		start := r.Pos()
		label := ""
		if l := labels[r]; l != nil {
			start = l.Pos()
			label = l.Label.Name + ": "
		}
		a := c.s.offset(start)
		lb := c.s.offset(r.Body.Lbrace)
		rb := c.s.offset(r.Body.Rbrace)
		if a < c.start || rb+1 > c.end {
			return true
		}
		e.st.tmp++
		id := e.st.tmp
		next, stop, okv := fmt.Sprintf("_yakNx%d", id), fmt.Sprintf("_yakSx%d", id), fmt.Sprintf("_yakOk%d", id)
		name := func(x ast.Expr, i int) string {
			if x == nil {
				return "_"
			}
			if r.Tok == token.DEFINE {
				return c.text(x)
			}
			return fmt.Sprintf("_yakV%d_%d", id, i)
		}
		pull := "_yakPull1"
		vars := name(r.Key, 0)
		if r.Value != nil {
			pull = "_yakPull2"
			vars += ", " + name(r.Value, 1)
		}
		get := fmt.Sprintf("%s, %s := %s()", vars, okv, next)
		assign := ""
		if r.Tok == token.ASSIGN {
			if r.Key != nil {
				assign += fmt.Sprintf(" %s = _yakV%d_0;", c.text(r.Key), id)
			}
			if r.Value != nil {
				assign += fmt.Sprintf(" %s = _yakV%d_1;", c.text(r.Value), id)
			}
		}
		head := fmt.Sprintf("{ %s, %s := %s(%s); %sfor { %s; if !%s { break };%s", next, stop, pull, c.text(r.X), label, get, okv, assign)
		edits = append(edits, edit{a, lb + 1, head}, edit{rb + 1, rb + 1, "; " + stop + "() }"})
		return true
	})
	return edits
}
