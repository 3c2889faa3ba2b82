package goengine

import (
	"go/ast"
	"go/token"
)

// definePass: at the top level of a cell, `x := e` becomes `var x T = e`
// when yaegi cannot type e itself and the engine can (pass_typeof.go):
//
//	first := parts[0]        =>   var first string; first = parts[0]
//	w := Map(xs, f)          =>   var w []string; w = Map[int, string](xs, f)
//	p := new(42)             =>   var p *int; p = _yakNew(42)
//
// (an initializer in the var declaration itself would be typed by the
// same procedure, and a generic call there yields the zero value).
//
// yaegi makes such variables global, and types a global's initializer with
// a procedure that knows neither an index into a value of a compiled type
// ("constant definition loop") nor a generic call (it crashes).
func definePass(e *Engine, c *passCtx) []edit {
	if c.s.kind != segStmt {
		return nil
	}
	var edits []edit
	for _, st := range c.s.stmts {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || id.Name == "_" || !c.needsType(as.Rhs[0]) {
			continue
		}
		t := c.typeOf(as.Rhs[0])
		if t == nil {
			continue
		}
		a, _, in := c.span(as)
		if !in {
			continue
		}
		b := c.s.offset(as.Rhs[0].Pos())
		edits = append(edits, edit{a, b, "var " + id.Name + " " + t.String() + "; " + id.Name + " = "})
	}
	return edits
}

// needsType reports the initializers that yaegi cannot type at the top
// level: an index expression, a call of a generic function.
func (c *passCtx) needsType(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.IndexExpr:
		return true
	case *ast.ParenExpr:
		return c.needsType(x.X)
	case *ast.CallExpr:
		switch f := x.Fun.(type) {
		case *ast.Ident:
			if f.Name == "new" || f.Name == "min" || f.Name == "max" {
				return c.lookup(f) == nil
			}
			return c.genericDecl(f) != nil
		case *ast.SelectorExpr:
			if pkg, ok := f.X.(*ast.Ident); ok {
				_, src := sourcePackages[pkg.Name]
				return src && c.lookup(pkg) == nil
			}
		}
	}
	return false
}
