package goengine

import (
	"go/ast"
	"reflect"
	"strings"
)

// namedSlicePass: the engine supplies package slices (and maps) as source
// whose functions take []E where Go's take S ~[]E (generic.go: yaegi
// cannot infer E from S), so a named slice type goes in and []E comes out.
// Where the first argument's type is a named slice (or map) type that the
// engine can see, the result is converted back to it, as Go types it:
//
//	type IDs []int
//	x := slices.Clone(ids)    =>   x := IDs(slices.Clone(ids))
//
// (x is an IDs, with IDs's methods; `%T` prints main.IDs). A compiled
// named type's value goes in as its underlying type, from which yaegi
// infers E (sort.IntSlice(slices.Clone([]int(is)))). The conversion
// opens by replacing the callee, so that a wrap of the whole call by a
// later pass (a function literal, parentheses) closes after it.
func namedSlicePass(e *Engine, c *passCtx) []edit {
	if part := c.code[c.start:c.end]; !strings.Contains(part, "slices.") && !strings.Contains(part, "maps.") {
		return nil // no walk of the syntax tree for the cells that cannot need it
	}
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() && len(call.Args) == 1 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || !sameTypeResult[pkg.Name+"."+sel.Sel.Name] || c.lookup(pkg) != nil {
			return true
		}
		if _, imported := e.st.imports[pkg.Name]; imported && e.st.imports[pkg.Name] != sourcePackages[pkg.Name] {
			return true // another package under that name
		}
		if _, _, in := c.span(call); !in {
			return true
		}
		conv, t := c.namedSliceType(call.Args[0], pkg.Name == "maps")
		if conv == "" {
			return true
		}
		a, b, _ := c.span(sel)
		z := c.s.offset(call.End())
		edits = append(edits, edit{a, b, conv + "(" + c.text(sel)}, edit{z, z, ")"})
		if t.rt != nil {
			// yaegi cannot infer E from a compiled named type: the
			// argument goes in as its underlying type.
			under := reflect.SliceOf(t.rt.Elem())
			if t.rt.Kind() == reflect.Map {
				under = reflect.MapOf(t.rt.Key(), t.rt.Elem())
			}
			u := fromReflect(under)
			x := call.Args[0]
			if u == nil || !c.writable(u) {
				return true
			}
			edits = append(edits, edit{c.s.offset(x.Pos()), c.s.offset(x.End()), u.String() + "(" + c.text(x) + ")"})
		}
		return true
	})
	return edits
}

// sameTypeResult are the supplied functions whose result has the type of
// their first argument in Go (S, or M for maps.Clone).
var sameTypeResult = map[string]bool{
	"slices.Clone": true, "slices.Compact": true, "slices.CompactFunc": true, "slices.Insert": true, "slices.Delete": true,
	"slices.DeleteFunc": true, "slices.Replace": true, "slices.Grow": true, "slices.Clip": true, "slices.Concat": true,
	"slices.Repeat": true, "slices.AppendSeq": true, "maps.Clone": true,
}

// namedSliceType is the name to convert to (as the interpreter knows it)
// when x has a named slice type (a map type for isMap), "" otherwise: a
// cell's type, or a compiled one (sort.IntSlice); and the type as a cell
// writes it.
func (c *passCtx) namedSliceType(x ast.Expr, isMap bool) (string, *goType) {
	var t *goType
	if id, ok := x.(*ast.Ident); ok && c.lookup(id) == nil && !(c.s.file != nil && segmentDeclares(c.s, id.Name)) {
		if d, ok := c.e.st.names[id.Name]; ok && d.kind == "var" {
			// yaegi's value of a named non-struct cell type is unnamed;
			// its record of the variable's type has the name.
			t = syntaxType(c.e.globalType(id.Name))
		}
	}
	if t == nil {
		t = c.initType(x)
	}
	if t == nil {
		return "", nil
	}
	switch tx := t.expr.(type) {
	case *ast.Ident:
		u, local := c.cellType(c.e, tx.Name)
		if u == nil || local || c.s.file != nil && typeParam(c.s.file, tx.Name) {
			return "", nil
		}
		if isMap {
			if _, ok := u.(*ast.MapType); !ok {
				return "", nil
			}
		} else if a, ok := u.(*ast.ArrayType); !ok || a.Len != nil {
			return "", nil
		}
		return c.e.internalName(tx.Name), t
	case *ast.SelectorExpr:
		kind := reflect.Slice
		if isMap {
			kind = reflect.Map
		}
		rt := t.rt
		if v, ok := c.e.symbol(tx); rt == nil && ok && v.Kind() == reflect.Pointer && v.IsNil() {
			rt = v.Type().Elem() // a type of the symbol tables
		}
		if rt == nil || rt.Kind() != kind || rt.Name() == "" || !c.writable(t) {
			return "", nil
		}
		return exprText(tx), &goType{expr: tx, rt: rt}
	}
	return "", nil
}
