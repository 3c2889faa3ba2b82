package goengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// What the ifaceassert and typeswitch passes know of the types that cells
// declare, to decide statically what yaegi's run-time checks get wrong.
//
// yaegi keeps a cell value's type only where it wraps the value (its
// valueInterface) when the value goes into an `any`, and it wraps it only
// when the value's own type lists methods: a value of a type T with
// methods, and a *T where T has a method with a pointer receiver. Those
// "exact" forms are told apart by a type switch without a variable, which
// compares yaegi's type names. Everything else (a type without methods, a
// *T whose methods all have value receivers) reaches an `any` as its bare
// reflect value, which only a type switch with a variable matches, by the
// structure of the type (two cell struct types with the same fields are
// one type there).

// cellTypeInfo is a type that a cell declares at the top level, with its
// methods (name -> signature) by receiver.
type cellTypeInfo struct {
	name       string
	under      ast.Expr
	value, ptr map[string]string
	// valueFuncs are the value receivers' methods' types (for
	// methodSetLiteral).
	valueFuncs map[string]*ast.FuncType
	// embeds: a struct with an embedded field, whose promoted methods the
	// passes do not follow; nothing is decided statically for it.
	embeds bool
}

// exact reports whether yaegi keeps the type of T's values (ptr false) or
// of *T's (ptr true) in an `any`.
func (t *cellTypeInfo) exact(ptr bool) bool {
	if ptr {
		return len(t.ptr) > 0
	}
	return len(t.value)+len(t.ptr) > 0
}

// implements reports whether T (ptr false) or *T has every method of an
// interface, by name and signature.
func (t *cellTypeInfo) implements(iface map[string]string, ptr bool) bool {
	for m, sig := range iface {
		s, ok := t.value[m]
		if !ok && ptr {
			s, ok = t.ptr[m]
		}
		if !ok || s != sig {
			return false
		}
	}
	return true
}

// cellTypes lists the non-generic types that the cells (this one and the
// earlier ones) declare at the top level, sorted by name.
func (c *passCtx) cellTypes(e *Engine) []*cellTypeInfo {
	byName := map[string]*cellTypeInfo{}
	var methods []*ast.FuncDecl
	addSpec := func(ts *ast.TypeSpec) {
		if ts.TypeParams != nil || ts.Assign.IsValid() {
			return
		}
		t := &cellTypeInfo{name: ts.Name.Name, under: ts.Type, value: map[string]string{}, ptr: map[string]string{}, valueFuncs: map[string]*ast.FuncType{}}
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 {
					t.embeds = true
				}
			}
		}
		byName[t.name] = t
	}
	addFile := func(f *ast.File) {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						addSpec(ts)
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil {
					methods = append(methods, d)
				}
			}
		}
	}
	for k, d := range e.st.defs {
		if d.kind != "type" && d.kind != "method" || d.kind == "type" && byName[k] != nil {
			continue
		}
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0); err == nil {
			addFile(f)
		}
	}
	// This cell's declarations replace the earlier cells' of the same name.
	for _, r := range c.roots() {
		if f, ok := r.(*ast.File); ok {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok {
					for _, s := range g.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok {
							delete(byName, ts.Name.Name)
						}
					}
				}
			}
			addFile(f)
		}
	}
	for _, fd := range methods {
		if len(fd.Recv.List) != 1 {
			continue
		}
		rt, ptr := fd.Recv.List[0].Type, false
		if s, ok := rt.(*ast.StarExpr); ok {
			rt, ptr = s.X, true
		}
		id, ok := rt.(*ast.Ident)
		if !ok || byName[id.Name] == nil {
			continue
		}
		t := byName[id.Name]
		if ptr {
			t.ptr[fd.Name.Name] = funcTypeSig(fd.Type)
		} else {
			t.value[fd.Name.Name] = funcTypeSig(fd.Type)
			t.valueFuncs[fd.Name.Name] = fd.Type
		}
	}
	out := make([]*cellTypeInfo, 0, len(byName))
	for _, t := range byName {
		if _, ok := t.under.(*ast.InterfaceType); !ok {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// funcTypeSig is a function type's parameter and result types, without
// their names.
func funcTypeSig(ft *ast.FuncType) string {
	list := func(fl *ast.FieldList) string {
		if fl == nil {
			return ""
		}
		var ts []string
		for _, f := range fl.List {
			t := exprText(f.Type)
			for i := 0; i < max(1, len(f.Names)); i++ {
				ts = append(ts, t)
			}
		}
		return strings.Join(ts, ", ")
	}
	return "(" + list(ft.Params) + ") (" + list(ft.Results) + ")"
}

// ifaceMethods is the method set of a cell interface (name -> signature),
// following the cell interfaces it embeds; false when it embeds anything
// else (a package's interface, a type union), whose methods the passes do
// not know.
func (c *passCtx) ifaceMethods(e *Engine, name string, depth int) (map[string]string, bool) {
	it, ok := c.cellTypeExpr(e, name).(*ast.InterfaceType)
	if !ok {
		return nil, false
	}
	return c.ifaceMethodsOf(e, it, depth)
}

// ifaceMethodsOf is ifaceMethods of interface type it, a cell's
// declaration or a literal.
func (c *passCtx) ifaceMethodsOf(e *Engine, it *ast.InterfaceType, depth int) (map[string]string, bool) {
	if depth > 8 {
		return nil, false
	}
	out := map[string]string{}
	for _, f := range it.Methods.List {
		if ft, ok := f.Type.(*ast.FuncType); ok && len(f.Names) == 1 {
			out[f.Names[0].Name] = funcTypeSig(ft)
			continue
		}
		id, ok := f.Type.(*ast.Ident)
		if !ok {
			return nil, false
		}
		inner, ok := c.ifaceMethods(e, id.Name, depth+1)
		if !ok {
			return nil, false
		}
		for m, s := range inner {
			out[m] = s
		}
	}
	return out, true
}

// asInterface is a function literal of type func(any) (I, bool) that
// converts a value to the cell interface I as Go's comma-ok assertion
// does, for the ifaceassert and typeswitch passes:
//
//   - the exact forms of cell types that lack a method of I are false
//     (yaegi's assertion counts a pointer receiver's methods for a value,
//     and lets a type with as many methods of other names through);
//   - then yaegi's assertion that only reports (it checks the methods of
//     other values), and a type switch with a variable for the value;
//   - then a *T that yaegi passed bare, for each T whose value receivers
//     give I's methods and whose underlying type no other cell type
//     shares (the type switch would take one for the other).
func (c *passCtx) asInterface(e *Engine, name string) string {
	it, _ := c.cellTypeExpr(e, name).(*ast.InterfaceType)
	return c.asInterfaceOf(e, name, it)
}

// asInterfaceOf is asInterface for interface type it written as name: a
// cell interface's name, or an interface literal (nil it: the methods
// are not known).
func (c *passCtx) asInterfaceOf(e *Engine, name string, it *ast.InterfaceType) string {
	var b strings.Builder
	// nil asserts to no interface (yaegi's assertion of it panicked, of a
	// nil Shape variable to another interface too)
	b.WriteString("func(_yakV any) (" + name + ", bool) { if _yakV == nil { return nil, false }; ")
	iface, known := map[string]string(nil), false
	if it != nil {
		iface, known = c.ifaceMethodsOf(e, it, 0)
	}
	var ptrs, wrapped []string
	if known {
		types := c.cellTypes(e)
		not := notImplementing(types, iface)
		for _, t := range types {
			if t.embeds {
				continue
			}
			_, isStruct := t.under.(*ast.StructType)
			if !t.exact(true) && t.implements(iface, false) {
				wrapped = append(wrapped, t.name)
				if isStruct && uniqueUnderlying(ast.NewIdent(t.name), types) {
					ptrs = append(ptrs, "*"+t.name)
				}
			}
		}
		if len(not) > 0 {
			b.WriteString("switch _yakV.(type) { case " + strings.Join(not, ", ") + ": return nil, false }; ")
		}
	}
	b.WriteString("if _, _yakOK := _yakV.(" + name + "); _yakOK { switch _yakW := _yakV.(type) { case " + name + ": return _yakW, true } }; ")
	for _, t := range wrapped {
		b.WriteString("switch _yakV.(type) { case *" + t + ": if _yakP, _yakOK := _yakV.(*" + t + "); _yakOK { return _yakP, true } }; ")
	}
	if len(ptrs) > 0 {
		b.WriteString("switch _yakW := _yakV.(type) {")
		for _, p := range ptrs {
			b.WriteString(" case " + p + ": return _yakW, true;")
		}
		b.WriteString(" }; ")
	}
	b.WriteString("return nil, false }")
	return b.String()
}

// notImplementing lists the exact forms of cell types (T, *T) that lack
// a method of iface: yaegi's assertion counts a pointer receiver's methods
// for a value, and lets a type with as many methods of other names
// through.
func notImplementing(types []*cellTypeInfo, iface map[string]string) []string {
	var not []string
	for _, t := range types {
		if t.embeds {
			continue
		}
		if t.exact(false) && !t.implements(iface, false) {
			not = append(not, t.name)
		}
		if t.exact(true) && !t.implements(iface, true) {
			not = append(not, "*"+t.name)
		}
	}
	return not
}

// uniqueUnderlying reports whether x names a cell type whose underlying
// type no other cell type has (yaegi's reflect types would be one).
func uniqueUnderlying(x ast.Expr, types []*cellTypeInfo) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	var under string
	for _, t := range types {
		if t.name == id.Name {
			under = exprText(t.under)
		}
	}
	n := 0
	for _, t := range types {
		if exprText(t.under) == under {
			n++
		}
	}
	return under != "" && n == 1
}

// wrappedPointerType reports whether a case's type is *T for a cell type
// T whose methods all have value receivers: yaegi passes such a pointer to
// an any without its type, except where the anyvalue pass converts it to
// T's method set first.
func (c *passCtx) wrappedPointerType(x ast.Expr, types []*cellTypeInfo) bool {
	t, ptr := c.caseCellType(x, types)
	return t != nil && ptr && !t.embeds && len(t.ptr) == 0 && len(t.value) > 0
}

// exactCellType reports whether a case's type is an exact form of a cell
// type (see cellTypes): T with methods, or *T with a pointer receiver.
func (c *passCtx) exactCellType(e *Engine, x ast.Expr, types []*cellTypeInfo) bool {
	t, ptr := c.caseCellType(x, types)
	return t != nil && !t.embeds && t.exact(ptr)
}

// caseCellType finds the cell type that a case's type T or *T names (ptr
// tells which), or nil when it names none: not an identifier, or one that a
// declaration in scope makes something other than a type.
func (c *passCtx) caseCellType(x ast.Expr, types []*cellTypeInfo) (t *cellTypeInfo, ptr bool) {
	if s, ok := x.(*ast.StarExpr); ok {
		x, ptr = s.X, true
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil, false
	}
	if d := c.lookup(id); d != nil && d.kind != "type" {
		return nil, false
	}
	for _, t := range types {
		if t.name == id.Name {
			return t, ptr
		}
	}
	return nil, false
}

// methodSetLiteral is an interface literal with the methods of T, whose
// receivers are all values: converted to it, a *T keeps its type in an
// any (yaegi passes a *T to an any straight without it).
func (t *cellTypeInfo) methodSetLiteral() string {
	names := make([]string, 0, len(t.valueFuncs))
	for m := range t.valueFuncs {
		names = append(names, m)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("interface{ ")
	for i, m := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(m + strings.TrimPrefix(exprText(t.valueFuncs[m]), "func"))
	}
	b.WriteString(" }")
	return b.String()
}
