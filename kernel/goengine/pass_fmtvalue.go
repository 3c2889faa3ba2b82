package goengine

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// The fmtvalue part of the fmtcall pass: an argument of a fmt print
// function whose static type holds a cell type with fmt methods (String,
// Error, Format, GoString), or a named non-struct cell type, goes to fmt
// through the engine's adapter (fmtadapt.go), with its type and, for each
// cell type with such methods, a function that formats one value of it:
//
//	fmt.Println(ts)   =>   fmt.Println(_yakhook.Fmt(ts, "[]Temp", "Temp\x1ffloat64", "Temp=S", func(v Temp, m int, f string) string { ... }))
//
// A lone value whose only fmt method is String, printed with %v or %s, is
// left to yaegi's own Stringer wrapper (a call into interpreted code per
// value costs more than the wrapper: BENCHMARKS.md).
//
// The static type comes from the cell's syntax (pass_typeof.go) and, for a
// variable of an earlier cell, from the interpreter's record of its type.

// fmtMethodNames are the methods by which fmt prints a value.
var fmtMethodNames = map[string]bool{"String": true, "Error": true, "Format": true, "GoString": true}

// fmtValueArgs is the index of the first argument that fmt formats, and of
// the format (-1: none), for each print function.
func fmtValueArgs(name string) (first, format int) {
	switch name {
	case "Printf", "Sprintf", "Errorf":
		return 1, 0
	case "Fprintf", "Appendf":
		return 2, 1
	case "Fprint", "Fprintln", "Append", "Appendln":
		return 1, -1
	}
	return 0, -1
}

// fmtValueEdits are the edits that hand arg, printed with verb (0:
// unknown), to fmt through the adapter; nil when its type holds no cell
// type that needs it.
func (c *passCtx) fmtValueEdits(e *Engine, arg ast.Expr, verb rune) []edit {
	t := c.fmtTypeOf(e, arg, 0)
	if t == nil {
		return nil
	}
	named := map[string]ast.Expr{}
	var order []string
	leaves := map[string]string{} // type text -> its leaf function
	var leafOrder []string
	ok := true
	needs := false
	// A value of an interface type inside a slice, map or struct reaches
	// compiled code as yaegi's holder of the value and its type; the
	// adapter gives it to an interpreted function of an any parameter
	// (which sees its methods). At the top, fmt gets the value itself.
	rootIface := false
	iface := func(x ast.Expr) {
		if x == t {
			id, ok := x.(*ast.Ident)
			if !ok || c.cellTypeExpr(e, id.Name) == nil {
				return // any and error: fmt gets the value itself
			}
			// %T of a cell interface value is its dynamic type's name,
			// which yaegi's holder of it has (converted to any)
			rootIface = true
		}
		if _, seen := leaves["any"]; !seen {
			leaves["any"] = ", func(v any, f string) string { if s, ok := _yakFmtLeaf(v, f); ok { return s }; return " + c.fmtName() + ".Sprintf(f, v) }"
			leafOrder = append(leafOrder, "any=")
		}
		needs = true
	}
	var walk func(x ast.Expr, ptr bool)
	walk = func(x ast.Expr, ptr bool) {
		switch x := x.(type) {
		case *ast.Ident:
			if (x.Name == "any" || x.Name == "error") && c.cellTypeExpr(e, x.Name) == nil {
				iface(x)
				return
			}
			u := c.cellTypeExpr(e, x.Name)
			if u == nil {
				return
			}
			if _, isIface := u.(*ast.InterfaceType); isIface {
				iface(x)
				return
			}
			val, ptrRecv := c.fmtMethods(e, x.Name)
			anyRecv := val || ptrRecv
			if anyRecv && !ptr {
				needs = true // fmt must not find a pointer receiver's method on a value
			}
			if val || ptr && anyRecv {
				key, typ := x.Name, e.internalName(x.Name)
				if ptr {
					key, typ = "*"+key, "*"+typ
				}
				if _, seen := leaves[key]; !seen {
					fn, methods := c.leafFunc(e, x.Name, typ, ptr)
					leaves[key] = fn
					leafOrder = append(leafOrder, key+"="+methods)
				}
				needs = true
			}
			if _, seen := named[x.Name]; seen {
				return
			}
			named[x.Name] = u
			order = append(order, x.Name)
			if _, isStruct := u.(*ast.StructType); !isStruct {
				needs = true // %T and %!verb name it
			} else if _, local := c.cellType(e, x.Name); local {
				needs = true // %#v and %T name it (the engine records top-level types only)
			} else if verb == 'T' {
				needs = true // the engine's record names one of the cell types with these fields
			}
			walk(u, false)
		case *ast.StarExpr:
			if c.isInterfaceType(e, x.X) {
				return // fmt prints a pointer to an interface as an address
			}
			walk(x.X, true)
		case *ast.ParenExpr:
			walk(x.X, ptr)
		case *ast.ArrayType:
			walk(x.Elt, false)
		case *ast.MapType:
			walk(x.Key, false)
			walk(x.Value, false)
		case *ast.StructType:
			for _, f := range x.Fields.List {
				walk(f.Type, false)
			}
		case *ast.InterfaceType:
			iface(x)
		case *ast.SelectorExpr, *ast.FuncType, *ast.ChanType:
		default:
			ok = false // generic instances and what the adapter does not know
		}
	}
	walk(t, false)
	if !ok || !needs {
		return nil
	}
	if (verb == 'v' || verb == 's') && len(leafOrder) == 1 && !rootIface {
		// A value of a type whose only fmt method is String, printed with
		// %v or %s: yaegi's own Stringer wrapper serves it, at a fraction
		// of the adapter's cost (a print in a loop). Not for a struct
		// that embeds a compiled type (embedfwd): yaegi's wrapper can take
		// it for a fmt.Formatter (time.Time's Format(string) string).
		key := exprText(t)
		if leafOrder[0] == key+"=S" && !c.embedsCompiled(e, key) {
			return nil
		}
	}
	if id, isID := t.(*ast.Ident); isID && !rootIface && verb != 'T' {
		if u, isU := named[id.Name].(*ast.Ident); isU && u.Name == "string" {
			// fmt.Print puts no space next to a string operand (%T, which
			// names the type, comes only with a format)
			return nil
		}
	}
	a, b, in := c.span(arg)
	if !in {
		return nil
	}
	opening, closing := "_yakhook.Fmt(", ", "
	if rootIface {
		opening, closing = "_yakhook.Fmt(any(", "), "
	}
	return []edit{{a, a, opening}, {b, b, closing + adapterArgs(t, order, named, leafOrder, leaves)}}
}

// adapterArgs is the rest of a call of an adapter hook (_yakhook.Fmt or
// _yakhook.JSON) after its value: the static type, the cell types it
// names with their definitions, the leaf keys (for fmt, "type=methods")
// and the leaf functions in the keys' order, closing the call.
func adapterArgs(t ast.Expr, order []string, named map[string]ast.Expr, leafOrder []string, leaves map[string]string) string {
	var namedText strings.Builder
	for i, n := range order {
		if i > 0 {
			namedText.WriteString(fmtSep)
		}
		namedText.WriteString(n + fmtSep + exprText(named[n]))
	}
	var fns strings.Builder
	for _, k := range leafOrder {
		key, _, _ := strings.Cut(k, "=")
		fns.WriteString(leaves[key])
	}
	return strconv.Quote(exprText(t)) + ", " + strconv.Quote(namedText.String()) + ", " +
		strconv.Quote(strings.Join(leafOrder, fmtSep)) + fns.String() + ")"
}

// internalName is the name the interpreter knows a cell type by.
func (e *Engine) internalName(n string) string {
	if r, ok := e.st.renames[n]; ok {
		return r
	}
	return n
}

func exprText(x ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), x)
	return b.String()
}

// fmtTypeOf is the static type of x, with the names of cell types; nil
// when the engine cannot tell.
func (c *passCtx) fmtTypeOf(e *Engine, x ast.Expr, depth int) ast.Expr {
	if depth > 40 {
		return nil
	}
	switch x := x.(type) {
	case *ast.Ident:
		d := c.lookup(x)
		if d == nil {
			if t := c.receiverType(x); t != nil {
				return t
			}
			return e.globalType(x.Name)
		}
		if d.kind == "var" && d.typ == nil && d.val != nil {
			return c.fmtTypeOf(e, d.val, depth+1)
		}
		if d.kind == "const" && d.typ == nil {
			// a typed constant's type comes from its value, or from the
			// spec it repeats (iota)
			v := d.val
			if v == nil {
				if t, val := c.constSpecType(d.pos); t != nil {
					return t
				} else if val != nil {
					v = val
				}
			}
			if v != nil {
				if t := c.fmtTypeOf(e, v, depth+1); t != nil && c.cellTypeExpr(e, exprText(t)) != nil {
					return t
				}
			}
			return nil
		}
		if d.kind == "var" && d.typ == nil && d.tuple == nil {
			return c.rangeVarType(e, d.pos, depth)
		}
		if ta, ok := d.tuple.(*ast.TypeAssertExpr); ok && d.kind == "var" && d.typ == nil && d.index == 0 && ta.Type != nil {
			return ta.Type // v, ok := x.(T)
		}
	case *ast.ParenExpr:
		return c.fmtTypeOf(e, x.X, depth+1)
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			return x.Type
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return nil
		}
		// an operand of a cell type gives its type to untyped constants
		for _, o := range []ast.Expr{x.X, x.Y} {
			if t := c.fmtTypeOf(e, o, depth+1); t != nil {
				if id, ok := t.(*ast.Ident); ok && c.cellTypeExpr(e, id.Name) != nil {
					return t
				}
			}
			if x.Op == token.SHL || x.Op == token.SHR {
				break
			}
		}
		return nil
	case *ast.CallExpr:
		// a conversion to a cell type
		if id, ok := x.Fun.(*ast.Ident); ok && len(x.Args) == 1 && c.cellTypeExpr(e, id.Name) != nil {
			if d := c.lookup(id); d == nil || d.kind == "type" {
				return id
			}
		}
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 && c.lookup(id) == nil && c.isTypeExpr(x.Args[0]) {
			return &ast.StarExpr{X: x.Args[0]}
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && len(x.Args) > 0 {
			// slices.Clone(ids) has the type of ids (pass_namedslice.go)
			if pkg, ok := sel.X.(*ast.Ident); ok && sameTypeResult[pkg.Name+"."+sel.Sel.Name] && c.lookup(pkg) == nil {
				if _, t := c.namedSliceType(x.Args[0], pkg.Name == "maps"); t != nil && t.rt == nil {
					return t.expr
				}
			}
		}
		if c.cellResultsOf(e, x, true) != 1 {
			return nil // f() of a two-result f is an argument list
		}
	case *ast.CompositeLit:
		if a, ok := x.Type.(*ast.ArrayType); ok {
			if _, ok := a.Len.(*ast.Ellipsis); ok {
				n := len(x.Elts)
				for _, el := range x.Elts {
					if _, keyed := el.(*ast.KeyValueExpr); keyed {
						return nil
					}
				}
				return &ast.ArrayType{Len: &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(n)}, Elt: a.Elt}
			}
		}
		return x.Type
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if t := c.fmtTypeOf(e, x.X, depth+1); t != nil {
				return &ast.StarExpr{X: t}
			}
		}
		return nil
	case *ast.StarExpr:
		if p, ok := c.underlying(e, c.fmtTypeOf(e, x.X, depth+1)).(*ast.StarExpr); ok {
			return p.X
		}
		return nil
	case *ast.IndexExpr:
		switch u := c.underlying(e, c.fmtTypeOf(e, x.X, depth+1)).(type) {
		case *ast.ArrayType:
			return u.Elt
		case *ast.MapType:
			return u.Value
		}
		return nil
	case *ast.SliceExpr:
		t := c.fmtTypeOf(e, x.X, depth+1)
		if a, ok := t.(*ast.ArrayType); ok && a.Len != nil {
			return &ast.ArrayType{Elt: a.Elt}
		}
		return t
	case *ast.SelectorExpr:
		t := c.fmtTypeOf(e, x.X, depth+1)
		if p, ok := t.(*ast.StarExpr); ok {
			t = p.X
		}
		if st, ok := c.underlying(e, t).(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					if n.Name == x.Sel.Name {
						return f.Type
					}
				}
			}
		}
	}
	if t := c.typeOf(x); t != nil && t.rt == nil {
		return t.expr
	}
	return nil
}

// underlying is the type literal behind a cell type's name (t itself when
// it is not a cell type's name).
func (c *passCtx) underlying(e *Engine, t ast.Expr) ast.Expr {
	for i := 0; i < 8; i++ {
		id, ok := t.(*ast.Ident)
		if !ok {
			return t
		}
		u := c.cellTypeExpr(e, id.Name)
		if u == nil {
			return t
		}
		t = u
	}
	return t
}

// cellTypeExpr is the type that a cell declares name as (type name T:
// T), nil when no cell declares a non-generic type of that name.
func (c *passCtx) cellTypeExpr(e *Engine, name string) ast.Expr {
	t, _ := c.cellType(e, name)
	return t
}

// cellType is cellTypeExpr, and whether the type is declared inside a
// function (yaegi's type for it has no name that the engine records).
func (c *passCtx) cellType(e *Engine, name string) (ast.Expr, bool) {
	var ts *ast.TypeSpec
	local := false
	for _, r := range c.roots() {
		funcs := 0
		var stack []ast.Node
		ast.Inspect(r, func(n ast.Node) bool {
			if ts != nil {
				return false
			}
			if n == nil {
				switch stack[len(stack)-1].(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					funcs--
				}
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				funcs++
			case *ast.TypeSpec:
				if n.Name.Name == name {
					ts, local = n, funcs > 0
				}
			}
			return true
		})
	}
	if ts == nil {
		d, ok := e.st.defs[name]
		if !ok || d.kind != "type" {
			return nil, false
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0)
		if err != nil {
			return nil, false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.TypeSpec); ok && s.Name.Name == name {
				ts = s
			}
			return ts == nil
		})
	}
	if ts == nil || ts.TypeParams != nil || ts.Assign.IsValid() {
		return nil, false
	}
	return ts.Type, local
}

// fmtMethods reports whether the cells declare a fmt method on name with
// a value receiver, and with a pointer receiver.
func (c *passCtx) fmtMethods(e *Engine, name string) (value, pointer bool) {
	note := func(fd *ast.FuncDecl) {
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || !fmtMethodNames[fd.Name.Name] {
			return
		}
		rt := fd.Recv.List[0].Type
		ptr := false
		if s, ok := rt.(*ast.StarExpr); ok {
			rt, ptr = s.X, true
		}
		if id, ok := rt.(*ast.Ident); ok && id.Name == name {
			value = value || !ptr
			pointer = pointer || ptr
		}
	}
	for _, r := range c.roots() {
		if f, ok := r.(*ast.File); ok {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					note(fd)
				}
			}
		}
	}
	for m := range fmtMethodNames {
		if d, ok := e.st.defs[name+"."+m]; ok {
			note(parseFuncDecl(d.text))
		}
		note(c.forwardedDecl(e, name, m))
	}
	return value, pointer
}

// globalType is the type of a variable of an earlier cell, as the
// interpreter recorded it, with the cells' names for cell types; nil when
// unknown.
func (e *Engine) globalType(name string) (t ast.Expr) {
	// A variable of an earlier segment of this cell is compiled (so in
	// the interpreter's scope) but not yet recorded in e.st.names.
	if d, found := e.st.names[name]; found && d.kind != "var" && d.kind != "const" || e.st.poisoned[name] || e.ip == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			t = nil
		}
	}()
	// The interpreter keeps the package's symbols in scopes["main"].sym;
	// its type's str is Go syntax with main. before cell types. Read with
	// reflect: the fields are unexported (TestFmtGlobalType checks them).
	scopes := reflect.ValueOf(e.ip).Elem().FieldByName("scopes")
	if !scopes.IsValid() || scopes.Kind() != reflect.Map {
		return nil
	}
	for _, sc := range []reflect.Value{scopes.MapIndex(reflect.ValueOf("main"))} {
		if !sc.IsValid() || sc.Kind() != reflect.Pointer || sc.IsNil() {
			continue
		}
		syms := sc.Elem().FieldByName("sym")
		if !syms.IsValid() || syms.Kind() != reflect.Map {
			continue
		}
		sym := syms.MapIndex(reflect.ValueOf(name))
		if !sym.IsValid() || sym.Kind() != reflect.Pointer || sym.IsNil() {
			continue
		}
		typ := sym.Elem().FieldByName("typ")
		if !typ.IsValid() || typ.Kind() != reflect.Pointer || typ.IsNil() {
			continue
		}
		str := typ.Elem().FieldByName("str")
		if !str.IsValid() || str.Kind() != reflect.String {
			continue
		}
		s := unmangle(strings.ReplaceAll(str.String(), "main.", ""))
		x, err := parser.ParseExpr(s)
		if err != nil {
			return nil
		}
		return x
	}
	return nil
}

// isCellError reports whether the static type of x is a cell type (or a
// pointer to one) whose method set has Error.
func (c *passCtx) isCellError(e *Engine, x ast.Expr) bool {
	t := c.fmtTypeOf(e, x, 0)
	ptr := false
	if s, ok := t.(*ast.StarExpr); ok {
		t, ptr = s.X, true
	}
	id, ok := t.(*ast.Ident)
	if !ok || c.cellTypeExpr(e, id.Name) == nil {
		return false
	}
	if _, iface := c.cellTypeExpr(e, id.Name).(*ast.InterfaceType); iface {
		return false
	}
	fd := c.cellMethod(e, id.Name, "Error")
	if fd == nil {
		return false
	}
	_, ptrRecv := fd.Recv.List[0].Type.(*ast.StarExpr)
	return ptr || !ptrRecv
}

// cellMethod is the declaration of method m of cell type name, nil when
// the cells declare none.
func (c *passCtx) cellMethod(e *Engine, name, m string) *ast.FuncDecl {
	if fd := c.declaredMethod(e, name, m); fd != nil {
		return fd
	}
	return c.forwardedDecl(e, name, m)
}

// declaredMethod is cellMethod without the methods that the embedfwd pass
// writes.
func (c *passCtx) declaredMethod(e *Engine, name, m string) *ast.FuncDecl {
	var out *ast.FuncDecl
	match := func(fd *ast.FuncDecl) {
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != m {
			return
		}
		rt := fd.Recv.List[0].Type
		if s, ok := rt.(*ast.StarExpr); ok {
			rt = s.X
		}
		if id, ok := rt.(*ast.Ident); ok && id.Name == name {
			out = fd
		}
	}
	for _, r := range c.roots() {
		if f, ok := r.(*ast.File); ok {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					match(fd)
				}
			}
		}
	}
	if out == nil {
		if d, ok := e.st.defs[name+"."+m]; ok {
			match(parseFuncDecl(d.text))
		}
	}
	return out
}

// rangeVarType is the type of the key or value variable of a range
// statement declared at pos, nil when unknown.
func (c *passCtx) rangeVarType(e *Engine, pos token.Pos, depth int) ast.Expr {
	var rs *ast.RangeStmt
	c.inspect(func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Tok == token.DEFINE {
			for _, x := range []ast.Expr{r.Key, r.Value} {
				if id, ok := x.(*ast.Ident); ok && id.Pos() == pos {
					rs = r
				}
			}
		}
		return rs == nil
	})
	if rs == nil {
		return nil
	}
	isValue := rs.Value != nil && rs.Value.Pos() == pos
	u := c.underlying(e, c.fmtTypeOf(e, rs.X, depth+1))
	if p, ok := u.(*ast.StarExpr); ok {
		if a, ok := c.underlying(e, p.X).(*ast.ArrayType); ok && a.Len != nil {
			u = a
		}
	}
	switch u := u.(type) {
	case *ast.ArrayType:
		if isValue {
			return u.Elt
		}
		return ast.NewIdent("int")
	case *ast.MapType:
		if isValue {
			return u.Value
		}
		return u.Key
	}
	return nil
}

// constSpecType is, for a constant declared at pos without type and
// value in a const group (B in const (A T = iota; B)), the type and value
// of the last spec before it that has a value.
func (c *passCtx) constSpecType(pos token.Pos) (typ, val ast.Expr) {
	found := false
	c.inspect(func(n ast.Node) bool {
		g, ok := n.(*ast.GenDecl)
		if found || !ok || g.Tok != token.CONST {
			return !found
		}
		var lastT, lastV ast.Expr
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) > 0 {
				lastT, lastV = vs.Type, vs.Values[0]
			}
			for _, n := range vs.Names {
				if n.Pos() == pos {
					typ, val, found = lastT, lastV, true
				}
			}
		}
		return false
	})
	return typ, val
}

// isInterfaceType reports whether x is an interface type: any, error, an
// interface literal or a cell interface type.
func (c *passCtx) isInterfaceType(e *Engine, x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.InterfaceType:
		return true
	case *ast.Ident:
		u := c.cellTypeExpr(e, x.Name)
		if u == nil {
			return x.Name == "any" || x.Name == "error"
		}
		_, ok := u.(*ast.InterfaceType)
		return ok
	}
	return false
}

// receiverType is the type of the receiver of the method whose body holds
// id, when id names it (lookup does not see receivers).
func (c *passCtx) receiverType(id *ast.Ident) ast.Expr {
	var out ast.Expr
	for _, r := range c.roots() {
		f, ok := r.(*ast.File)
		if !ok {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil || id.Pos() < fd.Body.Pos() || id.Pos() >= fd.Body.End() {
				continue
			}
			for _, fl := range fd.Recv.List {
				for _, n := range fl.Names {
					if n.Name == id.Name {
						out = fl.Type
					}
				}
			}
		}
	}
	return out
}

// fmtMethodOrder are the fmt methods a leaf function calls, by the number
// that selects them (fmtadapt.go); 3 formats with fmt.Sprintf, which
// reaches a Format method.
var fmtMethodOrder = []struct {
	name, flag string
}{{"Error", "E"}, {"String", "S"}, {"GoString", "G"}, {"Format", "F"}}

// leafFunc is the leaf function of cell type name (as *name when ptr; typ
// is the type as the interpreter knows it), and the letters of the
// methods it calls (E String S GoString G, F Format). The function calls
// the methods directly: the adapter picks one by fmt's rules.
func (c *passCtx) leafFunc(e *Engine, name, typ string, ptr bool) (string, string) {
	var methods, cases strings.Builder
	for i, m := range fmtMethodOrder {
		fd := c.cellMethod(e, name, m.name)
		if fd == nil {
			continue
		}
		_, ptrRecv := fd.Recv.List[0].Type.(*ast.StarExpr)
		if ptrRecv && !ptr {
			continue
		}
		methods.WriteString(m.flag)
		if m.name == "Format" {
			continue
		}
		recv := "v"
		if ptr && !ptrRecv {
			recv = "(*v)" // a value method through the pointer
		}
		if cases.Len() > 0 {
			cases.WriteString(";") // two methods: time.Time's String and GoString (embedfwd)
		}
		cases.WriteString(" case " + strconv.Itoa(i) + ": return " + recv + "." + m.name + "()")
	}
	body := "return " + c.fmtName() + ".Sprintf(f, v)"
	if cases.Len() > 0 {
		body = "switch m {" + cases.String() + " }; " + body
	}
	return ", func(v " + typ + ", m int, f string) string { " + body + " }", methods.String()
}
