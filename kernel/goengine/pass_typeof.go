package goengine

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strings"
)

// goType is a type the passes found for an expression: its Go syntax, and
// the reflect type when it is a compiled type (for its methods).
type goType struct {
	expr ast.Expr
	rt   reflect.Type
}

func (t *goType) String() string {
	if t == nil || t.expr == nil {
		return ""
	}
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), t.expr)
	return b.String()
}

// fromReflect is the goType of a compiled type, nil when its name cannot
// be written in a cell (a type that yaegi synthesized for a cell's type).
func fromReflect(rt reflect.Type) *goType {
	if rt == nil {
		return nil
	}
	s := rt.String()
	if strings.Contains(s, "struct {") || strings.Contains(s, "interface {") || strings.Contains(s, "main.") || strings.Contains(s, "func(") {
		return nil
	}
	x, err := parser.ParseExpr(s)
	if err != nil {
		return nil
	}
	return &goType{expr: x, rt: rt}
}

func syntaxType(x ast.Expr) *goType {
	if x == nil {
		return nil
	}
	return &goType{expr: x}
}

// typeOf finds the type of x by what the engine can see (see pass_scope.go),
// nil when it cannot tell.
func (c *passCtx) typeOf(x ast.Expr) *goType {
	switch x := x.(type) {
	case *ast.BasicLit:
		name := map[token.Token]string{token.INT: "int", token.FLOAT: "float64", token.STRING: "string", token.CHAR: "rune", token.IMAG: "complex128"}[x.Kind]
		return &goType{expr: ast.NewIdent(name)}
	case *ast.CompositeLit:
		return syntaxType(x.Type)
	case *ast.FuncLit:
		return syntaxType(x.Type)
	case *ast.ParenExpr:
		return c.typeOf(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if t := c.typeOf(x.X); t != nil {
				out := &goType{expr: &ast.StarExpr{X: t.expr}}
				if t.rt != nil {
					out.rt = reflect.PointerTo(t.rt)
				}
				return out
			}
		}
		return nil
	case *ast.StarExpr:
		if t := c.typeOf(x.X); t != nil {
			if p, ok := t.expr.(*ast.StarExpr); ok {
				out := &goType{expr: p.X}
				if t.rt != nil && t.rt.Kind() == reflect.Pointer {
					out.rt = t.rt.Elem()
				}
				return out
			}
		}
	case *ast.SliceExpr:
		t := c.typeOf(x.X)
		if t != nil {
			if a, ok := t.expr.(*ast.ArrayType); ok && a.Len != nil {
				return &goType{expr: &ast.ArrayType{Elt: a.Elt}}
			}
		}
		return t
	case *ast.IndexExpr:
		t := c.typeOf(x.X)
		if t == nil {
			return nil
		}
		switch tx := t.expr.(type) {
		case *ast.ArrayType:
			out := &goType{expr: tx.Elt}
			if t.rt != nil && (t.rt.Kind() == reflect.Slice || t.rt.Kind() == reflect.Array) {
				out.rt = t.rt.Elem()
			}
			return out
		case *ast.MapType:
			out := &goType{expr: tx.Value}
			if t.rt != nil && t.rt.Kind() == reflect.Map {
				out.rt = t.rt.Elem()
			}
			return out
		case *ast.Ident:
			if tx.Name == "string" {
				return &goType{expr: ast.NewIdent("byte")}
			}
		}
		return nil
	case *ast.BinaryExpr:
		return c.binaryType(x)
	case *ast.Ident:
		d := c.lookup(x)
		if d == nil {
			if v, ok := c.e.globalValue(x.Name); ok && v.Kind() != reflect.Interface {
				return fromReflect(v.Type())
			}
			if (x.Name == "true" || x.Name == "false") && c.e.st.names[x.Name] == nil {
				return &goType{expr: ast.NewIdent("bool")}
			}
			return nil
		}
		switch {
		case d.kind != "var" && d.kind != "const":
			return nil
		case d.typ != nil:
			return syntaxType(d.typ)
		case d.val != nil:
			if d.kind == "const" {
				return nil // an untyped constant: its type depends on its use
			}
			return c.typeOf(d.val)
		case d.tuple != nil:
			return c.resultType(d.tuple, d.index)
		}
	case *ast.SelectorExpr:
		if v, ok := c.e.symbol(x); ok && v.Kind() != reflect.Func {
			if v.Kind() == reflect.Pointer && v.IsNil() {
				return nil // a type, not a value
			}
			return fromReflect(v.Type())
		}
	case *ast.CallExpr:
		return c.resultType(x, 0)
	}
	return nil
}

// resultType is the type of the i-th result of a call.
func (c *passCtx) resultType(x ast.Expr, i int) *goType {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return nil
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		switch f.Name {
		case "len", "cap", "copy":
			if c.lookup(f) == nil {
				return &goType{expr: ast.NewIdent("int")}
			}
		case "new", "_yakNew":
			if len(call.Args) == 1 {
				if t := c.typeOf(call.Args[0]); t != nil {
					return &goType{expr: &ast.StarExpr{X: t.expr}}
				}
				if c.isTypeExpr(call.Args[0]) {
					return &goType{expr: &ast.StarExpr{X: call.Args[0]}}
				}
			}
			return nil
		case "append":
			if len(call.Args) > 0 {
				return c.typeOf(call.Args[0])
			}
		}
		if intTypes[f.Name] || f.Name == "string" || f.Name == "float64" || f.Name == "float32" || f.Name == "bool" {
			return &goType{expr: ast.NewIdent(f.Name)}
		}
		if d := c.lookup(f); d != nil && d.kind == "type" {
			return &goType{expr: ast.NewIdent(f.Name)}
		}
		var fd *ast.FuncDecl
		if d := c.lookup(f); d != nil && d.fn != nil {
			fd = d.fn
		} else if d == nil {
			fd = c.e.declaredFunc(f.Name)
		}
		if fd == nil {
			return nil
		}
		return c.declResult(fd, call, i)
	case *ast.ArrayType, *ast.MapType, *ast.StarExpr:
		return syntaxType(f)
	case *ast.SelectorExpr:
		if t := c.sourcePackageResult(f, call); t != nil {
			return t
		}
		if t := c.e.symbolType(f); t != nil {
			if i < t.NumOut() {
				return fromReflect(t.Out(i))
			}
			return nil
		}
		// A method of a compiled type.
		if recv := c.typeOf(f.X); recv != nil && recv.rt != nil {
			m, ok := recv.rt.MethodByName(f.Sel.Name)
			if ok && i < m.Type.NumOut() {
				return fromReflect(m.Type.Out(i))
			}
		}
	}
	return nil
}

// declResult is the type of result i of a call of a function declared in a
// cell, with its type parameters bound from the arguments.
func (c *passCtx) declResult(fd *ast.FuncDecl, call *ast.CallExpr, i int) *goType {
	res := fd.Type.Results
	if res == nil {
		return nil
	}
	var types []ast.Expr
	for _, f := range res.List {
		n := max(1, len(f.Names))
		for k := 0; k < n; k++ {
			types = append(types, f.Type)
		}
	}
	if i >= len(types) {
		return nil
	}
	t := types[i]
	if fd.Type.TypeParams == nil {
		return syntaxType(t)
	}
	bound := c.bindTypeParams(fd, call)
	if bound == nil {
		return nil
	}
	return syntaxType(substitute(t, bound))
}

// sourcePackageResult is the result type of the generic functions of
// slices and maps that cells use most, from their arguments' types.
func (c *passCtx) sourcePackageResult(f *ast.SelectorExpr, call *ast.CallExpr) *goType {
	pkg, ok := f.X.(*ast.Ident)
	if !ok || c.lookup(pkg) != nil || len(call.Args) == 0 {
		return nil
	}
	if onceCall(call) {
		// OnceValue(f) and OnceValues(f) have f's type.
		return c.funcTypeOf(call.Args[0])
	}
	if _, ok := sourcePackages[pkg.Name]; !ok {
		return nil
	}
	switch pkg.Name + "." + f.Sel.Name {
	case "slices.Index", "slices.IndexFunc", "cmp.Compare", "slices.Compare":
		return &goType{expr: ast.NewIdent("int")}
	case "slices.Contains", "slices.ContainsFunc", "slices.Equal", "maps.Equal", "slices.IsSorted":
		return &goType{expr: ast.NewIdent("bool")}
	case "slices.Clone", "slices.Concat", "slices.Compact", "slices.CompactFunc", "slices.Insert", "slices.Delete", "slices.DeleteFunc",
		"slices.Replace", "slices.Grow", "slices.Clip", "slices.Repeat", "slices.AppendSeq", "maps.Clone":
		if _, t := c.namedSliceType(call.Args[0], pkg.Name == "maps"); t != nil {
			return t // converted back to it (pass_namedslice.go)
		}
		return c.typeOf(call.Args[0])
	case "slices.Max", "slices.Min", "slices.MaxFunc", "slices.MinFunc":
		if t := c.typeOf(call.Args[0]); t != nil {
			if a, ok := t.expr.(*ast.ArrayType); ok {
				return &goType{expr: a.Elt}
			}
		}
	case "slices.Sorted", "slices.Collect", "slices.SortedFunc", "slices.SortedStableFunc":
		if inner, ok := call.Args[0].(*ast.CallExpr); ok {
			if sel, ok := inner.Fun.(*ast.SelectorExpr); ok && len(inner.Args) == 2 && exprString(sel) == "slices.Chunk" {
				if t := c.typeOf(inner.Args[0]); t != nil {
					return &goType{expr: &ast.ArrayType{Elt: t.expr}}
				}
			}
			if sel, ok := inner.Fun.(*ast.SelectorExpr); ok && len(inner.Args) == 1 {
				if t := c.typeOf(inner.Args[0]); t != nil {
					switch x := t.expr.(type) {
					case *ast.MapType:
						switch exprString(sel) {
						case "maps.Keys":
							return &goType{expr: &ast.ArrayType{Elt: x.Key}}
						case "maps.Values":
							return &goType{expr: &ast.ArrayType{Elt: x.Value}}
						}
					case *ast.ArrayType:
						if exprString(sel) == "slices.Values" {
							return &goType{expr: &ast.ArrayType{Elt: x.Elt}}
						}
					}
				}
			}
		}
	}
	return nil
}

// binaryType is the type of a binary operation: bool for a comparison,
// the left operand's for a shift, else the type of an operand that is not
// an untyped constant, or for two untyped constants the kind that Go's
// constant arithmetic gives (int, rune, float64, complex128 in that order).
func (c *passCtx) binaryType(x *ast.BinaryExpr) *goType {
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
		return &goType{expr: ast.NewIdent("bool")}
	case token.SHL, token.SHR:
		return c.typeOf(x.X)
	}
	lx, ly := untypedConst(x.X), untypedConst(x.Y)
	switch {
	case lx && !ly:
		return c.typeOf(x.Y)
	case !lx:
		return c.typeOf(x.X)
	}
	tx, ty := c.typeOf(x.X), c.typeOf(x.Y)
	if tx == nil || ty == nil {
		return nil
	}
	rank := map[string]int{"int": 1, "rune": 2, "float64": 3, "complex128": 4, "string": 5}
	if rank[tx.String()] >= rank[ty.String()] {
		return tx
	}
	return ty
}

// untypedConst reports whether x is a constant expression of literals
// only (a named constant may be typed).
func untypedConst(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return untypedConst(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && untypedConst(x.X)
	case *ast.BinaryExpr:
		return untypedConst(x.X) && untypedConst(x.Y)
	}
	return false
}

// isTypeExpr reports whether x, the argument of new, is a type the passes
// can name: a composite type, or a type that a cell declares (and no
// variable of this cell hides).
func (c *passCtx) isTypeExpr(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.StarExpr, *ast.ChanType:
		return true
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			return d.kind == "type"
		}
		return c.cellTypeExpr(c.e, x.Name) != nil
	}
	return false
}

// sourceGeneric reports a call pkg.F(...) of a generic function that the
// engine supplies as source: any function of a source package (slices,
// maps, cmp, iter), or sync.OnceValue and sync.OnceValues.
func (c *passCtx) sourceGeneric(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || c.lookup(pkg) != nil {
		return false
	}
	_, src := sourcePackages[pkg.Name]
	return src || onceCall(call)
}

// onceCall reports a call of sync.OnceValue or sync.OnceValues
// (syncSupplement), whose type parameters appear only in their argument's
// function type: yaegi cannot type such a call's result at the top level.
func onceCall(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "sync" && (sel.Sel.Name == "OnceValue" || sel.Sel.Name == "OnceValues")
}

// funcTypeOf is the type of a function value: a function literal's, or
// the signature of a function that a cell declares (not a generic one).
func (c *passCtx) funcTypeOf(x ast.Expr) *goType {
	switch x := x.(type) {
	case *ast.FuncLit:
		return syntaxType(x.Type)
	case *ast.ParenExpr:
		return c.funcTypeOf(x.X)
	case *ast.Ident:
		fd := c.cellFunc(x)
		if fd == nil || fd.Recv != nil || fd.Type.TypeParams != nil {
			return c.typeOf(x)
		}
		return syntaxType(&ast.FuncType{Params: fd.Type.Params, Results: fd.Type.Results})
	case *ast.SelectorExpr:
		// A compiled function (strings.ToUpper) whose signature names
		// no package's type: its type can be written anywhere.
		if v, ok := c.e.symbol(x); ok && v.Kind() == reflect.Func && !v.Type().IsVariadic() {
			if sig := v.Type().String(); !strings.ContainsAny(sig, ".{") {
				if t, err := parser.ParseExpr(sig); err == nil {
					return &goType{expr: t, rt: v.Type()}
				}
			}
		}
	}
	return c.typeOf(x)
}

// segmentFunc is the function named name that a declaration segment
// declares, nil if none: at the package level a function is seen above
// its declaration too (var labels = Map(xs, label), func label below).
func (c *passCtx) segmentFunc(name string) *ast.FuncDecl {
	if c.s.kind != segDecl {
		return nil
	}
	for _, d := range c.s.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			return fd
		}
	}
	return nil
}
