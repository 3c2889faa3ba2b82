package goengine

import (
	"go/ast"
	"go/token"
	"reflect"
)

// anyValuePass: yaegi stores a cell value in a variable of type any
// without its type when the value goes there straight (`var x any =
// Cube{1}`, `x = Cube{1}`, `any(Cube{1})`, `return Cube{1}` from a
// function whose result is any), whereas a value passed to a
// parameter of type any or put in a []any keeps it (pass_celltypes.go).
// Stored bare, the value asserts to none of its interfaces and a type
// switch takes no case of its type, or the case of another cell type
// with the same fields. A value of a cell type that yaegi keeps with its
// type goes there through a []any:
//
//	var x any = Cube{1}   =>   var x any = []any{Cube{1}}[0]
//	x = Cube{1}           =>   x = []any{Cube{1}}[0]   (x declared any)
//	any(Cube{1})          =>   any([]any{Cube{1}}[0])
//	return Cube{1}        =>   return []any{Cube{1}}[0]   (the result declared any)
//
// The value is a composite literal of such a type T (T{...}; &T{...}
// where T has a pointer receiver) or a conversion T(v).
func anyValuePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	var types []*cellTypeInfo
	wrap := func(x ast.Expr) {
		if types == nil {
			types = c.cellTypes(e)
		}
		if !c.keptWithType(e, x, types) {
			return
		}
		if a, z, in := c.span(x); in {
			edits = append(edits, edit{a, a, "[]any{"}, edit{z, z, "}[0]"})
		}
	}
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			// Each function's own returns (the literals inside it are
			// visited on their own).
			c.anyReturns(n.Type, n.Body, wrap)
		case *ast.FuncLit:
			c.anyReturns(n.Type, n.Body, wrap)
		case *ast.ValueSpec:
			if n.Type != nil && c.isEmptyInterface(n.Type) && len(n.Values) == len(n.Names) {
				for _, v := range n.Values {
					wrap(v)
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, v := range n.Rhs {
				if c.declaredAny(n.Lhs[i]) {
					wrap(v)
				}
			}
		case *ast.CallExpr:
			if len(n.Args) == 1 && !n.Ellipsis.IsValid() && c.isEmptyInterface(ast.Unparen(n.Fun)) {
				wrap(n.Args[0])
			}
		}
		return true
	})
	return edits
}

// anyReturns wraps the results of the return statements of a function
// (not of the function literals inside it) whose result type is any.
func (c *passCtx) anyReturns(ft *ast.FuncType, body *ast.BlockStmt, wrap func(ast.Expr)) {
	if body == nil || ft.Results == nil {
		return
	}
	var isAny []bool
	for _, f := range ft.Results.List {
		for i := 0; i < max(1, len(f.Names)); i++ {
			isAny = append(isAny, c.isEmptyInterface(f.Type))
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == len(isAny) {
				for i, r := range n.Results {
					if isAny[i] {
						wrap(r)
					}
				}
			}
		}
		return true
	})
}

// declaredAny reports whether x is a variable declared any or interface{},
// in this cell or an earlier one.
func (c *passCtx) declaredAny(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	if d := c.lookup(id); d != nil {
		return d.kind == "var" && d.typ != nil && c.isEmptyInterface(d.typ)
	}
	v, ok := c.e.globalValue(id.Name)
	return ok && v.Kind() == reflect.Interface && v.Type().NumMethod() == 0
}

// isEmptyInterface reports whether t is any or interface{} (not a name a
// cell declares).
func (c *passCtx) isEmptyInterface(t ast.Expr) bool {
	if id, ok := t.(*ast.Ident); ok && (c.lookup(id) != nil || c.e.st.names[id.Name] != nil) {
		return false
	}
	return matchesNil(t)
}

// keptWithType reports whether x is T{...}, &T{...} or T(v) for a form of
// a cell type that yaegi keeps with its type in an any (an exact form).
func (c *passCtx) keptWithType(e *Engine, x ast.Expr, types []*cellTypeInfo) bool {
	switch v := x.(type) {
	case *ast.CompositeLit:
		return v.Type != nil && c.exactCellType(e, v.Type, types)
	case *ast.UnaryExpr:
		cl, ok := v.X.(*ast.CompositeLit)
		return ok && v.Op == token.AND && cl.Type != nil && c.exactCellType(e, &ast.StarExpr{X: cl.Type}, types)
	case *ast.CallExpr:
		return len(v.Args) == 1 && c.exactCellType(e, ast.Unparen(v.Fun), types)
	}
	return false
}
