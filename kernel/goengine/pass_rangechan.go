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
// A range over a pointer to an array panics in yaegi in a method ("reflect.Set:
// value of type [4]int is not assignable to type int"; a stack on an array
// type ranges over its receiver): it becomes a loop over the indexes
// (arrayPtrLoop). Only where x is a name or a selector or index of names: reading it again
// in the body has no effects.
func rangeChanPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		rs, ok := n.(*ast.RangeStmt)
		if !ok || rs.Tok == token.ILLEGAL || !pureExpr(rs.X) {
			return true
		}
		if rs.Key != nil && c.isArrayPtr(e, rs.X) {
			edits = append(edits, c.arrayPtrLoop(e, rs)...)
			return true
		}
		if rs.Value == nil {
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

// arrayPtrLoop turns a range over a pointer to an array into a loop over
// its indexes, which yaegi runs (the length of an array is its type's):
//
//	for i, v := range p {   =>   for _yakK1 := 0; _yakK1 < len(p); _yakK1++ { i, v := _yakK1, p[_yakK1]; {
//
// As in Go, v reads the array as the loop reaches it (a pointer's array is
// not copied), and i and v are new in each iteration.
func (c *passCtx) arrayPtrLoop(e *Engine, rs *ast.RangeStmt) []edit {
	start, _, in := c.span(rs)
	_, xEnd, in2 := c.span(rs.X)
	if !in || !in2 {
		return nil
	}
	e.st.tmp++
	k := fmt.Sprintf("_yakK%d", e.st.tmp)
	x := c.text(rs.X)
	names, vals := c.text(rs.Key), k
	if rs.Value != nil {
		names += ", " + c.text(rs.Value)
		vals += ", " + x + "[" + k + "]"
	}
	lbrace := c.s.offset(rs.Body.Lbrace)
	rbrace := c.s.offset(rs.Body.Rbrace)
	return []edit{
		{start, xEnd, "for " + k + " := 0; " + k + " < len(" + x + "); " + k + "++"},
		{lbrace + 1, lbrace + 1, " " + names + " " + rs.Tok.String() + " " + vals + "; {"},
		{rbrace, rbrace, "}"}}
}

// isArrayPtr reports whether x is a pointer to an array.
func (c *passCtx) isArrayPtr(e *Engine, x ast.Expr) bool {
	p, ok := c.underlying(e, c.fmtTypeOf(e, x, 0)).(*ast.StarExpr)
	if !ok {
		return false
	}
	a, ok := c.underlying(e, p.X).(*ast.ArrayType)
	return ok && a.Len != nil
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
