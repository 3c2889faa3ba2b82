package goengine

import (
	"go/ast"
	"go/token"
	"strings"
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
	if c.s.kind == segDecl {
		return c.genericVars()
	}
	if c.s.kind != segStmt {
		return nil
	}
	var edits []edit
	for _, st := range c.s.stmts {
		if ds, ok := st.(*ast.DeclStmt); ok {
			edits = append(edits, c.varTuple(ds)...)
			continue
		}
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Rhs) != 1 {
			continue
		}
		if len(as.Lhs) > 1 {
			edits = append(edits, c.defineTuple(as)...)
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
			return c.sourceGeneric(x)
		}
	}
	return false
}

// defineTuple: at the top level, `a, err := f()` becomes
// `var a T; var err error; a, err = f()` when the engine knows the result
// types. yaegi declares the variables of a top-level multi-value := as
// locals of the cell rather than globals, so a function of a later cell that
// reads them, called from a function literal (a wrapped loop), reads another
// frame's slot: the zero Value or another variable (prompt-search.ipynb,
// `search` reading scorer and reps). Variables declared by var are globals.
// A name that an earlier statement of the cell declared is assigned only.
func (c *passCtx) defineTuple(as *ast.AssignStmt) []edit {
	declared := map[string]bool{}
	for _, st := range c.s.stmts {
		if st == as {
			break
		}
		definedNames(st, func(name string) { declared[name] = true })
	}
	var decls string
	for i, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return nil
		}
		if id.Name == "_" || declared[id.Name] {
			continue
		}
		t := c.tupleType(as.Rhs[0], i)
		if t == nil || !c.writable(t) {
			return nil
		}
		decls += "var " + id.Name + " " + t.String() + "; "
	}
	a, _, in := c.span(as)
	if !in || decls == "" {
		return nil
	}
	tok := c.s.offset(as.TokPos)
	return []edit{{a, a, decls}, {tok, tok + len(":="), "="}}
}

// varTuple: `var a, err = f()` (one line) becomes `var a T; var err error;
// a, err = f()`, for the reason of defineTuple; varsAsStatements makes such
// a declaration a statement. So does `var x = g(...)` of one variable when
// yaegi cannot type g's result (needsType): `var once = sync.OnceValue(f)`.
func (c *passCtx) varTuple(ds *ast.DeclStmt) []edit {
	g, ok := ds.Decl.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
		return nil
	}
	sp := g.Specs[0].(*ast.ValueSpec)
	if sp.Type != nil && len(sp.Names) == 1 && sp.Names[0].Name != "_" && len(sp.Values) == 1 && c.needsType(sp.Values[0]) {
		// var v T = f(x): yaegi leaves v zero when f is generic; the
		// value assigned to the declared variable is kept.
		a, b := c.s.offset(sp.Type.End()), c.s.offset(sp.Values[0].Pos())
		if _, _, in := c.span(ds); !in || strings.Contains(c.code[a:b], "\n") {
			return nil
		}
		return []edit{{a, b, "; " + sp.Names[0].Name + " = "}}
	}
	if sp.Type != nil || len(sp.Values) != 1 || len(sp.Names) < 2 && !c.needsType(sp.Values[0]) {
		return nil
	}
	var decls string
	var lhs []string
	for i, id := range sp.Names {
		lhs = append(lhs, id.Name)
		if id.Name == "_" {
			continue
		}
		t := c.tupleType(sp.Values[0], i)
		if t == nil || !c.writable(t) {
			return nil
		}
		decls += "var " + id.Name + " " + t.String() + "; "
	}
	a, _, in := c.span(ds)
	b := c.s.offset(sp.Values[0].Pos())
	if !in || strings.Contains(c.code[a:b], "\n") {
		return nil
	}
	return []edit{{a, b, decls + strings.Join(lhs, ", ") + " = "}}
}

// tupleType is the type of value i of a multi-value expression: a call's
// results, or the comma-ok forms (m[k], x.(T), <-ch).
func (c *passCtx) tupleType(x ast.Expr, i int) *goType {
	switch x := x.(type) {
	case *ast.CallExpr:
		return c.resultType(x, i)
	case *ast.ParenExpr:
		return c.tupleType(x.X, i)
	case *ast.IndexExpr, *ast.TypeAssertExpr, *ast.UnaryExpr:
		if i == 1 {
			return &goType{expr: ast.NewIdent("bool")}
		}
		if i != 0 {
			return nil
		}
		switch x := x.(type) {
		case *ast.IndexExpr:
			return c.typeOf(x)
		case *ast.TypeAssertExpr:
			return syntaxType(x.Type)
		case *ast.UnaryExpr:
			if t := c.typeOf(x.X); t != nil && x.Op == token.ARROW {
				if ch, ok := t.expr.(*ast.ChanType); ok {
					return syntaxType(ch.Value)
				}
			}
		}
	}
	return nil
}

// definedNames calls f with each name that a top-level statement declares.
func definedNames(st ast.Stmt, f func(string)) {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					f(id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if v, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range v.Names {
						f(id.Name)
					}
				}
			}
		}
	}
}

// genericInit: in a declaration, `var v = f(x)` with f generic becomes
//
//	var v = func() T { return f(x) }()
//
// yaegi crashes on a generic call that initializes a package-level
// variable ("nil reflect type"), or leaves the variable zero when its
// type is written, and calls one inside a function well.
func (c *passCtx) genericInit(v *ast.ValueSpec) []edit {
	earlier := false
	names(v.Values[0], func(id *ast.Ident) {
		if d, ok := c.e.st.names[id.Name]; ok && d.kind == "var" && c.lookup(id) == nil && !segmentDeclares(c.s, id.Name) {
			earlier = true
		}
	})
	if earlier {
		// A function literal that reads a variable of an earlier cell
		// is a "variable definition loop" to yaegi.
		return nil
	}
	var t string
	if v.Type != nil {
		a, b, in := c.span(v.Type)
		if !in {
			return nil
		}
		t = c.renamed(v.Type, a, b)
	} else if gt := c.typeOf(v.Values[0]); gt != nil && c.writable(gt) {
		t = gt.String()
	} else {
		return nil
	}
	a, b, in := c.span(v.Values[0])
	if !in {
		return nil
	}
	return []edit{{a, a, "func() " + t + " { return "}, {b, b, " }()"}}
}

// writable reports whether a cell can write type t where it stands: every
// package it names is imported under that name, and none of its names is
// one the engine renamed (a redefined type).
func (c *passCtx) writable(t *goType) bool {
	ok := true
	ast.Inspect(t.expr, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if pkg, isID := n.X.(*ast.Ident); isID {
				if _, imported := c.e.st.imports[pkg.Name]; !imported {
					ok = false
				}
			}
			return false
		case *ast.Ident:
			if _, renamed := c.e.st.renames[n.Name]; renamed {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// genericVars applies genericInit to each variable of a declaration
// segment that is initialized by a generic call.
func (c *passCtx) genericVars() []edit {
	var edits []edit
	for _, d := range c.s.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			v := sp.(*ast.ValueSpec)
			if len(v.Names) == 1 && len(v.Values) == 1 && c.needsType(v.Values[0]) {
				edits = append(edits, c.genericInit(v)...)
			}
		}
	}
	return edits
}
