package goengine

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strings"
)

// Generic cell struct types. noteTypes names the struct types a cell
// declares by evaluating T{} once; a generic type has no value until it
// is instantiated, and each instantiation is a reflect type of its own.
// So the instantiations of one type argument that a cell's code writes
// (Pair[int]{1, 2}, var p Pair[string]) are named before the cell's
// statements run, as Go names them for %T and %#v: main.Pair[int],
// main.Pair[main.point]. Not named: those of two or more type arguments
// (see indexed) and those that only a generic function makes (Pair[T]{}
// in func mk[T any]).

// noteInstances records the names of the instantiations of generic cell
// struct types that segment s writes.
func (e *Engine) noteInstances(s *segment) {
	var roots []ast.Node
	if s.file != nil {
		roots = append(roots, s.file)
	}
	for _, st := range s.stmts {
		roots = append(roots, st)
	}
	for _, r := range roots {
		ast.Inspect(r, func(n ast.Node) bool {
			x, args := indexed(n)
			id, ok := x.(*ast.Ident)
			if !ok || !e.isGenericStruct(id.Name) {
				return true
			}
			name, ok := e.instanceName(id.Name, args)
			if !ok {
				return true
			}
			internal := id.Name
			if r, ok := e.st.renames[id.Name]; ok {
				internal = r
			}
			var src strings.Builder
			src.WriteString(internal + "[")
			for i, a := range args {
				if i > 0 {
					src.WriteString(", ")
				}
				printer.Fprint(&src, token.NewFileSet(), a)
			}
			src.WriteString("]{}")
			if v, err := e.evalValue(src.String()); err == nil && v.IsValid() {
				e.typeNames.set(v.Type(), name)
			}
			return true
		})
	}
}

// indexed is the type and arguments of an instantiation T[A] or T[A, B].
func indexed(n ast.Node) (ast.Expr, []ast.Expr) {
	switch n := n.(type) {
	case *ast.IndexExpr:
		return n.X, []ast.Expr{n.Index}
	}
	// T[A, B]: evaluating KV[string, int]{} for its type leaves yaegi
	// unable to run the cell's own KV[string, int]{} (nothing prints).
	return nil, nil
}

// isGenericStruct reports whether a cell declared name as a generic
// struct type.
func (e *Engine) isGenericStruct(name string) bool {
	d := e.st.prog[name]
	if d == nil || d.kind != "type" {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\ntype "+d.text, 0)
	if err != nil || len(f.Decls) != 1 {
		return false
	}
	g, ok := f.Decls[0].(*ast.GenDecl)
	if !ok || len(g.Specs) != 1 {
		return false
	}
	ts := g.Specs[0].(*ast.TypeSpec)
	_, isStruct := ts.Type.(*ast.StructType)
	return ts.TypeParams != nil && isStruct && !ts.Assign.IsValid()
}

// instanceName is Go's name of name[args]: cell types are in package
// main. ok is false for an argument it cannot name (a type parameter of
// an enclosing generic function, a function type).
func (e *Engine) instanceName(name string, args []ast.Expr) (string, bool) {
	var b strings.Builder
	b.WriteString("main." + name + "[")
	for i, a := range args {
		if i > 0 {
			b.WriteString(",")
		}
		if !e.argName(&b, a) {
			return "", false
		}
	}
	b.WriteString("]")
	return b.String(), true
}

// argName writes Go's name of a type expression as reflect prints it.
func (e *Engine) argName(b *strings.Builder, x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		if d := e.st.prog[x.Name]; d != nil && d.kind == "type" {
			b.WriteString("main." + x.Name)
			return true
		}
		n, ok := predeclaredTypes[x.Name]
		if !ok {
			return false
		}
		b.WriteString(n)
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return false
		}
		b.WriteString(pkg.Name + "." + x.Sel.Name)
	case *ast.StarExpr:
		b.WriteString("*")
		return e.argName(b, x.X)
	case *ast.ArrayType:
		if x.Len != nil {
			lit, ok := x.Len.(*ast.BasicLit)
			if !ok {
				return false
			}
			b.WriteString("[" + lit.Value + "]")
		} else {
			b.WriteString("[]")
		}
		return e.argName(b, x.Elt)
	case *ast.MapType:
		b.WriteString("map[")
		if !e.argName(b, x.Key) {
			return false
		}
		b.WriteString("]")
		return e.argName(b, x.Value)
	default:
		t, args := indexed(x)
		id, ok := t.(*ast.Ident)
		if !ok || !e.isGenericStruct(id.Name) {
			return false
		}
		n, ok := e.instanceName(id.Name, args)
		b.WriteString(n)
		return ok
	}
	return true
}

// predeclaredTypes are the predeclared types' names as reflect prints
// them (byte is uint8).
var predeclaredTypes = map[string]string{
	"bool": "bool", "byte": "uint8", "complex64": "complex64", "complex128": "complex128", "error": "error",
	"float32": "float32", "float64": "float64", "int": "int", "int8": "int8", "int16": "int16", "int32": "int32",
	"int64": "int64", "rune": "int32", "string": "string", "uint": "uint", "uint8": "uint8", "uint16": "uint16",
	"uint32": "uint32", "uint64": "uint64", "uintptr": "uintptr", "any": "interface {}",
}
