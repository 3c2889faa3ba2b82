package goengine

import (
	"go/ast"
	"go/token"
)

// methodValuePass: a method value x.M of a method with a value receiver
// copies x when it is evaluated (Go spec, "Method values"): f := v.Len;
// v.Scale(2); f() measures the old v. yaegi binds the variable itself, so
// f would see the change. Where the cell says that x is a variable of a
// cell type T (or *T) whose method M has a value receiver, and x.M is not
// called on the spot, x becomes a copy returned by a function literal
// (for a pointer, of *x, which panics on nil as Go does; not a generic
// identity, which yaegi cannot type in `f := g(v).M` at the top level):
//
//	f := v.Len   =>   f := func() Vec { return v }().Len
func methodValuePass(e *Engine, c *passCtx) []edit {
	called := map[ast.Node]bool{}
	c.inspect(func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			called[ast.Unparen(call.Fun)] = true
		}
		return true
	})
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || called[sel] {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		d := c.lookup(x)
		if d == nil || d.kind != "var" {
			return true
		}
		typ, ptr := varTypeName(d)
		if typ == nil {
			return true
		}
		fd := c.methodDecl(typ.Name, sel.Sel.Name)
		if fd == nil {
			return true
		}
		if _, isPtr := fd.Recv.List[0].Type.(*ast.StarExpr); isPtr {
			return true
		}
		a, b, in := c.span(x)
		if !in {
			return true
		}
		open := "func() " + c.text(typ) + " { return "
		if ptr {
			open += "*"
		}
		edits = append(edits, edit{a, a, open}, edit{b, b, " }()"})
		return true
	})
	return edits
}

// varTypeName is the name of the cell type of a variable as its
// declaration writes it (its identifier) (var v T, v := T{...}, v := &T{...}), and whether
// the variable is a pointer to it; nil when the syntax does not say.
func varTypeName(d *localDecl) (*ast.Ident, bool) {
	t := d.typ
	if t == nil && d.val != nil {
		switch v := d.val.(type) {
		case *ast.CompositeLit:
			t = v.Type
		case *ast.UnaryExpr:
			if cl, ok := v.X.(*ast.CompositeLit); ok && v.Op == token.AND && cl.Type != nil {
				t = &ast.StarExpr{X: cl.Type}
			}
		}
	}
	ptr := false
	if s, ok := t.(*ast.StarExpr); ok {
		t, ptr = s.X, true
	}
	if id, ok := t.(*ast.Ident); ok {
		return id, ptr
	}
	return nil, false
}
