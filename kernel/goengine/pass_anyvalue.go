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
// where T has a pointer receiver), a conversion T(v), or a variable that
// a cell's function or statement declares of such a type.
//
// A *T whose methods all have value receivers is passed to an any
// without its type even as a parameter or in a []any (yaegi wraps a value
// only when its own type lists methods, and *T's list is T's); through a
// slice of T's method set it keeps it. Such a pointer (&T{...}, or a
// variable declared *T) is converted at the places above, and where it
// goes to a parameter of type any of a function that a cell declares or
// into a []any:
//
//	describe(&Cube{1})   =>   describe([]interface{ Area() float64; Volume() float64 }{&Cube{1}}[0])
func anyValuePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	// The cells' types are read once, and only for a candidate value
	// (readers of many earlier cells' declarations are not free).
	var types []*cellTypeInfo
	read := false
	all := func() []*cellTypeInfo {
		if !read {
			types, read = c.cellTypes(e), true
		}
		return types
	}
	wrap := func(x ast.Expr) {
		if !anyCandidate(x) {
			return
		}
		a, z, in := c.span(x)
		if !in {
			return
		}
		if c.keptWithType(e, x, all()) {
			edits = append(edits, edit{a, a, "[]any{"}, edit{z, z, "}[0]"})
		} else if t := c.pointerOfValueMethods(x, all()); t != nil {
			edits = append(edits, edit{a, a, "[]" + t.methodSetLiteral() + "{"}, edit{z, z, "}[0]"})
		}
	}
	pointer := func(x ast.Expr) bool {
		switch v := x.(type) {
		case *ast.UnaryExpr:
			return v.Op == token.AND
		case *ast.Ident:
			return true
		}
		return false
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
		case *ast.CompositeLit:
			if at, ok := n.Type.(*ast.ArrayType); ok && c.isEmptyInterface(at.Elt) {
				for _, v := range n.Elts {
					if kv, ok := v.(*ast.KeyValueExpr); ok {
						v = kv.Value
					}
					if pointer(v) && c.pointerOfValueMethods(v, all()) != nil {
						wrap(v)
					}
				}
			}
		case *ast.CallExpr:
			some := false
			for _, a := range n.Args {
				some = some || pointer(a)
			}
			if some {
				for i, isAny := range c.anyParams(n) {
					if isAny && pointer(n.Args[i]) && c.pointerOfValueMethods(n.Args[i], all()) != nil {
						wrap(n.Args[i])
					}
				}
			}
			if len(n.Args) == 1 && !n.Ellipsis.IsValid() && c.isEmptyInterface(ast.Unparen(n.Fun)) {
				wrap(n.Args[0])
			}
		}
		return true
	})
	return edits
}

// anyCandidate reports whether x has a form that the anyvalue pass may
// route: T{...}, &T{...}, T(v) or a variable.
func anyCandidate(x ast.Expr) bool {
	switch v := x.(type) {
	case *ast.CompositeLit, *ast.Ident:
		return true
	case *ast.UnaryExpr:
		_, ok := v.X.(*ast.CompositeLit)
		return ok && v.Op == token.AND
	case *ast.CallExpr:
		_, ok := ast.Unparen(v.Fun).(*ast.Ident)
		return ok && len(v.Args) == 1
	}
	return false
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

// anyParams reports, for each argument of a call of a function that a
// cell declares, whether its parameter's type is any (also the variadic
// ...any); nil for other calls.
func (c *passCtx) anyParams(call *ast.CallExpr) []bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || call.Ellipsis.IsValid() {
		return nil
	}
	if d := c.lookup(id); d != nil && d.kind != "func" {
		return nil
	}
	var fd *ast.FuncDecl
	for _, f := range c.funcDecls(id.Name) {
		if f.Recv == nil && f.Type.TypeParams == nil {
			fd = f
		}
	}
	if fd == nil {
		return nil
	}
	var out []bool
	var last bool
	for _, f := range fd.Type.Params.List {
		t := f.Type
		if el, ok := t.(*ast.Ellipsis); ok {
			t = el.Elt
		}
		last = c.isEmptyInterface(t)
		for i := 0; i < max(1, len(f.Names)); i++ {
			out = append(out, last)
		}
	}
	for len(out) < len(call.Args) {
		out = append(out, last)
	}
	return out[:min(len(out), len(call.Args))]
}

// pointerOfValueMethods is T when x is &T{...}, or a variable of type *T,
// for a cell type T with methods whose receivers are all values (which
// yaegi passes to an any without its type); nil otherwise.
func (c *passCtx) pointerOfValueMethods(x ast.Expr, types []*cellTypeInfo) *cellTypeInfo {
	var name string
	switch v := x.(type) {
	case *ast.UnaryExpr:
		cl, ok := v.X.(*ast.CompositeLit)
		if !ok || v.Op != token.AND {
			return nil
		}
		id, ok := cl.Type.(*ast.Ident)
		if !ok {
			return nil
		}
		name = id.Name
	case *ast.Ident:
		d := c.lookup(v)
		if d == nil || d.kind != "var" {
			return nil
		}
		t := c.typeOf(v)
		if t == nil {
			return nil
		}
		st, ok := t.expr.(*ast.StarExpr)
		if !ok {
			return nil
		}
		id, ok := st.X.(*ast.Ident)
		if !ok {
			return nil
		}
		name = id.Name
	default:
		return nil
	}
	for _, t := range types {
		if t.name == name && !t.embeds && len(t.ptr) == 0 && len(t.value) > 0 {
			return t
		}
	}
	return nil
}

// keptWithType reports whether x is T{...}, &T{...}, T(v) or a variable
// for a form of a cell type that yaegi keeps with its type in an any (an
// exact form), or of a cell struct with an embedded field.
func (c *passCtx) keptWithType(e *Engine, x ast.Expr, types []*cellTypeInfo) bool {
	kept := func(x ast.Expr) bool {
		// A struct with an embedded field goes through the []any too: its
		// promoted methods (and those that the embedfwd pass gives it)
		// make yaegi keep its type there, and where they do not, the
		// value arrives as bare as it would straight.
		t, ptr := c.caseCellType(x, types)
		return t != nil && (t.embeds || t.exact(ptr))
	}
	switch v := x.(type) {
	case *ast.CompositeLit:
		return v.Type != nil && kept(v.Type)
	case *ast.UnaryExpr:
		cl, ok := v.X.(*ast.CompositeLit)
		return ok && v.Op == token.AND && cl.Type != nil && kept(&ast.StarExpr{X: cl.Type})
	case *ast.CallExpr:
		return len(v.Args) == 1 && kept(ast.Unparen(v.Fun))
	case *ast.Ident:
		// a variable of such a type (interface{}(c) of c := circle{...})
		if d := c.lookup(v); d == nil || d.kind != "var" {
			return false
		}
		t := c.fmtTypeOf(e, v, 0)
		return t != nil && kept(t)
	}
	return false
}
