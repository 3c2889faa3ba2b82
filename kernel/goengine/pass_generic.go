package goengine

import (
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
)

// genericPass: a call of a generic function declared in a cell gets its
// type arguments written out when the engine can bind every type parameter
// from the arguments' types (pass_typeof.go):
//
//	Map(xs, func(x int) string { ... })   =>   Map[int, string](xs, func(x int) string { ... })
//
// yaegi infers a type parameter that appears only in a function argument's
// type wrongly ("cannot use type func(int) string as type func(int) int").
func genericPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if e := c.concatOfOne(call); e != nil {
			edits = append(edits, *e)
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		fd := c.genericDecl(id)
		if fd == nil {
			return true
		}
		bound := c.bindTypeParams(fd, call)
		if bound == nil {
			return true
		}
		var args []string
		for _, f := range fd.Type.TypeParams.List {
			for _, name := range f.Names {
				args = append(args, exprString(bound[name.Name]))
			}
		}
		_, b, in := c.span(id)
		if in {
			edits = append(edits, edit{b, b, "[" + strings.Join(args, ", ") + "]"})
		}
		return true
	})
	return edits
}

// concatOfOne: slices.Concat(x) becomes slices.Concat(x, nil). yaegi
// panics compiling a call of a generic function that gives its variadic
// parameter nothing ("CFG post-order panic: index out of range").
func (c *passCtx) concatOfOne(call *ast.CallExpr) *edit {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() || sel.Sel.Name != "Concat" {
		return nil
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "slices" || c.lookup(pkg) != nil {
		return nil
	}
	_, b, in := c.span(call.Args[0])
	if !in {
		return nil
	}
	return &edit{b, b, ", nil"}
}

// genericDecl is the declaration of the generic function that id calls.
func (c *passCtx) genericDecl(id *ast.Ident) *ast.FuncDecl {
	var fd *ast.FuncDecl
	if d := c.lookup(id); d != nil {
		fd = d.fn
	} else {
		fd = c.e.declaredFunc(id.Name)
	}
	if fd == nil || fd.Type.TypeParams == nil || fd.Recv != nil {
		return nil
	}
	return fd
}

func exprString(x ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), x)
	return b.String()
}

// bindTypeParams binds the type parameters of fd from the types of the
// call's arguments; nil unless every one is bound.
func (c *passCtx) bindTypeParams(fd *ast.FuncDecl, call *ast.CallExpr) map[string]ast.Expr {
	return c.bindTypeParamsSkipping(fd, call, -1)
}

// bindTypeParamsSkipping is bindTypeParams without argument skip (the one
// whose type is to be found from the others).
func (c *passCtx) bindTypeParamsSkipping(fd *ast.FuncDecl, call *ast.CallExpr, skip int) map[string]ast.Expr {
	params := map[string]bool{}
	for _, f := range fd.Type.TypeParams.List {
		for _, name := range f.Names {
			params[name.Name] = true
		}
	}
	bound := map[string]ast.Expr{}
	// Constraint type inference: a constraint of exactly one predeclared
	// type (not ~T, not an interface) is the type ([T int32] makes T
	// int32 for min2(1, 2), where the untyped constants alone give int).
	for _, f := range fd.Type.TypeParams.List {
		if id, ok := f.Type.(*ast.Ident); ok && basicTypeNames[id.Name] && c.e.st.names[id.Name] == nil {
			for _, name := range f.Names {
				bound[name.Name] = id
			}
		}
	}
	ptypes := fieldTypes(fd.Type.Params)
	for i, a := range call.Args {
		p := argParamType(ptypes, i, call.Ellipsis.IsValid())
		if p == nil {
			return nil
		}
		if i == skip {
			continue
		}
		if t := c.funcTypeOf(a); t != nil { // a function by its name too
			unify(p, t.expr, params, bound)
		}
	}
	if len(bound) != len(params) {
		return nil
	}
	return bound
}

// argParamType is the type of the parameter that argument i of a call
// goes to, of a function with parameter types ptypes: the element type for
// a variadic parameter, its slice type when the call spreads (f(xs...));
// nil when there is none.
func argParamType(ptypes []ast.Expr, i int, spread bool) ast.Expr {
	var p ast.Expr
	switch {
	case i < len(ptypes):
		p = ptypes[i]
	case len(ptypes) > 0:
		p = ptypes[len(ptypes)-1]
	}
	if el, ok := p.(*ast.Ellipsis); ok {
		p = el.Elt
		if spread {
			p = &ast.ArrayType{Elt: el.Elt}
		}
	}
	return p
}

// unify binds the type parameters in pattern to the matching parts of t.
func unify(pattern, t ast.Expr, params map[string]bool, bound map[string]ast.Expr) {
	switch p := pattern.(type) {
	case *ast.Ident:
		if params[p.Name] {
			if _, ok := bound[p.Name]; !ok {
				bound[p.Name] = t
			}
		}
	case *ast.ArrayType:
		if a, ok := t.(*ast.ArrayType); ok {
			unify(p.Elt, a.Elt, params, bound)
		}
	case *ast.MapType:
		if m, ok := t.(*ast.MapType); ok {
			unify(p.Key, m.Key, params, bound)
			unify(p.Value, m.Value, params, bound)
		}
	case *ast.StarExpr:
		if s, ok := t.(*ast.StarExpr); ok {
			unify(p.X, s.X, params, bound)
		}
	case *ast.ChanType:
		if ch, ok := t.(*ast.ChanType); ok {
			unify(p.Value, ch.Value, params, bound)
		}
	case *ast.FuncType:
		f, ok := t.(*ast.FuncType)
		if !ok {
			return
		}
		unifyFields(p.Params, f.Params, params, bound)
		unifyFields(p.Results, f.Results, params, bound)
	}
}

func unifyFields(p, t *ast.FieldList, params map[string]bool, bound map[string]ast.Expr) {
	pt, tt := fieldTypes(p), fieldTypes(t)
	for i := 0; i < len(pt) && i < len(tt); i++ {
		unify(pt[i], tt[i], params, bound)
	}
}

func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fl.List {
		for k := 0; k < max(1, len(f.Names)); k++ {
			out = append(out, f.Type)
		}
	}
	return out
}

// substitute replaces the bound type parameters in t.
func substitute(t ast.Expr, bound map[string]ast.Expr) ast.Expr {
	switch x := t.(type) {
	case *ast.Ident:
		if b, ok := bound[x.Name]; ok {
			return b
		}
		return x
	case *ast.ArrayType:
		return &ast.ArrayType{Len: x.Len, Elt: substitute(x.Elt, bound)}
	case *ast.MapType:
		return &ast.MapType{Key: substitute(x.Key, bound), Value: substitute(x.Value, bound)}
	case *ast.StarExpr:
		return &ast.StarExpr{X: substitute(x.X, bound)}
	case *ast.ChanType:
		return &ast.ChanType{Dir: x.Dir, Value: substitute(x.Value, bound)}
	case *ast.Ellipsis:
		return &ast.Ellipsis{Elt: substitute(x.Elt, bound)}
	case *ast.FuncType:
		return &ast.FuncType{Params: substFields(x.Params, bound), Results: substFields(x.Results, bound)}
	}
	return t
}

func substFields(fl *ast.FieldList, bound map[string]ast.Expr) *ast.FieldList {
	if fl == nil {
		return nil
	}
	out := &ast.FieldList{}
	for _, f := range fl.List {
		out.List = append(out.List, &ast.Field{Names: f.Names, Type: substitute(f.Type, bound)})
	}
	return out
}

// basicTypeNames are the predeclared types that are not interfaces.
var basicTypeNames = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"byte": true, "rune": true, "float32": true, "float64": true, "complex64": true, "complex128": true,
}
