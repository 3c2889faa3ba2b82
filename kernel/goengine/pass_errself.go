package goengine

import (
	"go/ast"
	"reflect"
)

// errSelfPass: yaegi keeps a struct value that becomes an error as its
// last field (errwrap.go), so errors.As and an assertion err.(T) could not
// find a value-receiver error type. Each value-receiver Error method gets
// a twin that returns the value, which the engine's error wrappers call,
// and an assertion of a value of type error to a cell type asserts the
// value that the error holds:
//
//	func (e MyErr) Error() string { ... }   =>   func (e MyErr) Error() string { ... }; func (_yakR MyErr) _yakSelf() []any { return []any{_yakR} }
//	err.(MyErr)                             =>   _yakErrSelf(err).(MyErr)
//
// errors.As to a target of an interface type that a cell declares, or an
// interface literal (var c interface{ Code() int }), is decided in the
// interpreter, which sees the methods of the values that the errors in the
// chain hold (compiled errors.As sees yaegi's holder of the target):
//
//	errors.As(err, &c)   =>   func(_yakE error, _yakP *I) bool { return _yakhook.ErrorsAsFunc(_yakE, func(_yakX any) bool { ...assert _yakX to I, set *_yakP... }) }(err, &c)
func errSelfPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if a, z, in := c.span(call); in {
				if t := c.errorsAsInterface(e, call); t != "" {
					edits = append(edits, edit{a, z, "func(_yakE error, _yakP *" + t + ") bool { return _yakhook.ErrorsAsFunc(_yakE, func(_yakX any) bool { " +
						"if _, _yakOK := _yakX.(" + t + "); _yakOK { switch _yakW := _yakX.(type) { case " + t + ": *_yakP = _yakW; return true } }; return false }) }(" +
						c.text(call.Args[0]) + ", " + c.text(call.Args[1]) + ")"})
				}
			}
			return true
		}
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil && c.assertsErrorToCellType(e, ta) {
			// a replacement of the operand, not insertions around it: the
			// ifaceassert pass, earlier, replaces an assertion to a cell
			// interface whole (with this edit in its copy of the operand)
			if _, _, in := c.span(ta); in {
				a, z, _ := c.span(ta.X)
				edits = append(edits, edit{a, z, "_yakErrSelf(" + c.text(ta.X) + ")"})
			}
			return true
		}
		fd, ok := n.(*ast.FuncDecl)
		if !ok {
			return true
		}
		if fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "Error" || fd.Body == nil ||
			fd.Type.Params.NumFields() != 0 || fd.Type.Results.NumFields() != 1 {
			return true
		}
		if r, ok := fd.Type.Results.List[0].Type.(*ast.Ident); !ok || r.Name != "string" {
			return true
		}
		rt := fd.Recv.List[0].Type
		star := ""
		if s, ok := rt.(*ast.StarExpr); ok {
			rt, star = s.X, "*"
		}
		recv, ok := rt.(*ast.Ident) // not generic
		if !ok {
			return true
		}
		if _, z, in := c.span(fd); in {
			edits = append(edits, edit{z, z, "; func (_yakR " + star + c.text(recv) + ") _yakSelf() []any { return []any{_yakR} }"})
		}
		return true
	})
	return edits
}

// assertsErrorToCellType reports whether ta is x.(T) or x.(*T) with x of
// the type error and T a type that a cell declares (not an interface).
func (c *passCtx) assertsErrorToCellType(e *Engine, ta *ast.TypeAssertExpr) bool {
	t := ta.Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if _, lit := t.(*ast.InterfaceType); !lit {
		id, ok := t.(*ast.Ident)
		if !ok || c.cellTypeExpr(e, id.Name) == nil {
			return false
		}
	}
	return c.isErrorTyped(e, ta.X)
}

// isErrorTyped reports whether x's static type is error: declared so in
// a cell, or returned by compiled code (errors.Unwrap(err), or a variable
// it was stored in).
func (c *passCtx) isErrorTyped(e *Engine, x ast.Expr) bool {
	if xt, ok := c.fmtTypeOf(e, x, 0).(*ast.Ident); ok {
		return xt.Name == "error" && e.isUniverseError(c, xt)
	}
	t := c.typeOf(x)
	return t != nil && t.rt == reflect.TypeFor[error]()
}

// errorsAsInterface is the text of T for errors.As(err, p) where p is a
// *T, T an interface literal or an interface type that a cell declares;
// "" for other calls.
func (c *passCtx) errorsAsInterface(e *Engine, call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "As" || len(call.Args) != 2 || call.Ellipsis.IsValid() {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "errors" || c.lookup(pkg) != nil || e.st.names["errors"] != nil && e.st.names["errors"].kind != "import" {
		return ""
	}
	if p, ok := e.st.imports["errors"]; ok && p != "errors" {
		return ""
	}
	pt, ok := c.fmtTypeOf(e, call.Args[1], 0).(*ast.StarExpr)
	if !ok {
		return ""
	}
	switch t := pt.X.(type) {
	case *ast.InterfaceType:
		if t.Methods.NumFields() == 0 {
			return ""
		}
		return exprText(t)
	case *ast.Ident:
		if c.isCellInterface(e, t) {
			return e.internalName(t.Name)
		}
	}
	return ""
}
