package goengine

import "go/ast"

// variadicAnyPass: a []any given as one of the values of a variadic ...any
// parameter of a function declared in a cell, or appended to a []any,
// goes in an explicit slice:
//
//	show(row, 2)          =>   show([]any{row, 2}...)
//	rows = append(rows, row)   =>   rows = append(rows, []any{row}...)
//
// yaegi spreads a []any that a call hands to ...any without "..." (Go
// passes it as one value): show(row, 2) got the elements of row and 2,
// append(rows, row) appended row's elements. A method's variadic
// parameter, and a compiled function's (fmt.Println(row)), get it right.
func variadicAnyPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		first := c.variadicAnyIndex(e, call)
		if first < 0 || first >= len(call.Args) {
			return true
		}
		spread := false
		for _, a := range call.Args[first:] {
			if c.isSliceOfAny(e, c.fmtTypeOf(e, a, 0)) {
				spread = true
			}
		}
		if !spread {
			return true
		}
		a, _, in1 := c.span(call.Args[first])
		_, b, in2 := c.span(call.Args[len(call.Args)-1])
		if in1 && in2 {
			edits = append(edits, edit{a, a, "[]any{"}, edit{b, b, "}..."})
		}
		return true
	})
	return edits
}

// variadicAnyIndex is the index of the first argument that call hands to
// a variadic parameter of type ...any: of a function declared in a cell
// (or a function literal a cell's variable holds), or of append to a
// slice of any; -1 for other calls.
func (c *passCtx) variadicAnyIndex(e *Engine, call *ast.CallExpr) int {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return -1
	}
	if id.Name == "append" && c.lookup(id) == nil && e.st.names["append"] == nil {
		if len(call.Args) < 2 {
			return -1
		}
		if c.isSliceOfAny(e, c.fmtTypeOf(e, call.Args[0], 0)) {
			return 1
		}
		return -1
	}
	var ft *ast.FuncType
	if fd := c.cellFunc(id); fd != nil && fd.Recv == nil {
		ft = fd.Type
	} else if d := c.lookup(id); d != nil && d.kind == "var" && d.typ == nil {
		if lit, ok := d.val.(*ast.FuncLit); ok {
			ft = lit.Type
		}
	}
	if ft == nil || ft.Params == nil {
		return -1
	}
	params := fieldTypes(ft.Params)
	if len(params) == 0 {
		return -1
	}
	el, ok := params[len(params)-1].(*ast.Ellipsis)
	if !ok || !c.isEmptyInterface(el.Elt) {
		return -1
	}
	return len(params) - 1
}

// isSliceOfAny reports whether t is []any (or []interface{}), or a cell's
// named type of it. (The types come from fmtTypeOf, which also knows the
// variables of earlier cells.)
func (c *passCtx) isSliceOfAny(e *Engine, t ast.Expr) bool {
	if t == nil {
		return false
	}
	a, ok := c.underlying(e, t).(*ast.ArrayType)
	return ok && a.Len == nil && c.isEmptyInterface(a.Elt)
}
