package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// rangeIntPass: range over an integer (Go 1.22) crashes yaegi ('nil
// type'), so when the range expression is an integer (by what the engine
// can see, pass_scope.go) the loop header becomes a three-clause one that
// evaluates the bound once, as Go does:
//
//	for i := range n {   =>   for i, _yakN1 := n-n, n; i < _yakN1; i++ {
//
// (n-n gives i the type of n; a bound with calls is evaluated twice for
// the type: `0` instead when it is an int by its syntax.)
func rangeIntPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Value != nil || r.Tok == token.ASSIGN || !c.intLike(r.X) {
			return true
		}
		a, _, in := c.span(r)
		b := c.s.offset(r.Body.Lbrace)
		if !in {
			return true
		}
		e.st.tmp++
		bound := fmt.Sprintf("_yakN%d", e.st.tmp)
		v := fmt.Sprintf("_yakI%d", e.st.tmp)
		if id, ok := r.Key.(*ast.Ident); ok && id.Name != "_" {
			v = id.Name
		}
		x := c.text(r.X)
		zero := "(" + x + ")-(" + x + ")"
		if hasCall(r.X) {
			zero = "0"
		}
		edits = append(edits, edit{a, b, fmt.Sprintf("for %s, %s := %s, %s; %s < %s; %s++ ", v, bound, zero, x, v, bound, v)})
		return true
	})
	return edits
}

// hasCall reports whether x calls a function (other than a conversion to
// an integer type, len or cap).
func hasCall(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); !ok || !intTypes[id.Name] && id.Name != "len" && id.Name != "cap" {
				found = true
			}
		}
		return !found
	})
	return found
}
