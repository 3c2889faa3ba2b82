package goengine

import (
	"go/ast"
	"regexp"
)

// funcArgPass: in a call that spreads a slice (f(g, xs...)), yaegi passes
// a function declared in a cell (g) as its interpreter node once another
// call hands f a function literal, and the call panics ("reflect.Set:
// value of type *interp.node is not assignable to type func(int) bool").
// Converted to the parameter's type, the function is passed as a value:
//
//	filter(isEven, nums...)   =>   filter((func(int) bool)(isEven), nums...)
//
// The callee is a function declared in a cell, without type parameters;
// the argument names a function declared in a cell.
func funcArgPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !call.Ellipsis.IsValid() {
			return true
		}
		callee := c.cellFunc(call.Fun)
		if callee == nil || callee.Type.TypeParams != nil {
			return true
		}
		params := paramTypes(callee.Type)
		for i, arg := range call.Args {
			if i >= len(params) {
				break
			}
			typ := c.funcTypeText(params[i])
			if typ == "" || c.cellFunc(arg) == nil {
				continue
			}
			if a, z, in := c.span(arg); in {
				edits = append(edits, edit{a, a, "(" + typ + ")("}, edit{z, z, ")"})
			}
		}
		return true
	})
	return edits
}

// funcTypeText is the Go of a parameter type to convert to: a function
// type, or the (internal) name of a type declared in a cell; "" otherwise.
func (c *passCtx) funcTypeText(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.FuncType:
		text := exprString(t)
		for from, to := range c.e.st.renames {
			text = regexp.MustCompile(`\b`+regexp.QuoteMeta(from)+`\b`).ReplaceAllLiteralString(text, to)
		}
		return text
	case *ast.Ident:
		if d := c.lookup(t); d != nil && d.kind != "type" {
			return ""
		} else if _, ok := c.topLevel(t.Name).(*ast.TypeSpec); d == nil && !ok && (c.e.st.names[t.Name] == nil || c.e.st.names[t.Name].kind != "type") {
			return ""
		}
		if to, ok := c.e.st.renames[t.Name]; ok {
			return to
		}
		return t.Name
	}
	return ""
}

// cellFunc is the declaration of the function that x names, when a cell
// declared it (this one or an earlier one) and nothing closer shadows it.
func (c *passCtx) cellFunc(x ast.Expr) *ast.FuncDecl {
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	if d := c.lookup(id); d != nil {
		return d.fn
	}
	if d := c.topLevel(id.Name); d != nil {
		fd, _ := d.(*ast.FuncDecl)
		return fd
	}
	return c.e.declaredFunc(id.Name)
}

// topLevel is the top-level declaration of name in the segment, which Go
// lets code use before it (a FuncDecl or a TypeSpec), or nil.
func (c *passCtx) topLevel(name string) ast.Node {
	if c.s.file == nil {
		return nil
	}
	for _, d := range c.s.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return d
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.Name.Name == name {
					return ts
				}
			}
		}
	}
	return nil
}

// paramTypes lists the type of each parameter of ft, one per name.
func paramTypes(ft *ast.FuncType) []ast.Expr {
	var out []ast.Expr
	if ft.Params == nil {
		return nil
	}
	for _, f := range ft.Params.List {
		for k := 0; k < max(1, len(f.Names)); k++ {
			out = append(out, f.Type)
		}
	}
	return out
}
