package goengine

import (
	"go/ast"
	"strconv"
)

// ifaceAssertPass: yaegi panics on a type assertion to an interface that a
// cell declares, x.(Shape) with x holding a value whose type has Shape's
// methods ("reflect.Set: value of type interface {} is not assignable to
// type interp.valueInterface"), though a type switch with a case Shape
// matches the same value. But that type switch also matches a cell value
// that lacks some of the methods (a type with Area alone is taken for a
// Solid that needs Area and Volume, whose Volume then panics), whereas
// the assertion that only reports (`_, ok := x.(Solid)`, no value
// assigned) checks every method, and does not panic. That assertion in
// turn counts the methods of *T for a T (pointer receivers), and is false
// for a *T whose methods have value receivers (yaegi passes it to an any
// without its type). So the assertion becomes a conversion that decides
// those cases by the cells' method sets first (asInterface in
// pass_celltypes.go), then asks yaegi's assertion, then the type switch
// for the value:
//
//	s, ok := x.(Shape)   =>   s, ok := func(_yakV any) (Shape, bool) { switch _yakV.(type) { case PCube: return nil, false }; if _, _yakOK := _yakV.(Shape); _yakOK { switch _yakW := _yakV.(type) { case Shape: return _yakW, true } }; switch _yakW := _yakV.(type) { case *Cube: return _yakW, true; }; return nil, false }(x)
//	x.(Shape).Area()     =>   func(_yakV any) Shape { if _yakW, _yakOK := func(...)(_yakV); _yakOK { return _yakW }; _yakR := _yakV.(Shape); _ = _yakR; panic("interface conversion: ...") }(x).Area()
//
// Where the value lacks the methods, the single-value form panics: in the
// original assertion (yaegi's "interface conversion: main.square is not
// main.Solid"), or, where yaegi's assertion lets the value through, with
// a message of the same form.
func ifaceAssertPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	commaOK := map[*ast.TypeAssertExpr]bool{}
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if ta, ok := n.Rhs[0].(*ast.TypeAssertExpr); ok {
					commaOK[ta] = true
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if ta, ok := n.Values[0].(*ast.TypeAssertExpr); ok {
					commaOK[ta] = true
				}
			}
		case *ast.TypeAssertExpr:
			a, z, in := c.span(n)
			if !in {
				return true
			}
			// x.(interface{ Describe() string }) panics the same way, and
			// so does v.(fmt.Stringer) that keeps a cell value
			if n.Type == nil {
				return true // x.(type) of a type switch
			}
			var as string
			t, named := c.text(n.Type), exprText(n.Type) // as written, and as Go's panic names it
			if it, ok := c.assertedInterface(e, n.Type); ok {
				as = c.asInterfaceOf(e, t, it)
			} else if _, sel := n.Type.(*ast.SelectorExpr); sel && c.compiledInterface(e, n.Type) {
				as = c.asCompiledInterface(e, n.Type, t)
			}
			if as == "" {
				return true
			}
			if id, isID := n.Type.(*ast.Ident); isID {
				named = "main." + id.Name
			}
			x := c.text(n.X)
			if c.assertsErrorToCellType(e, n) {
				x = "_yakErrSelf(" + x + ")" // the value an error holds (pass_errself.go)
			}
			if commaOK[n] {
				edits = append(edits, edit{a, z, as + "(" + x + ")"})
			} else {
				msg := strconv.Quote("interface conversion: the value is not " + named + ": missing method")
				edits = append(edits, edit{a, z, "func(_yakV any) " + t + " { if _yakW, _yakOK := " + as + "(_yakV); _yakOK { return _yakW }; _yakR := _yakV.(" + t + "); _ = _yakR; " +
					"panic(" + msg + ") }(" + x + ")"})
			}
		}
		return true
	})
	return edits
}

// isCellInterface reports whether id names an interface type that a cell
// declares (and no variable of this cell hides).
func (c *passCtx) isCellInterface(e *Engine, id *ast.Ident) bool {
	if d := c.lookup(id); d != nil && d.kind != "type" {
		return false
	}
	_, ok := c.cellTypeExpr(e, id.Name).(*ast.InterfaceType)
	return ok
}
