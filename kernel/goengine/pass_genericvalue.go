package goengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib/generic"
)

// genericValuePass: a generic function of a package the interpreter has as
// source (cmp, slices, maps) or of a cell used as a value, given to a
// parameter of a function type or instantiated without a call, becomes a
// function literal of the concrete type that calls it:
//
//	slices.SortFunc(xs, cmp.Compare)   =>   slices.SortFunc(xs, func(_yakp0 int, _yakp1 int) int { return cmp.Compare(_yakp0, _yakp1) })
//	less := cmp.Less[string]           =>   less := func(_yakp0 string, _yakp1 string) bool { return cmp.Less(_yakp0, _yakp1) }
//	f := Map[int, string]              =>   f := func(_yakp0 []int, _yakp1 func(int) string) []string { return Map[int, string](_yakp0, _yakp1) }
//
// yaegi gives such a value its uninstantiated type ("cannot use type
// func(cmp.T,cmp.T) int as type func(int,int) int"), and an instantiation
// that is not called fails to compile ("constant definition loop"). The
// concrete type comes from the explicit type arguments, or from the
// parameter that takes the value: of a generic function of those
// packages, its type parameters bound from the other arguments, or of a
// function declared in a cell. Values whose type the engine cannot tell
// (given to a compiled function, or assigned to a variable without
// instantiation) stay as written.
func genericValuePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	done := map[ast.Expr]bool{}
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			done[n.Fun] = true // cmp.Compare[int](1, 2) compiles
			for i, a := range n.Args {
				fn, targs := c.genericFuncValue(e, a)
				if fn == nil {
					continue
				}
				done[a] = true
				ft := instantiateFunc(fn.decl, targs)
				if ft == nil && len(targs) == 0 {
					ft = c.funcParamType(e, n, i)
				}
				if ed := c.funcValueLiteral(a, fn, ft); ed != nil {
					edits = append(edits, *ed)
				}
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			x := n.(ast.Expr)
			if done[x] {
				return true
			}
			fn, targs := c.genericFuncValue(e, x)
			if fn == nil || len(targs) == 0 {
				return true
			}
			if ed := c.funcValueLiteral(x, fn, instantiateFunc(fn.decl, targs)); ed != nil {
				edits = append(edits, *ed)
			}
			return false
		}
		return true
	})
	return edits
}

// genericFunc is a generic function of a source package or of a cell: its
// name as the cell writes it (cmp.Compare, Map) and its declaration. The
// literal calls a cell's with its type arguments written out, which
// yaegi's inference can get wrong (pass_generic.go); a source package's
// without (the engine's supplements do not have Go's type parameters).
type genericFunc struct {
	name string
	decl *ast.FuncDecl
	cell bool
}

// sourceDecl is a declaration of a source package's function, and whether
// its type parameters are Go's (yaegi's sources; the engine's supplements
// take []E where Go takes S ~[]E, so Go's type arguments do not fit them).
type sourceDecl struct {
	fd   *ast.FuncDecl
	goTP bool
}

// genericFuncValue finds in x a generic function of a source package or
// of a cell, with the type arguments x gives it (none for cmp.Compare).
func (c *passCtx) genericFuncValue(e *Engine, x ast.Expr) (*genericFunc, []ast.Expr) {
	x = ast.Unparen(x)
	var targs []ast.Expr
	switch ix := x.(type) {
	case *ast.IndexExpr:
		x, targs = ix.X, []ast.Expr{ix.Index}
	case *ast.IndexListExpr:
		x, targs = ix.X, ix.Indices
	}
	if id, ok := x.(*ast.Ident); ok {
		if fd := c.genericDecl(id); fd != nil {
			return &genericFunc{id.Name, fd, true}, targs
		}
		return nil, nil
	}
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	path := c.sourcePackage(e, sel.X)
	if path == "" {
		return nil, nil
	}
	sd, ok := sourceFuncs()[path+"."+sel.Sel.Name]
	if !ok || sd.fd.Type.TypeParams == nil || len(targs) > 0 && !sd.goTP {
		return nil, nil
	}
	return &genericFunc{exprString(sel), sd.fd, false}, targs
}

// sourcePackage is the import path of the source package (cmp, slices,
// maps, iter) that x names as the cells import it; "" for anything else
// (a variable of that name, a package not imported).
func (c *passCtx) sourcePackage(e *Engine, x ast.Expr) string {
	pkg, ok := x.(*ast.Ident)
	if !ok || c.lookup(pkg) != nil {
		return ""
	}
	if path, ok := sourcePackages[pkg.Name]; ok && e.st.imports[pkg.Name] == path {
		return path
	}
	return ""
}

// funcParamType is the concrete function type of parameter i of the
// function that call calls, nil when the engine cannot tell it or it is
// not a function type.
func (c *passCtx) funcParamType(e *Engine, call *ast.CallExpr, i int) *ast.FuncType {
	var fd *ast.FuncDecl
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		if path := c.sourcePackage(e, f.X); path != "" {
			fd = sourceFuncs()[path+"."+f.Sel.Name].fd
		}
	case *ast.Ident:
		fd = c.cellFunc(f)
	}
	if fd == nil || fd.Recv != nil {
		return nil
	}
	ft, ok := argParamType(fieldTypes(fd.Type.Params), i, call.Ellipsis.IsValid()).(*ast.FuncType)
	if !ok {
		return nil
	}
	if fd.Type.TypeParams == nil {
		return ft
	}
	bound := c.bindTypeParamsSkipping(fd, call, i)
	if bound == nil {
		return nil
	}
	return substitute(ft, bound).(*ast.FuncType)
}

// instantiateFunc is fd's function type with its type parameters replaced
// by targs, nil unless every one is bound: by targs, in order, or, for
// those targs leaves out, from the core type of another's constraint, as
// Go infers E from S ~[]E (slices.Contains[[]int]).
func instantiateFunc(fd *ast.FuncDecl, targs []ast.Expr) *ast.FuncType {
	var names []string
	params := map[string]bool{}
	constraint := map[string]ast.Expr{}
	for _, f := range fd.Type.TypeParams.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
			params[n.Name] = true
			constraint[n.Name] = f.Type
		}
	}
	if len(targs) == 0 || len(targs) > len(names) {
		return nil
	}
	bound := map[string]ast.Expr{}
	for i, t := range targs {
		bound[names[i]] = t
	}
	for _, n := range names[:len(targs)] {
		if core, ok := constraint[n].(*ast.UnaryExpr); ok && core.Op == token.TILDE {
			unify(core.X, bound[n], params, bound)
		}
	}
	if len(bound) != len(names) {
		return nil
	}
	return substitute(&ast.FuncType{Params: fd.Type.Params, Results: fd.Type.Results}, bound).(*ast.FuncType)
}

// funcValueLiteral replaces x by a function literal of type ft that calls
// fn; nil when ft is nil or still names one of fn's type parameters.
func (c *passCtx) funcValueLiteral(x ast.Expr, fn *genericFunc, ft *ast.FuncType) *edit {
	if ft == nil {
		return nil
	}
	typeParams := map[string]bool{}
	for _, f := range fn.decl.Type.TypeParams.List {
		for _, n := range f.Names {
			typeParams[n.Name] = true
		}
	}
	open := false
	ast.Inspect(ft, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && typeParams[id.Name] {
			open = true
		}
		return !open
	})
	if open {
		return nil
	}
	var params, args []string
	for i, t := range fieldTypes(ft.Params) {
		name := "_yakp" + strconv.Itoa(i)
		if el, ok := t.(*ast.Ellipsis); ok {
			params = append(params, name+" ..."+exprString(el.Elt))
			args = append(args, name+"...")
			continue
		}
		params = append(params, name+" "+exprString(t))
		args = append(args, name)
	}
	results := fieldTypes(ft.Results)
	var res []string
	for _, t := range results {
		res = append(res, exprString(t))
	}
	sig := "func(" + strings.Join(params, ", ") + ")"
	switch len(res) {
	case 0:
	case 1:
		sig += " " + res[0]
	default:
		sig += " (" + strings.Join(res, ", ") + ")"
	}
	callee := fn.name
	if fn.cell {
		// its type arguments, from the literal's concrete type
		bound := map[string]ast.Expr{}
		unify(&ast.FuncType{Params: fn.decl.Type.Params, Results: fn.decl.Type.Results}, ft, typeParams, bound)
		var targs []string
		for _, f := range fn.decl.Type.TypeParams.List {
			for _, n := range f.Names {
				t, ok := bound[n.Name]
				if !ok {
					return nil
				}
				targs = append(targs, exprString(t))
			}
		}
		callee += "[" + strings.Join(targs, ", ") + "]"
	}
	body := callee + "(" + strings.Join(args, ", ") + ")"
	if len(res) > 0 {
		body = "return " + body
	}
	a, b, in := c.span(x)
	if !in {
		return nil
	}
	return &edit{a, b, sig + " { " + body + " }"}
}

var (
	sourceFuncsOnce sync.Once
	sourceFuncsMap  map[string]sourceDecl // "cmp.Compare" -> its declaration
)

// sourceFuncs are the exported functions of the source packages, by
// package and name, as the interpreter has them: the engine's supplement's
// (generic.go) where it has one, else yaegi's.
func sourceFuncs() map[string]sourceDecl {
	sourceFuncsOnce.Do(func() {
		sourceFuncsMap = map[string]sourceDecl{}
		add := func(src string, goTP bool) {
			f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
			if err != nil {
				return
			}
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && ast.IsExported(fd.Name.Name) {
					sourceFuncsMap[f.Name.Name+"."+fd.Name.Name] = sourceDecl{fd, goTP}
				}
			}
		}
		for _, src := range generic.Sources {
			add(src, true)
		}
		add(slicesSupplement, false)
		add(mapsSupplement, false)
	})
	return sourceFuncsMap
}
