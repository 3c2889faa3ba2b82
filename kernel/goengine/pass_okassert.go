package goengine

import (
	"go/ast"
	"go/types"
)

// okAssertPass: the operand of a comma-ok type assertion, v, ok := x.(T),
// goes through the prelude's _yakNonNil. yaegi panics ("call of
// reflect.Value.Type on zero Value") when x is a nil interface value and T
// an interface type, where Go gives the zero value and false; so did
// `if err, ok := recover().(error); ok` whenever nothing had panicked.
// _yakNonNil turns nil into a value of a prelude type that only any
// matches, so assertions to any and to interface{} are left alone (their
// result would change), and so are assertions in generic functions (T may
// be a type parameter, which yaegi handles apart), and so are assertions to
// types that cells declare (outsideType).
func okAssertPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	wrap := func(x ast.Expr) {
		ta, ok := x.(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || matchesNil(ta.Type) || !outsideType(ta.Type) {
			return
		}
		if _, sel := ta.Type.(*ast.SelectorExpr); sel && c.compiledInterface(e, ta.Type) {
			return // the ifaceassert pass's (fmt.Stringer, io.Writer)
		}
		if a, b, in := c.span(ta.X); in {
			edits = append(edits, edit{a, a, "_yakNonNil("}, edit{b, b, ")"})
		}
	}
	var generic []ast.Node // bodies of generic functions
	c.inspect(func(n ast.Node) bool {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Type.TypeParams != nil && fd.Type.TypeParams.NumFields() > 0 {
			generic = append(generic, fd)
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				wrap(n.Rhs[0])
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				wrap(n.Values[0])
			}
		}
		return true
	})
	return edits
}

// outsideType reports whether a type expression names a type that no cell
// declares: error, a predeclared type, a package's type or an empty
// interface literal. An assertion to a cell's interface type, or to an
// interface literal with methods, is left alone (the ifaceassert pass
// rewrites it): yaegi
// loses the cell value's methods when it passes through _yakNonNil's any
// (`tw, ok = t.(MyWriter)` then failed in reflect.Set).
func outsideType(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		_, ok := types.Universe.Lookup(t.Name).(*types.TypeName)
		return ok
	case *ast.SelectorExpr:
		return true
	case *ast.InterfaceType:
		// one with methods is the ifaceassert pass's, like a cell's
		return t.Methods == nil || len(t.Methods.List) == 0
	}
	return false
}

// matchesNil reports whether a type expression is any or interface{}, to
// which Go's comma-ok assertion of nil is false but _yakNonNil's stand-in
// would be true.
func matchesNil(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name == "any"
	case *ast.InterfaceType:
		return t.Methods == nil || len(t.Methods.List) == 0
	}
	return false
}
