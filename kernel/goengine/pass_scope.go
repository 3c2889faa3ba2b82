package goengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// What the passes know of types. The engine does not type-check cells
// (the interpreter holds the types), so passes that depend on a type (is
// this range over an integer or over a function?) read it from the syntax:
// the declaration of a name in the cell, the signature of a function
// declared in a cell or of a compiled package function (from the symbol
// tables), and, for a variable of an earlier cell, its value.

// localDecl is what declares a name in the cell.
type localDecl struct {
	kind string   // "var", "const", "type", "func"
	typ  ast.Expr // declared type, or nil
	val  ast.Expr // initial value, or nil
	fn   *ast.FuncDecl
	pos  token.Pos
	// For `a, b := f()`: the call and which of its results this is.
	tuple ast.Expr
	index int
	// For the key (index 0) or value (1) of `for k, v := range x`: x.
	rng ast.Expr
}

// lookup finds the declaration of id visible at id in the segment: the
// closest one before it whose scope holds it.
func (c *passCtx) lookup(id *ast.Ident) *localDecl {
	var best *localDecl
	var stack []ast.Node
	consider := func(name *ast.Ident, d localDecl, scope ast.Node) {
		if name.Name != id.Name || name.Pos() > id.Pos() {
			return
		}
		if scope != nil && (id.Pos() < scope.Pos() || id.Pos() >= scope.End()) {
			return
		}
		if best == nil || name.Pos() >= best.pos {
			d.pos = name.Pos()
			best = &d
		}
	}
	scopeOf := func() ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.BlockStmt, *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt,
				*ast.TypeSwitchStmt, *ast.CaseClause, *ast.CommClause, *ast.FuncLit, *ast.FuncDecl:
				return stack[i]
			}
		}
		return nil
	}
	for _, r := range c.roots() {
		ast.Inspect(r, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Recv == nil {
					consider(n.Name, localDecl{kind: "func", fn: n}, nil)
				}
				declareFields(n.Type, n, consider)
			case *ast.FuncLit:
				declareFields(n.Type, n, consider)
			case *ast.AssignStmt:
				// (a variable's scope begins after its statement: in
				// locale, err := locale(ctx) the call is the outer one's)
				if n.Tok == token.DEFINE && (len(n.Rhs) == 0 || id.Pos() < n.Rhs[0].Pos() || id.Pos() >= n.End()) {
					for i, l := range n.Lhs {
						if name, ok := l.(*ast.Ident); ok {
							d := localDecl{kind: "var"}
							if len(n.Rhs) == len(n.Lhs) {
								d.val = n.Rhs[i]
							} else if len(n.Rhs) == 1 {
								d.tuple, d.index = n.Rhs[0], i
							}
							consider(name, d, scopeOf())
						}
					}
				}
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for i, x := range []ast.Expr{n.Key, n.Value} {
						if name, ok := x.(*ast.Ident); ok {
							consider(name, localDecl{kind: "var", rng: n.X, index: i}, n)
						}
					}
				}
			case *ast.GenDecl:
				for _, sp := range n.Specs {
					switch sp := sp.(type) {
					case *ast.ValueSpec:
						kind := "var"
						if n.Tok == token.CONST {
							kind = "const"
						}
						scope := scopeOf()
						if scope != nil && len(sp.Values) > 0 && id.Pos() >= sp.Values[0].Pos() && id.Pos() < sp.End() {
							break // a local var x = x: the value's x is the outer one
						}
						for i, name := range sp.Names {
							d := localDecl{kind: kind, typ: sp.Type}
							if i < len(sp.Values) {
								d.val = sp.Values[i]
							}
							consider(name, d, scope)
						}
					case *ast.TypeSpec:
						consider(sp.Name, localDecl{kind: "type", typ: sp.Type}, scopeOf())
					}
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return best
}

func declareFields(ft *ast.FuncType, scope ast.Node, consider func(*ast.Ident, localDecl, ast.Node)) {
	for _, fl := range []*ast.FieldList{ft.Params, ft.Results} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, name := range f.Names {
				consider(name, localDecl{kind: "var", typ: f.Type}, scope)
			}
		}
	}
}

var intTypes = map[string]bool{"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true, "byte": true, "rune": true}

// isIntType reports whether the type expression t is an integer type.
func (c *passCtx) isIntType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	if d := c.lookup(id); d != nil {
		return d.kind == "type" && d.typ != nil && c.isIntType(d.typ)
	}
	return intTypes[id.Name]
}

// intLike reports whether x is, by what the engine can see, an integer.
func (c *passCtx) intLike(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return c.intLike(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && x.Op != token.AND && c.intLike(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.SHL, token.SHR:
			return c.intLike(x.X)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			return c.intLike(x.X) && c.intLike(x.Y)
		}
	case *ast.CallExpr:
		switch f := x.Fun.(type) {
		case *ast.Ident:
			if f.Name == "len" || f.Name == "cap" {
				return c.lookup(f) == nil
			}
			if c.isIntType(f) {
				return true
			}
			if d := c.lookup(f); d != nil && d.fn != nil {
				return resultIsInt(c, d.fn.Type)
			}
			if fd := c.e.declaredFunc(f.Name); fd != nil {
				return resultIsInt(c, fd.Type)
			}
		case *ast.SelectorExpr:
			if t := c.e.symbolType(f); t != nil && t.Kind() == reflect.Func && t.NumOut() == 1 {
				return isIntKind(t.Out(0).Kind())
			}
		}
	case *ast.SelectorExpr:
		if v, ok := c.e.symbol(x); ok {
			return isIntKind(v.Kind())
		}
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			switch {
			case d.kind != "var" && d.kind != "const":
				return false
			case d.typ != nil:
				return c.isIntType(d.typ)
			case d.val != nil:
				return c.intLike(d.val)
			case d.rng != nil:
				return c.rangeVarIsInt(d.rng, d.index)
			}
			return false
		}
		if v, ok := c.e.globalValue(x.Name); ok {
			return isIntKind(v.Kind())
		}
	}
	return false
}

// rangeVarIsInt reports whether the key (i 0) or value (i 1) of a range
// over x is an integer: the key of a range over an integer, a slice, an
// array or a string, the value of a range over a slice or array of
// integers or over a string (a rune).
func (c *passCtx) rangeVarIsInt(x ast.Expr, i int) bool {
	if i == 0 && c.intLike(x) {
		return true
	}
	t := c.typeOf(x)
	if t == nil {
		return false
	}
	switch tx := t.expr.(type) {
	case *ast.ArrayType:
		return i == 0 || c.isIntType(tx.Elt)
	case *ast.StarExpr: // a pointer to an array
		if a, ok := tx.X.(*ast.ArrayType); ok && a.Len != nil {
			return i == 0 || c.isIntType(a.Elt)
		}
	case *ast.Ident:
		return tx.Name == "string"
	}
	return false
}

func resultIsInt(c *passCtx, ft *ast.FuncType) bool {
	return ft.Results != nil && len(ft.Results.List) == 1 && len(ft.Results.List[0].Names) <= 1 && c.isIntType(ft.Results.List[0].Type)
}

func isIntKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Uintptr
}

// funcLike reports whether x is, by what the engine can see, an iterator
// function (func(yield func(...) bool)).
func (c *passCtx) funcLike(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.FuncLit:
		return true
	case *ast.ParenExpr:
		return c.funcLike(x.X)
	case *ast.CallExpr:
		var name string
		switch f := x.Fun.(type) {
		case *ast.Ident:
			name = f.Name
			if d := c.lookup(f); d != nil && d.fn != nil {
				return isIterType(d.fn.Type.Results)
			}
		case *ast.SelectorExpr:
			name = f.Sel.Name
			if pkg, ok := f.X.(*ast.Ident); ok && c.lookup(pkg) == nil {
				switch pkg.Name + "." + name {
				case "slices.All", "slices.Values", "slices.Backward", "slices.Chunk", "maps.All", "maps.Keys", "maps.Values":
					return true
				}
			}
			if t := c.e.symbolType(f); t != nil && t.Kind() == reflect.Func && t.NumOut() == 1 {
				return isIterKind(t.Out(0))
			}
		case *ast.IndexExpr:
			if id, ok := f.X.(*ast.Ident); ok {
				name = id.Name
			}
		}
		// A function or method declared in this cell or an earlier one.
		if name != "" {
			for _, fd := range c.funcDecls(name) {
				return isIterType(fd.Type.Results)
			}
		}
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			switch {
			case d.kind != "var":
				return false
			case d.typ != nil:
				return isIterExpr(d.typ)
			case d.val != nil:
				return c.funcLike(d.val)
			}
			return false
		}
		if v, ok := c.e.globalValue(x.Name); ok {
			return v.Kind() == reflect.Func
		}
	}
	return false
}

// funcDecls finds the functions and methods named name declared in the
// segment or by earlier cells.
func (c *passCtx) funcDecls(name string) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, r := range c.roots() {
		ast.Inspect(r, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok && fd.Name.Name == name {
				out = append(out, fd)
			}
			return true
		})
	}
	for k, d := range c.e.st.defs {
		if k == name || strings.HasSuffix(k, "."+name) {
			if fd := parseFuncDecl(d.text); fd != nil {
				out = append(out, fd)
			}
		}
	}
	return out
}

func isIterType(results *ast.FieldList) bool {
	return results != nil && len(results.List) == 1 && isIterExpr(results.List[0].Type)
}

// isIterExpr: iter.Seq[V], iter.Seq2[K, V] or func(func(...) bool).
func isIterExpr(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.IndexExpr:
		return isIterExpr(t.X)
	case *ast.IndexListExpr:
		return isIterExpr(t.X)
	case *ast.SelectorExpr:
		return t.Sel.Name == "Seq" || t.Sel.Name == "Seq2"
	case *ast.FuncType:
		if t.Params == nil || len(t.Params.List) != 1 || t.Results != nil && len(t.Results.List) > 0 {
			return false
		}
		y, ok := t.Params.List[0].Type.(*ast.FuncType)
		return ok && y.Results != nil && len(y.Results.List) == 1
	}
	return false
}

func isIterKind(t reflect.Type) bool {
	return t.Kind() == reflect.Func && t.NumIn() == 1 && t.In(0).Kind() == reflect.Func && t.In(0).NumOut() == 1 && t.In(0).Out(0).Kind() == reflect.Bool
}

// parseFuncDecl parses the text of a stored function declaration.
func parseFuncDecl(text string) *ast.FuncDecl {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+text, 0)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	fd, _ := f.Decls[0].(*ast.FuncDecl)
	return fd
}

// declaredFunc is the declaration of a function of an earlier cell.
func (e *Engine) declaredFunc(name string) *ast.FuncDecl {
	if d, ok := e.st.defs[name]; ok && d.kind == "func" {
		return parseFuncDecl(d.text)
	}
	return nil
}

// symbol is the value of pkg.Name in the symbol tables, for a package that
// the cells imported (or that auto-import would import).
func (e *Engine) symbol(sel *ast.SelectorExpr) (reflect.Value, bool) {
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || e.syms == nil {
		return reflect.Value{}, false
	}
	path, ok := e.st.imports[pkg.Name]
	if !ok {
		path = e.stdPackage(pkg.Name, sel.Sel.Name)
	}
	if path == "" {
		return reflect.Value{}, false
	}
	v, ok := e.syms[path+"/"+pathName(path)][sel.Sel.Name]
	return v, ok && v.IsValid()
}

// symbolType is the type of a compiled function pkg.Name.
func (e *Engine) symbolType(sel *ast.SelectorExpr) reflect.Type {
	if v, ok := e.symbol(sel); ok && v.Kind() == reflect.Func {
		return v.Type()
	}
	return nil
}

// globalValue is the value of a variable or constant that an earlier cell
// declared (read from the interpreter; naming a variable has no effects).
func (e *Engine) globalValue(name string) (v reflect.Value, ok bool) {
	d, found := e.st.names[name]
	if !found || d.kind != "var" && d.kind != "const" || e.ip == nil {
		return reflect.Value{}, false
	}
	defer func() {
		if recover() != nil {
			v, ok = reflect.Value{}, false
		}
	}()
	v, err := e.ip.Eval(name)
	if err != nil || !v.IsValid() {
		return reflect.Value{}, false
	}
	return v, true
}
