package goengine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// fmtPrinters are the fmt functions whose arguments fmt formats.
var fmtPrinters = map[string]bool{"Print": true, "Println": true, "Printf": true, "Sprint": true, "Sprintln": true,
	"Sprintf": true, "Fprint": true, "Fprintln": true, "Fprintf": true, "Errorf": true, "Append": true, "Appendln": true, "Appendf": true}

// fmtCallPass: a call of a cell function or method given straight to a fmt
// print function is put in parentheses. yaegi hands compiled code the
// result of such a call as its underlying value, without the wrapper that
// carries the String or Error method of the result's cell type (fmt would
// print a Matrix returned by a.Mul(b) as [[2 1] [4 3]]); a parenthesized
// call is passed like any other value of that type, wrapped.
//
//	fmt.Println(a.Mul(b))   =>   fmt.Println((a.Mul(b)))
//
// A variable of a cell interface type is handed over as its dynamic
// value's underlying value too; converted to any first, it keeps its
// methods:
//
//	var s Shape = Temp(1); fmt.Println(s)   =>   ... fmt.Println(any(s))
//
// A lone argument is parenthesized only when the function has one result
// (fmt.Println(f()) of an f with two results is valid Go; (f()) is not).
func fmtCallPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !fmtPrinters[sel.Sel.Name] {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Name != "fmt" || c.lookup(pkg) != nil || e.st.names["fmt"] != nil && e.st.names["fmt"].kind != "import" {
			return true
		}
		first, format := fmtValueArgs(sel.Sel.Name)
		var verbs []rune
		if format >= 0 && format < len(call.Args) {
			if lit, ok := call.Args[format].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if f, err := strconv.Unquote(lit.Value); err == nil {
					verbs, _ = formatVerbs(f)
				}
			}
		}
		for i, arg := range call.Args {
			if i == 0 && strings.HasPrefix(sel.Sel.Name, "Fprint") && c.cellWriter(e, arg) {
				// yaegi gives each argument of Fprint* the wrapper of a
				// print interface its type's method names match (String:
				// fmt.Stringer), the writer too, which then is no
				// io.Writer: it goes through an io.Writer first.
				if a, b, in := c.span(arg); in {
					edits = append(edits, edit{a, a, "_yakW("}, edit{b, b, ")"})
				}
				continue
			}
			if i >= first && (sel.Sel.Name != "Errorf" || i-first < len(verbs) && verbs[i-first] != 'w') {
				verb := rune(0) // unknown
				switch {
				case format < 0:
					verb = 'v'
				case i-first < len(verbs):
					verb = verbs[i-first]
				}
				if ed := c.fmtValueEdits(e, arg, verb); ed != nil {
					edits = append(edits, ed...)
					continue
				}
				if verb == 'T' || verb != 'w' && c.fmtHeldArgs(e) {
					if c.isBareInterface(e, c.fmtTypeOf(e, arg, 0)) {
						// yaegi hands a print function a cell value with a
						// String method in an any as its Stringer wrapper,
						// without its type, and one with a method named
						// Format as a fmt.Formatter wrapper: the engine's
						// hook gets yaegi's holder of it, which has its
						// type (fmtvalues.go, fmtheld.go)
						if a, b, in := c.span(arg); in {
							edits = append(edits, edit{a, a, "_yakhook.Held("}, edit{b, b, ")"})
						}
						continue
					}
				}
			}
			if sel.Sel.Name != "Errorf" && c.isCellInterfaceVar(e, arg) {
				if a, b, in := c.span(arg); in {
					edits = append(edits, edit{a, a, "any("}, edit{b, b, ")"})
				}
				continue
			}
			inner, ok := arg.(*ast.CallExpr)
			if !ok || inner.Ellipsis.IsValid() || sel.Sel.Name == "Errorf" && c.isCellError(e, arg) {
				continue // the errorf pass stores a cell error in an error variable
			}
			results := c.cellResults(e, inner)
			if results < 0 || len(call.Args) == 1 && results != 1 {
				continue
			}
			if a, b, in := c.span(arg); in {
				edits = append(edits, edit{a, a, "("}, edit{b, b, ")"})
			}
		}
		return true
	})
	return edits
}

// isBareInterface reports whether t is any, interface{} or error, and not
// a cell type of that name.
func (c *passCtx) isBareInterface(e *Engine, t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.Ident:
		return (t.Name == "any" || t.Name == "error") && c.cellTypeExpr(e, t.Name) == nil
	case *ast.InterfaceType:
		return t.Methods == nil || len(t.Methods.List) == 0
	}
	return false
}

// fmtHeldArgs reports whether a print function's arguments of type any
// or error go to it as yaegi's holders (_yakhook.Held) in this cell.
// yaegi picks the print wrapper of such a value's type by method name, so
// a type with a Format method that is not fmt.Formatter's panics in it
// (time.Time's Format(string) string, promoted through an embedded field,
// or a cell type's own). The holders print as Go does (fmtheld.go), at the
// cost of a call into the interpreter per type; so only where a cell type
// could be such a type: one with a Format of another signature, or a
// struct with an embedded field.
func (c *passCtx) fmtHeldArgs(e *Engine) bool {
	if c.fmtHeld == 0 {
		c.fmtHeld = 1
		if e.defsMayMisformat() {
			c.fmtHeld = 2
		}
		for _, r := range c.roots() {
			if f, ok := r.(*ast.File); ok && mayMisformat(f) {
				c.fmtHeld = 2
			}
		}
	}
	return c.fmtHeld == 2
}

// mayMisformat reports whether f declares a struct type with an embedded
// field or a method Format that is not fmt.Formatter's.
func mayMisformat(f *ast.File) bool {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					if st, ok := ts.Type.(*ast.StructType); ok {
						for _, fl := range st.Fields.List {
							if len(fl.Names) == 0 {
								return true
							}
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv != nil && d.Name.Name == "Format" && funcTypeSig(d.Type) != "(fmt.State, rune) ()" {
				return true
			}
		}
	}
	return false
}

// defsMayMisformat is mayMisformat over the earlier cells' types and
// methods, each declaration parsed once (misformatMemo).
func (e *Engine) defsMayMisformat() bool {
	e.misformatMu.Lock()
	defer e.misformatMu.Unlock()
	if e.misformatMemo == nil {
		e.misformatMemo = map[*def]bool{}
	}
	for _, d := range e.st.defs {
		if d.kind != "type" && d.kind != "method" {
			continue
		}
		may, ok := e.misformatMemo[d]
		if !ok {
			if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0); err == nil {
				may = mayMisformat(f)
			}
			e.misformatMemo[d] = may
		}
		if may {
			return true
		}
	}
	return false
}

// cellResults is the number of results of the cell function or method
// that call calls; -1 when call calls something else (a compiled function,
// a conversion, a builtin, a function value) or the engine cannot tell.
// For a method, every cell method of that name must agree.
func (c *passCtx) cellResults(e *Engine, call *ast.CallExpr) int {
	return c.cellResultsOf(e, call, false)
}

// cellResultsOf is cellResults, counting those of a generic function too
// when generic is true.
func (c *passCtx) cellResultsOf(e *Engine, call *ast.CallExpr, generic bool) int {
	out := -1
	for i, fd := range c.calledCellFuncs(e, call) {
		if fd == nil || fd.Type.TypeParams != nil && !generic {
			return -1
		}
		n := fd.Type.Results.NumFields()
		if i > 0 && n != out {
			return -1
		}
		out = n
	}
	return out
}

// cellResultTypes are the result types of the cell function or method
// that call calls, one per result; false when call calls something else
// or the engine cannot tell (a generic function; methods of that name
// whose results differ).
func (c *passCtx) cellResultTypes(e *Engine, call *ast.CallExpr) ([]ast.Expr, bool) {
	fds := c.calledCellFuncs(e, call)
	var out []ast.Expr
	for i, fd := range fds {
		if fd == nil || fd.Type.TypeParams != nil {
			return nil, false
		}
		var types []ast.Expr
		if fd.Type.Results != nil {
			for _, f := range fd.Type.Results.List {
				for n := max(len(f.Names), 1); n > 0; n-- {
					types = append(types, f.Type)
				}
			}
		}
		if i > 0 && !sameTypes(out, types) {
			return nil, false
		}
		out = types
	}
	return out, len(fds) > 0
}

// calledCellFuncs are the declarations of the cell function that call
// calls, or of every cell method of the name it calls; none when it calls
// something else. A nil entry is a function the engine cannot find.
func (c *passCtx) calledCellFuncs(e *Engine, call *ast.CallExpr) []*ast.FuncDecl {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		if d := c.lookup(f); d != nil {
			if d.fn != nil && d.fn.Recv == nil {
				return []*ast.FuncDecl{d.fn}
			}
			return nil
		}
		if d := e.st.names[f.Name]; d != nil && d.kind != "func" {
			return nil
		}
		for _, r := range c.roots() {
			if file, ok := r.(*ast.File); ok {
				for _, dd := range file.Decls {
					if fd, ok := dd.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == f.Name {
						return []*ast.FuncDecl{fd}
					}
				}
			}
		}
		return []*ast.FuncDecl{e.declaredFunc(f.Name)}
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && c.lookup(x) == nil && e.isPackageName(x.Name) {
			return nil
		}
		var fds []*ast.FuncDecl
		for _, r := range c.roots() {
			ast.Inspect(r, func(n ast.Node) bool {
				if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Name.Name == f.Sel.Name {
					fds = append(fds, fd)
				}
				return true
			})
		}
		for key, d := range e.st.defs {
			if strings.HasSuffix(key, "."+f.Sel.Name) {
				fds = append(fds, parseFuncDecl(d.text))
			}
		}
		return fds
	}
	return nil
}

// sameTypes reports whether two lists of types read the same.
func sameTypes(a, b []ast.Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if exprText(a[i]) != exprText(b[i]) {
			return false
		}
	}
	return true
}

// isCellInterfaceVar reports whether x is a variable whose type is an
// interface type declared in a cell.
func (c *passCtx) isCellInterfaceVar(e *Engine, x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	if d := c.lookup(id); d != nil {
		if d.kind != "var" || d.typ == nil {
			return false
		}
		t, ok := d.typ.(*ast.Ident)
		return ok && c.isCellInterfaceType(e, t.Name)
	}
	v, ok := e.globalValue(id.Name)
	if !ok {
		return false
	}
	// yaegi keeps a variable of an interface type it declared as its own
	// valueInterface struct.
	return v.CanInterface() && isValueInterface(v.Interface())
}

// isCellInterfaceType reports whether the cells declare name as an
// interface type with methods.
func (c *passCtx) isCellInterfaceType(e *Engine, name string) bool {
	var ts *ast.TypeSpec
	for _, r := range c.roots() {
		ast.Inspect(r, func(n ast.Node) bool {
			if s, ok := n.(*ast.TypeSpec); ok && s.Name.Name == name {
				ts = s
			}
			return ts == nil
		})
	}
	if ts == nil {
		d, ok := e.st.defs[name]
		if !ok || d.kind != "type" {
			return false
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0)
		if err != nil {
			return false
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.TypeSpec); ok && s.Name.Name == name {
				ts = s
			}
			return ts == nil
		})
	}
	if ts == nil {
		return false
	}
	it, ok := ts.Type.(*ast.InterfaceType)
	return ok && it.Methods.NumFields() > 0
}

// cellWriter reports whether x has a cell type (or a pointer to one) that
// is not an interface: the writer of an Fprint call.
func (c *passCtx) cellWriter(e *Engine, x ast.Expr) bool {
	t := c.fmtTypeOf(e, x, 0)
	if p, ok := t.(*ast.StarExpr); ok {
		t = p.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	u := c.cellTypeExpr(e, id.Name)
	_, iface := u.(*ast.InterfaceType)
	return u != nil && !iface
}
