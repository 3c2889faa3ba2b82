package goengine

import (
	"go/ast"
	"go/parser"
	"reflect"
	"strconv"
	"strings"
)

// typeSwitchPass: a type switch without a variable (`switch x.(type) {`)
// goes through a different path in yaegi from one with a variable. That
// path compares yaegi's type names, which yaegi keeps only for the values
// it keeps with their type in an `any` (pass_celltypes.go: a T with
// methods, a *T with a pointer receiver), so a case naming another cell
// type (a struct without methods) is never taken there. With a variable
// such a case is taken by the type's structure:
//
//	switch x.(type) {   =>   switch _yakTS := x.(type) {
//
// yaegi does not reject the unused variable.
//
// But with a variable, a case naming an interface that a cell declares
// is taken for any cell value whose type has a method, whatever the
// interface needs, and a case naming a cell type with methods is never
// taken for its values and is taken for a value of another cell type with
// the same fields. So inside a function a type switch with such a case
// becomes a switch on the number of the clause to take, which a function
// finds by checking the clauses in order (default, 0, last, as in Go): a
// cell interface by the ifaceassert pass's conversion (asInterface), the
// exact forms of cell types by a type switch without a variable, other
// types by one with a variable, nil by ==. The variable is declared in
// each clause as Go declares it:
//
//	switch v := x.(type) {   =>   switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { if _, _yakOK := func(_yakV any) (Solid, bool) { ... }(_yakV); _yakOK { return _yakV, 1 }; switch _yakV.(type) { case Square: return _yakV, 2 }; switch _yakW := _yakV.(type) { case int: _ = _yakW; return _yakV, 2 }; return _yakV, 0 }(x); _yakTSN {
//	case Solid:              =>   case 1: v := func(_yakV any) Solid { _yakW, _ := func(_yakV any) (Solid, bool) { ... }(_yakV); return _yakW }(_yakTSX);
//	case int, Square:        =>   case 2: v := _yakTSX;
//
// A switch with an init statement keeps it in an expression switch with
// one clause around the rewrite (the rewrite's init takes the place of
// the statement's):
//
//	switch y := f(); v := y.(type) {   =>   switch y := f(); { default: switch _yakTSX, _yakTSN := ...(y); _yakTSN {
//	...}                               =>   ...} }
//
// At the top level of a cell yaegi fails on the rewrite's := of two
// values ("undefined: _yakTSN"), so there the toplevel pass moves the
// statement that holds such a type switch into a function literal, and
// the switch is rewritten inside it; a statement that cannot move (it
// returns, defers or jumps to a label outside it) keeps yaegi's type
// switch, with a variable.
func typeSwitchPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	var funcs []ast.Node // the bodies of functions
	c.inspect(func(n ast.Node) bool {
		switch f := n.(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				funcs = append(funcs, f.Body)
			}
		case *ast.FuncLit:
			funcs = append(funcs, f.Body)
		}
		return true
	})
	inFunc := func(n ast.Node) bool {
		for _, f := range funcs {
			if f.Pos() <= n.Pos() && n.End() <= f.End() {
				return true
			}
		}
		return false
	}
	c.inspect(func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok {
			return true
		}
		if (inFunc(ts) || c.inTopLevelFrame(ts)) && c.hasCellTypeCase(e, ts) {
			if es := c.typeSwitchConditions(e, ts); es != nil {
				edits = append(edits, es...)
				return true
			}
		}
		if x, ok := ts.Assign.(*ast.ExprStmt); ok {
			if a, _, in := c.span(x); in {
				edits = append(edits, edit{a, a, "_yakTS := "})
			}
		}
		return true
	})
	return edits
}

// inTopLevelFrame reports whether n lies in a statement at the top level
// of a cell that the toplevel pass moves into a function literal (it
// moves those that hold a type switch with a case of a cell type).
func (c *passCtx) inTopLevelFrame(n ast.Node) bool {
	if c.s.kind != segStmt {
		return false
	}
	for _, st := range c.s.stmts {
		if st.Pos() <= n.Pos() && n.End() <= st.End() {
			return topLevelCompound(st) && wrappable(st)
		}
	}
	return false
}

// assertedInterface is the interface type that an assertion or a case to
// type t checks through asInterfaceOf: a cell's interface (its
// declaration), or an interface literal with methods, which yaegi's
// assertion fails on the same way.
func (c *passCtx) assertedInterface(e *Engine, t ast.Expr) (*ast.InterfaceType, bool) {
	switch t := t.(type) {
	case *ast.Ident:
		if c.isCellInterface(e, t) {
			it, _ := c.cellTypeExpr(e, t.Name).(*ast.InterfaceType)
			return it, true
		}
	case *ast.InterfaceType:
		if t.Methods != nil && len(t.Methods.List) > 0 {
			return t, true
		}
	}
	return nil, false
}

func (c *passCtx) isAssertedInterface(e *Engine, t ast.Expr) bool {
	_, ok := c.assertedInterface(e, t)
	return ok
}

// compiledInterface reports whether t names a compiled interface type
// with methods (fmt.Stringer, io.Reader, error).
func (c *passCtx) compiledInterface(e *Engine, t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return t.Name == "error" && e.isUniverseError(c, t)
	case *ast.SelectorExpr:
		v, ok := e.symbol(t)
		return ok && v.Kind() == reflect.Pointer && v.IsNil() && v.Type().Elem().Kind() == reflect.Interface && v.Type().Elem().NumMethod() > 0
	}
	return false
}

// writableCompiledInterface reports whether t is a compiled interface
// whose methods the cell can write as an interface literal (the
// conversions below need one).
func (c *passCtx) writableCompiledInterface(e *Engine, t ast.Expr) bool {
	return c.compiledInterface(e, t) && c.compiledInterfaceLiteral(e, t) != nil
}

// unlessLacking is statement take, run unless the value is of a cell
// type that lacks one of compiled interface t's methods ("switch
// _yakV.(type) { case T, *U: default: take }"): after yaegi's assertion
// that only reports, which counts a *T's methods for a T.
func (c *passCtx) unlessLacking(e *Engine, t ast.Expr, take string) string {
	it := c.compiledInterfaceLiteral(e, t)
	if it == nil {
		return take
	}
	iface, ok := c.ifaceMethodsOf(e, it, 0)
	if !ok {
		return take
	}
	not := notImplementing(c.cellTypes(e), iface)
	if len(not) == 0 {
		return take
	}
	return "switch _yakV.(type) { case " + strings.Join(not, ", ") + ": default: " + take + " }"
}

// compiledInterfaceLiteral is compiled interface type t written as an
// interface literal of its methods; nil when one of them cannot be
// written in the cell.
func (c *passCtx) compiledInterfaceLiteral(e *Engine, t ast.Expr) *ast.InterfaceType {
	var rt reflect.Type
	switch t := t.(type) {
	case *ast.Ident:
		rt = reflect.TypeFor[error]()
	case *ast.SelectorExpr:
		v, _ := e.symbol(t)
		rt = v.Type().Elem()
	default:
		return nil
	}
	var ms []string
	for i := 0; i < rt.NumMethod(); i++ {
		m := rt.Method(i)
		sig, _, ok := c.writeSignature(m.Type)
		if !ok || !m.IsExported() {
			return nil
		}
		ms = append(ms, m.Name+sig)
	}
	x, err := parser.ParseExpr("interface{ " + strings.Join(ms, "; ") + " }")
	if err != nil {
		return nil
	}
	return x.(*ast.InterfaceType)
}

// asCompiledInterface is a function literal of type func(any) (T, bool)
// for compiled interface type t (written tt) that converts a value as
// Go's comma-ok assertion does: a cell value through an interface literal
// of T's methods (asInterfaceOf), then assigned to T, as yaegi makes a
// cell value a T only by assignment (its assertion x.(fmt.Stringer) that
// keeps the value panicked for one); a compiled value by yaegi's
// assertion (_yakhook.IsCell tells them apart).
// "" when T's methods cannot be written in the cell.
func (c *passCtx) asCompiledInterface(e *Engine, t ast.Expr, tt string) string {
	it := c.compiledInterfaceLiteral(e, t)
	if it == nil {
		return ""
	}
	lit := exprText(it)
	return "func(_yakV any) (" + tt + ", bool) { if _yakV == nil { return nil, false }; if _yakW, _yakOK := " + c.asInterfaceOf(e, lit, it) + "(_yakV); _yakOK { var _yakS " + tt + " = _yakW; return _yakS, true }; " +
		"if _yakhook.IsCell(_yakV) { return nil, false }; _yakC, _yakOK := _yakV.(" + tt + "); return _yakC, _yakOK }"
}

// hasCellTypeCase reports whether a case of ts names an interface that a
// cell declares or an interface literal, or an exact form of a cell type
// (pass_celltypes.go).
func (c *passCtx) hasCellTypeCase(e *Engine, ts *ast.TypeSwitchStmt) bool {
	types := c.cellTypes(e)
	for _, s := range ts.Body.List {
		for _, t := range s.(*ast.CaseClause).List {
			if _, ok := c.assertedInterface(e, t); ok || c.exactCellType(e, t, types) || c.wrappedPointerType(t, types) || c.writableCompiledInterface(e, t) {
				return true
			}
		}
	}
	return false
}

// typeSwitchConditions rewrites ts as a switch on the number of the
// clause that Go would take, found by a function of the value that
// returns it with the number (yaegi never takes the case of a switch
// whose init statement declares a variable and whose tag is a call: the
// tag is a variable); nil when a part of ts lies outside the part of the
// cell being rewritten.
func (c *passCtx) typeSwitchConditions(e *Engine, ts *ast.TypeSwitchStmt) []edit {
	var v string // the switch's variable, if any
	var x ast.Expr
	switch g := ts.Assign.(type) {
	case *ast.AssignStmt:
		v, x = g.Lhs[0].(*ast.Ident).Name, g.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		x = g.X.(*ast.TypeAssertExpr).X
	default:
		return nil
	}
	a, z, in := c.span(ts.Assign)
	if !in {
		return nil
	}
	var edits []edit
	types := c.cellTypes(e)
	var find strings.Builder
	find.WriteString("func(_yakV any) (any, int) { ")
	for i, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		colon := c.s.offset(cc.Colon) + 1
		if len(cc.List) == 0 { // default: taken when no case is
			if v != "" {
				edits = append(edits, edit{colon, colon, " " + v + " := _yakTSX;"})
			}
			continue
		}
		n := strconv.Itoa(i + 1)
		ca, _, in := c.span(cc.List[0])
		_, cz, in2 := c.span(cc.List[len(cc.List)-1])
		if !in || !in2 {
			return nil
		}
		edits = append(edits, edit{ca, cz, n})
		// Interfaces of cells are checked one by one; the exact forms of
		// cell types together by a type switch without a variable, the
		// other types by one with a variable.
		var exact, others []string
		for _, t := range cc.List {
			tt := c.text(t)
			switch id, _ := t.(*ast.Ident); {
			case id != nil && id.Name == "nil":
				find.WriteString("if _yakV == nil { return _yakV, " + n + " }; ")
			case c.isAssertedInterface(e, t):
				it, _ := c.assertedInterface(e, t)
				find.WriteString("if _, _yakOK := " + c.asInterfaceOf(e, tt, it) + "(_yakV); _yakOK { return _yakV, " + n + " }; ")
			case c.writableCompiledInterface(e, t):
				// yaegi's type switch with a variable takes neither
				// `case error:` nor `case fmt.Stringer:`
				// yaegi's assertion that only reports, checked by the
				// interface literal for a cell value (it counts *T's
				// methods for a T)
				find.WriteString("if _, _yakOK := _yakNonNil(_yakV).(" + tt + "); _yakOK { " + c.unlessLacking(e, t, "return _yakV, "+n) + " }; ")
			case c.exactCellType(e, t, types):
				exact = append(exact, tt)
			case c.wrappedPointerType(t, types):
				// Found exactly where the anyvalue pass kept its type,
				// by its fields where yaegi passed it bare (unless
				// another cell type has the same fields).
				exact = append(exact, tt)
				if uniqueUnderlying(t.(*ast.StarExpr).X, types) {
					others = append(others, tt)
				}
			default:
				others = append(others, tt)
			}
		}
		if len(exact) > 0 {
			find.WriteString("switch _yakV.(type) { case " + strings.Join(exact, ", ") + ": return _yakV, " + n + " }; ")
		}
		if len(others) > 0 {
			find.WriteString("switch _yakW := _yakV.(type) { case " + strings.Join(others, ", ") + ": _ = _yakW; return _yakV, " + n + " }; ")
		}
		if v == "" {
			continue
		}
		bind := "_yakTSX"
		if id, _ := cc.List[0].(*ast.Ident); len(cc.List) == 1 && (id == nil || id.Name != "nil") {
			// One type: the variable has it (the check having held).
			t := c.text(cc.List[0])
			switch {
			case c.isAssertedInterface(e, cc.List[0]):
				it, _ := c.assertedInterface(e, cc.List[0])
				bind = "func(_yakV any) " + t + " { _yakW, _ := " + c.asInterfaceOf(e, t, it) + "(_yakV); return _yakW }(_yakTSX)"
			case c.writableCompiledInterface(e, cc.List[0]):
				bind = "func(_yakV any) " + t + " { _yakW, _ := " + c.asCompiledInterface(e, cc.List[0], t) + "(_yakV); return _yakW }(_yakTSX)"
			case len(exact) == 1 || c.wrappedPointerType(cc.List[0], types):
				// yaegi's assertion to a cell type compares structure,
				// which is right once the type switch without a variable
				// has found the type.
				bind = "func(_yakV any) " + t + " { _yakW, _ := _yakV.(" + t + "); return _yakW }(_yakTSX)"
			default:
				bind = "func(_yakV any) " + t + " { switch _yakW := _yakV.(type) { case " + t + ": return _yakW }; var _yakZ " + t + "; return _yakZ }(_yakTSX)"
			}
		}
		edits = append(edits, edit{colon, colon, " " + v + " := " + bind + ";"})
	}
	subject := c.text(x)
	if c.isErrorTyped(e, x) {
		// the cell value an error holds (pass_errself.go): yaegi checks
		// its wrapper for error by the wrapper's own methods
		subject = "_yakErrSelf(" + subject + ")"
	}
	find.WriteString("return _yakV, 0 }(" + subject + "); _yakTSN")
	if ts.Init == nil {
		return append(edits, edit{a, z, "_yakTSX, _yakTSN := " + find.String()})
	}
	// The switch's init statement stays where it is, in an expression
	// switch whose one clause holds the rewrite (a break leaves both).
	_, end, in := c.span(ts)
	if !in {
		return nil
	}
	return append(edits, edit{a, z, "{ default: switch _yakTSX, _yakTSN := " + find.String()}, edit{end, end, " }"})
}
