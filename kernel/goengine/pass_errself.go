package goengine

import (
	"go/ast"
)

// errSelfPass: yaegi keeps a struct value that becomes an error as its
// last field (errwrap.go), so errors.As and an assertion err.(T) could not
// find a value-receiver error type. Each value-receiver Error method gets
// a twin that returns the value, which the engine's error wrappers call,
// and an assertion of a value of type error to a cell type asserts the
// value that the error holds:
//
//	func (e MyErr) Error() string { ... }   =>   func (e MyErr) Error() string { ... }; func (_yakR MyErr) _yakSelf() any { return _yakR }
//	err.(MyErr)                             =>   _yakErrSelf(err).(MyErr)
func errSelfPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil && c.assertsErrorToCellType(e, ta) {
			if a, z, in := c.span(ta.X); in {
				edits = append(edits, edit{a, a, "_yakErrSelf("}, edit{z, z, ")"})
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
		recv, ok := fd.Recv.List[0].Type.(*ast.Ident) // a value receiver, not generic
		if !ok {
			return true
		}
		if _, z, in := c.span(fd); in {
			edits = append(edits, edit{z, z, "; func (_yakR " + c.text(recv) + ") _yakSelf() any { return _yakR }"})
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
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	u := c.cellTypeExpr(e, id.Name)
	if u == nil {
		return false
	}
	if _, iface := u.(*ast.InterfaceType); iface {
		return false
	}
	xt, ok := c.fmtTypeOf(e, ta.X, 0).(*ast.Ident)
	return ok && xt.Name == "error" && e.isUniverseError(c, xt)
}
