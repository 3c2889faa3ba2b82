package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
)

// rangeChanPass: yaegi takes `for k, v := range x` for a range over a
// channel when v is a channel (it looks at the second variable's type), so
// a range with a value over a slice, array or map of channels panics
// ("reflect: call of reflect.Value.Len on int Value"; the fan-in of a
// pipeline ranges over its []chan int). The loop ranges over the keys and
// reads the value by index instead:
//
//	for i, c := range cs {   =>   for _yakK1 := range cs { i, c := _yakK1, cs[_yakK1]; {
//
// The body is a block of its own, where the loopvar pass may copy c again.
// Only where x is a name or a selector or index of names: reading it again
// in the body has no effects.
func rangeChanPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Value == nil || rs.Tok == token.ILLEGAL || !pureExpr(rs.X) {
			return true
		}
		if id, ok := rs.Value.(*ast.Ident); ok && id.Name == "_" {
			return true
		}
		if !c.elemIsChan(e, rs.X) {
			return true
		}
		start, _, in := c.span(rs)
		_, xEnd, in2 := c.span(rs.X)
		lbrace := c.s.offset(rs.Body.Lbrace)
		if !in || !in2 {
			return true
		}
		e.st.tmp++
		k := fmt.Sprintf("_yakK%d", e.st.tmp)
		x := c.text(rs.X)
		key := "_"
		if rs.Key != nil {
			key = c.text(rs.Key)
		}
		rbrace := c.s.offset(rs.Body.Rbrace)
		edits = append(edits,
			edit{start, xEnd, "for " + k + " := range " + x},
			edit{lbrace + 1, lbrace + 1, " " + key + ", " + c.text(rs.Value) + " " + rs.Tok.String() + " " + k + ", " + x + "[" + k + "]; {"},
			edit{rbrace, rbrace, "}"})
		return true
	})
	return edits
}

// pureExpr reports whether evaluating x again reads the same thing without
// effects: a name, or a selector or index of such.
func pureExpr(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return true
	case *ast.ParenExpr:
		return pureExpr(x.X)
	case *ast.SelectorExpr:
		return pureExpr(x.X)
	case *ast.IndexExpr:
		return pureExpr(x.X) && (pureExpr(x.Index) || isBasicLit(x.Index))
	}
	return false
}

func isBasicLit(x ast.Expr) bool {
	_, ok := x.(*ast.BasicLit)
	return ok
}

// elemIsChan reports whether x is a slice, array, pointer to array or map
// whose elements are channels.
func (c *passCtx) elemIsChan(e *Engine, x ast.Expr) bool {
	u := c.underlying(e, c.fmtTypeOf(e, x, 0))
	if p, ok := u.(*ast.StarExpr); ok {
		u = c.underlying(e, p.X)
	}
	var elem ast.Expr
	switch u := u.(type) {
	case *ast.ArrayType:
		elem = u.Elt
	case *ast.Ellipsis:
		elem = u.Elt
	case *ast.MapType:
		elem = u.Value
	}
	_, ok := c.underlying(e, elem).(*ast.ChanType)
	return ok
}
