package goengine

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// embedFwdPass: yaegi builds a cell's struct type with reflect, which does
// not promote the methods of an embedded compiled type to it, so the
// struct does not implement the interfaces they make (`type Counter
// struct{ sync.Mutex }`: *Counter is not a sync.Locker; a struct
// embedding *bytes.Buffer or strings.Builder is not an io.Writer, and
// `var s fmt.Stringer = Event{...}` of a struct embedding time.Time
// panics), and a struct that embeds a compiled interface and has methods
// of its own (`type reverse struct{ sort.Interface }` with `Less`) panics
// when it is made ("StructOf does not support methods of embedded
// interfaces"). The struct gets a method of its own for each promoted
// method, which calls the embedded value's; an embedded interface
// becomes a field of the same name:
//
//	type reverse struct{ sort.Interface }   =>   type reverse struct{ Interface sort.Interface }; func (_yakR reverse) Len() int { return _yakR.Interface.Len() }; ...
//
// Left out: a method the struct declares itself (in any cell so far) or
// that two embedded fields promote, a method whose signature has a type
// the cell cannot write (a package it did not import), and a method named
// like one of the interfaces that fmt, encoding/json and encoding/xml
// look for but with another signature (time.Time's Format(string)
// string): yaegi matches those interfaces by method name and would hand
// the value to fmt as a fmt.Formatter.
func embedFwdPass(e *Engine, c *passCtx) []edit {
	if c.s.kind != segDecl || c.s.file == nil {
		return nil
	}
	edits := c.forwardNewMethods(e)
	for _, d := range c.s.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Lparen.IsValid() {
			continue
		}
		for _, sp := range g.Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok || ts.TypeParams != nil {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			if _, _, in := c.span(g); !in {
				continue
			}
			edits = append(edits, c.forwardEmbedded(e, g, ts, st)...)
		}
	}
	return edits
}

// embedded is a field of a struct that embeds a compiled type.
type embedded struct {
	field *ast.Field
	name  string       // the field's name: the type's
	rt    reflect.Type // the embedded type (a pointer for *T)
}

// forwardEmbedded is the edits for struct type ts.
func (c *passCtx) forwardEmbedded(e *Engine, g *ast.GenDecl, ts *ast.TypeSpec, st *ast.StructType) []edit {
	kept, fwd := c.forwardable(st)
	var out []edit
	for _, em := range kept {
		if em.rt.Kind() == reflect.Interface {
			// An embedded interface becomes a field of its name.
			p := c.s.offset(em.field.Type.Pos())
			out = append(out, edit{p, p, em.name + " "})
		}
	}
	recv := c.text(ts.Name)
	var methods []string
	for _, f := range fwd {
		if c.declaredMethod(e, ts.Name.Name, f.name) != nil || e.st.declaring[ts.Name.Name+"."+f.name] {
			continue
		}
		r := "_yakR " + recv
		if f.ptr {
			r = "_yakR *" + recv
		}
		call := "_yakR." + f.field + "." + f.name + "(" + f.args + ")"
		if f.returns {
			call = "return " + call
		}
		methods = append(methods, "func ("+r+") "+f.name+f.sig+" { "+call+" }")
	}
	if len(methods) > 0 {
		end := c.s.offset(g.End())
		out = append(out, edit{end, end, "; " + strings.Join(methods, "; ")})
	}
	return out
}

// forwardedMethod is a method the embedfwd pass may write: a promoted
// method, the embedded field that has it, and its signature and arguments
// as Go.
type forwardedMethod struct {
	promotedMethod
	field, sig, args string
	returns          bool // the method has results
}

// forwardable is what the embedfwd pass gives struct st before the methods
// the cells declare are taken out: the embedded compiled types it keeps
// (an embedded interface with a method the cell cannot write is left to
// yaegi whole, the struct could not have all its methods), and the
// methods they promote that no field is named like, that one embedded
// field alone promotes, that clash with no wrapper interface and whose
// signature the cell can write. forwardEmbedded writes them; the fmt
// passes and redefinition ask about them through forwardedDecl and
// forwardsMethod.
func (c *passCtx) forwardable(st *ast.StructType) ([]embedded, []forwardedMethod) {
	return c.forwardableAt(st, 0)
}

// forwardableAt is forwardable for a struct embedded depth levels down in
// the one the pass writes methods for.
func (c *passCtx) forwardableAt(st *ast.StructType, depth int) ([]embedded, []forwardedMethod) {
	var embeds []embedded
	var cells []cellEmbedded
	own := map[string]bool{} // field names
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			own[n.Name] = true
		}
		if len(f.Names) > 0 {
			continue
		}
		if rt, name := c.compiledEmbed(f.Type); rt != nil {
			embeds = append(embeds, embedded{f, name, rt})
			own[name] = true
		} else if name := embedName(f.Type); name != "" {
			own[name] = true
			if ce, ok := c.cellEmbed(f.Type, depth); ok {
				cells = append(cells, ce)
			}
		}
	}
	// promoted counts the embedded fields that promote each method name.
	promoted := map[string]int{}
	for _, em := range embeds {
		for _, m := range methodSet(em.rt) {
			promoted[m.name]++
		}
	}
	for _, ce := range cells {
		for _, m := range ce.methods {
			promoted[m.name]++
		}
	}
	var kept []embedded
	var fwd []forwardedMethod
	for _, em := range embeds {
		if em.rt.Kind() == reflect.Interface && !c.allWritable(em.rt, own) {
			continue
		}
		kept = append(kept, em)
		for _, m := range methodSet(em.rt) {
			if own[m.name] || promoted[m.name] > 1 || clashesWithWrapper(m.name, m.typ) {
				continue
			}
			if sig, args, ok := c.writeSignature(m.typ); ok {
				fwd = append(fwd, forwardedMethod{m, em.name, sig, args, m.typ.NumOut() > 0})
			}
		}
	}
	for _, ce := range cells {
		for _, m := range ce.methods {
			if !own[m.name] && promoted[m.name] == 1 && !m.clashes {
				m.field = c.e.internalName(ce.name)
				fwd = append(fwd, m.forwardedMethod)
			}
		}
	}
	return kept, fwd
}

// compiledEmbed is the type of an embedded field that names a compiled
// type (pkg.T, *pkg.T, error), and the field's name; nil otherwise.
func (c *passCtx) compiledEmbed(x ast.Expr) (reflect.Type, string) {
	ptr := false
	if s, ok := x.(*ast.StarExpr); ok {
		x, ptr = s.X, true
	}
	var rt reflect.Type
	var name string
	switch x := x.(type) {
	case *ast.Ident:
		if x.Name != "error" || c.e.st.names["error"] != nil {
			return nil, ""
		}
		rt, name = reflect.TypeFor[error](), "error"
	case *ast.SelectorExpr:
		v, ok := c.e.symbol(x)
		if !ok || v.Kind() != reflect.Pointer || !v.IsNil() {
			return nil, ""
		}
		rt, name = v.Type().Elem(), x.Sel.Name
	default:
		return nil, ""
	}
	if ptr {
		if rt.Kind() == reflect.Interface {
			return nil, ""
		}
		rt = reflect.PointerTo(rt)
	}
	return rt, name
}

// embedName is the name of an embedded field of type x.
func embedName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.StarExpr:
		return embedName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return embedName(x.X)
	}
	return ""
}

// promotedMethod is a method that an embedded type gives the struct: its
// type without the receiver, and whether only the struct's pointer has it.
type promotedMethod struct {
	name string
	typ  reflect.Type
	ptr  bool
}

// methodSet lists the exported methods that embedding rt promotes: an
// interface's, a pointer's (to the struct and its pointer), or a value
// type's (its value methods to both, its pointer methods to the struct's
// pointer).
func methodSet(rt reflect.Type) []promotedMethod {
	var out []promotedMethod
	if rt.Kind() == reflect.Interface {
		for i := 0; i < rt.NumMethod(); i++ {
			m := rt.Method(i)
			out = append(out, promotedMethod{m.Name, m.Type, false})
		}
		return out
	}
	value := map[string]bool{}
	if rt.Kind() != reflect.Pointer {
		for i := 0; i < rt.NumMethod(); i++ {
			value[rt.Method(i).Name] = true
		}
	}
	pt := rt
	if rt.Kind() != reflect.Pointer {
		pt = reflect.PointerTo(rt)
	}
	for i := 0; i < pt.NumMethod(); i++ {
		m := pt.Method(i)
		if !m.IsExported() {
			continue
		}
		out = append(out, promotedMethod{m.Name, dropReceiver(m.Type), rt.Kind() != reflect.Pointer && !value[m.Name]})
	}
	return out
}

// dropReceiver is a method's type without its receiver parameter.
func dropReceiver(t reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	out := make([]reflect.Type, 0, t.NumOut())
	for i := 0; i < t.NumOut(); i++ {
		out = append(out, t.Out(i))
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

// wrapperMethods are the methods of the interfaces that yak's MapTypes
// (kernel/stdlib/maptypes.go) give fmt, encoding/json and encoding/xml,
// by name.
var wrapperMethods = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, it := range []reflect.Type{reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[fmt.Stringer](), reflect.TypeFor[fmt.Scanner](),
		reflect.TypeFor[json.Marshaler](), reflect.TypeFor[json.Unmarshaler](), reflect.TypeFor[encoding.TextMarshaler](),
		reflect.TypeFor[encoding.TextUnmarshaler](), reflect.TypeFor[xml.Marshaler](), reflect.TypeFor[xml.Unmarshaler]()} {
		for i := 0; i < it.NumMethod(); i++ {
			m[it.Method(i).Name] = it.Method(i).Type
		}
	}
	return m
}()

// clashesWithWrapper reports a method named like one of wrapperMethods
// with another signature.
func clashesWithWrapper(name string, t reflect.Type) bool {
	w, ok := wrapperMethods[name]
	return ok && w != t
}

// writeSignature writes method type t as Go ("(p0 int, p1 ...string)
// (int, error)") and the arguments that pass its parameters on ("p0,
// p1..."); false when a type cannot be written in the cell.
func (c *passCtx) writeSignature(t reflect.Type) (string, string, bool) {
	var params, args, results []string
	for i := 0; i < t.NumIn(); i++ {
		pt := t.In(i)
		dots := ""
		if t.IsVariadic() && i == t.NumIn()-1 {
			pt, dots = pt.Elem(), "..."
		}
		gt := writableType(pt)
		if gt == nil || !c.writable(gt) || !c.namesImported(pt) {
			return "", "", false
		}
		p := fmt.Sprintf("_yakP%d", i)
		params = append(params, p+" "+dots+gt.String())
		args = append(args, p+dots)
	}
	for i := 0; i < t.NumOut(); i++ {
		gt := writableType(t.Out(i))
		if gt == nil || !c.writable(gt) || !c.namesImported(t.Out(i)) {
			return "", "", false
		}
		results = append(results, gt.String())
	}
	return joinSignature(params, results), strings.Join(args, ", "), true
}

// joinSignature writes a function signature from its parameters and
// result types: "(p0 int) (int, error)".
func joinSignature(params, results []string) string {
	sig := "(" + strings.Join(params, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		sig += " " + results[0]
	default:
		sig += " (" + strings.Join(results, ", ") + ")"
	}
	return sig
}

// writableType is fromReflect's, with the empty interface written as any
// (log.Logger's Println(v ...any)).
func writableType(t reflect.Type) *goType {
	if t.Kind() == reflect.Interface && t.NumMethod() == 0 && t.Name() == "" {
		return &goType{expr: ast.NewIdent("any"), rt: t}
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Interface && t.Elem().NumMethod() == 0 && t.Elem().Name() == "" {
		return &goType{expr: &ast.ArrayType{Elt: ast.NewIdent("any")}, rt: t}
	}
	return fromReflect(t)
}

// forwardedDecl is the declaration (without body) of method m that the
// embedfwd pass gives cell struct type name, nil if none.
func (c *passCtx) forwardedDecl(e *Engine, name, m string) *ast.FuncDecl {
	if c.declaredMethod(e, name, m) != nil {
		return nil
	}
	for _, f := range c.forwardedOf(e, name) {
		if f.name == m {
			star := ""
			if f.ptr {
				star = "*"
			}
			return parseFuncDecl("func (_yakR " + star + name + ") " + m + "() {}")
		}
	}
	return nil
}

// forwardedOf is forwardable's methods for cell type name (none unless it
// is a struct), worked out once per segment: the fmt passes ask about
// several methods of every type they print, and a struct embedding
// time.Time has some fifty to write signatures for.
func (c *passCtx) forwardedOf(e *Engine, name string) []forwardedMethod {
	if fwd, ok := c.forwarded[name]; ok {
		return fwd
	}
	var fwd []forwardedMethod
	if u, _ := c.cellType(e, name); u != nil {
		if st, ok := u.(*ast.StructType); ok {
			_, fwd = c.forwardable(st)
		}
	}
	if c.forwarded == nil {
		c.forwarded = map[string][]forwardedMethod{}
	}
	c.forwarded[name] = fwd
	return fwd
}

// embedsCompiled reports whether cell struct type name embeds a compiled
// type.
func (c *passCtx) embedsCompiled(e *Engine, name string) bool {
	u, _ := c.cellType(e, name)
	st, ok := u.(*ast.StructType)
	if !ok {
		return false
	}
	for _, f := range st.Fields.List {
		if rt, _ := c.compiledEmbed(f.Type); len(f.Names) == 0 && rt != nil {
			return true
		}
	}
	return false
}

// forwardsMethod reports whether the embedfwd pass gave the type of method
// key ("T.M", of an earlier cell) a method M.
func (e *Engine) forwardsMethod(key string) bool {
	t, m, ok := strings.Cut(key, ".")
	d, found := e.st.defs[t]
	if !ok || !found || d.kind != "type" {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0)
	if err != nil {
		return false
	}
	c := &passCtx{e: e}
	found = false
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if found || !ok || ts.Name.Name != t {
			return !found
		}
		if st, ok := ts.Type.(*ast.StructType); ok {
			_, fwd := c.forwardable(st)
			for _, fm := range fwd {
				found = found || fm.name == m
			}
		}
		return false
	})
	return found
}

// allWritable reports whether every method of interface rt that the
// struct does not declare itself can be written in the cell.
func (c *passCtx) allWritable(rt reflect.Type, own map[string]bool) bool {
	for _, m := range methodSet(rt) {
		if _, _, ok := c.writeSignature(m.typ); !ok && !own[m.name] {
			return false
		}
	}
	return true
}

// namesImported reports whether every named type in t is exported and of
// the package that the cells imported under its package's name (not
// math/big's unexported nat, not crypto/rand where math/rand's is meant).
func (c *passCtx) namesImported(t reflect.Type) bool {
	if t.Name() != "" && t.PkgPath() != "" {
		if !token.IsExported(t.Name()) || c.e.st.imports[pathName(t.PkgPath())] != t.PkgPath() {
			return false
		}
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return c.namesImported(t.Elem())
	case reflect.Map:
		return c.namesImported(t.Key()) && c.namesImported(t.Elem())
	}
	return true
}
