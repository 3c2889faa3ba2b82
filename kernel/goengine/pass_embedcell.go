package goengine

import (
	"go/ast"
	"sort"
	"strconv"
	"strings"
)

// The embedfwd pass also forwards the methods of an embedded cell type.
// yaegi promotes them for a call (d.String() of a Dog embedding Animal),
// but not to the type's method set that its interface checks and fmt
// wrappers read: fmt printed a Dog's fields where Go calls Animal's String
// method, `any(d).(fmt.Stringer)` failed, and so did the same for a struct
// embedding *Animal. The struct gets a method of its own for each, as for
// an embedded compiled type:
//
//	type Dog struct{ Animal; Breed string }   =>   ...; func (_yakR Dog) String() string { return _yakR.Animal.String() }
//
// The methods of the embedded type are those the cells declare for it so
// far (this segment's and the earlier cells') and those it is given in
// turn for its own embedded fields; a method that a later cell gives the
// embedded type reaches the struct then (forwardNewMethods), and a later
// cell's method of the struct's own makes it anew without the forwarded
// one (redefine.go, forwardsMethod). As for compiled types, a method named like
// one of the interfaces that fmt, encoding/json and encoding/xml look for
// but with another signature is left out, and so is one that two embedded
// fields promote: Go would take the shallower one, which the forwarded
// method sets, flattened, no longer tell.

// forwardNewMethods: a method that this segment gives a cell type of an
// earlier cell, T, reaches the structs of earlier cells that embed T
// (directly or through other embedded cell types): each gets a method
// calling it, appended after the declaration, as yaegi adds a method to
// a type it made before. Only a segment that declares nothing again does
// this: one that does makes the types that depend on what it changes
// anew (redefine.go), and the embedfwd pass writes their methods then.
// Left out: a struct that declares the method itself, or that had a
// method of that name before.
func (c *passCtx) forwardNewMethods(e *Engine) []edit {
	added := map[string]*ast.FuncDecl{} // method name -> the last declaration
	var last *ast.FuncDecl
	for _, d := range c.s.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		rt := fd.Recv.List[0].Type
		if st, ok := rt.(*ast.StarExpr); ok {
			rt = st.X
		}
		id, ok := rt.(*ast.Ident)
		if !ok {
			continue
		}
		if d, ok := e.st.defs[id.Name]; !ok || d.kind != "type" {
			continue
		}
		added[fd.Name.Name] = fd
		last = fd
	}
	if last == nil {
		return nil
	}
	for _, d := range c.s.file.Decls {
		for k := range declKeys(c.code, c.s, d) {
			if _, seen := e.st.defs[k]; seen || strings.Contains(k, ".") && e.forwardsMethod(k) {
				return nil
			}
		}
	}
	before := &passCtx{e: e} // the earlier cells alone
	var names []string
	for k, d := range e.st.defs {
		if d.kind == "type" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var methods []string
	for _, name := range names {
		u, _ := c.cellType(e, name)
		st, ok := u.(*ast.StructType)
		if !ok {
			continue
		}
		had := map[string]bool{}
		if ou, _ := before.cellType(e, name); ou != nil {
			if ost, ok := ou.(*ast.StructType); ok {
				_, old := before.forwardable(ost)
				for _, f := range old {
					had[f.name] = true
				}
			}
		}
		_, fwd := c.forwardable(st)
		for _, f := range fwd {
			if added[f.name] == nil || had[f.name] || c.declaredMethod(e, name, f.name) != nil {
				continue
			}
			r := "_yakR " + e.internalName(name)
			if f.ptr {
				r = "_yakR *" + e.internalName(name)
			}
			call := "_yakR." + f.field + "." + f.name + "(" + f.args + ")"
			if f.returns {
				call = "return " + call
			}
			methods = append(methods, "func ("+r+") "+f.name+f.sig+" { "+call+" }")
		}
	}
	if len(methods) == 0 {
		return nil
	}
	end := c.s.offset(last.End())
	return []edit{{end, end, "; " + strings.Join(methods, "; ")}}
}

// maxEmbedDepth bounds the chain of embedded cell types followed (and a
// cycle, which Go rejects, does not loop).
const maxEmbedDepth = 8

// cellEmbedded is an embedded field of a cell type and the methods it
// promotes.
type cellEmbedded struct {
	name    string // the field's name: the type's
	methods []cellPromoted
}

// cellPromoted is a method an embedded cell type promotes, ready to
// forward, and whether its name clashes with a wrapper interface's.
type cellPromoted struct {
	forwardedMethod
	clashes bool
}

// cellEmbed is the methods that embedded field type x (T or *T, T a
// non-generic, non-interface cell type) promotes; false for any other x.
func (c *passCtx) cellEmbed(x ast.Expr, depth int) (cellEmbedded, bool) {
	star := false
	if s, ok := x.(*ast.StarExpr); ok {
		x, star = s.X, true
	}
	id, ok := x.(*ast.Ident)
	if !ok || depth >= maxEmbedDepth || strings.HasPrefix(id.Name, "_yak") {
		return cellEmbedded{}, false
	}
	u, local := c.cellType(c.e, id.Name)
	if u == nil || local {
		return cellEmbedded{}, false
	}
	if _, isIface := u.(*ast.InterfaceType); isIface {
		return cellEmbedded{}, false
	}
	ce := cellEmbedded{name: id.Name}
	seen := map[string]bool{}
	for _, fd := range c.methodsOf(id.Name) {
		name := fd.Name.Name
		if seen[name] || strings.HasPrefix(name, "_yak") || fd.Type.TypeParams != nil {
			continue
		}
		seen[name] = true
		_, ptrRecv := fd.Recv.List[0].Type.(*ast.StarExpr)
		sig, args, returns := astSignature(fd.Type)
		m := forwardedMethod{promotedMethod: promotedMethod{name: name, ptr: ptrRecv && !star}, sig: sig, args: args, returns: returns}
		ce.methods = append(ce.methods, cellPromoted{m, wrapperClash(name, fd.Type)})
	}
	if st, ok := u.(*ast.StructType); ok {
		_, inner := c.forwardableAt(st, depth+1)
		for _, m := range inner {
			if seen[m.name] {
				continue // the type's own method hides the promoted one
			}
			seen[m.name] = true
			m.ptr = m.ptr && !star
			m.field = ""
			ce.methods = append(ce.methods, cellPromoted{m, false})
		}
	}
	return ce, true
}

// methodsOf lists the methods declared for cell type name, this segment's
// first, then the earlier cells' not declared again.
func (c *passCtx) methodsOf(name string) []*ast.FuncDecl {
	var out []*ast.FuncDecl
	mine := map[string]bool{}
	add := func(fd *ast.FuncDecl, fromCell bool) {
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 {
			return
		}
		rt := fd.Recv.List[0].Type
		if s, ok := rt.(*ast.StarExpr); ok {
			rt = s.X
		}
		if id, ok := rt.(*ast.Ident); !ok || id.Name != name {
			return
		}
		if fromCell {
			mine[fd.Name.Name] = true
		} else if mine[fd.Name.Name] {
			return
		}
		out = append(out, fd)
	}
	for _, r := range c.roots() {
		if f, ok := r.(*ast.File); ok {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					add(fd, true)
				}
			}
		}
	}
	prefix := name + "."
	for k, d := range c.e.st.defs {
		if d.kind == "method" && strings.HasPrefix(k, prefix) {
			add(parseFuncDecl(d.text), false)
		}
	}
	return out
}

// astSignature writes method type ft as the embedfwd pass writes a
// forwarded method's ("(_yakP0 int, _yakP1 ...string) (int, error)"), the
// arguments that pass its parameters on, and whether it has results.
func astSignature(ft *ast.FuncType) (sig, args string, returns bool) {
	var params, pass []string
	if ft.Params != nil {
		for _, f := range ft.Params.List {
			for range max(1, len(f.Names)) {
				p := "_yakP" + strconv.Itoa(len(params))
				t, dots := f.Type, ""
				if el, isDots := t.(*ast.Ellipsis); isDots {
					t, dots = el.Elt, "..."
				}
				params = append(params, p+" "+dots+exprText(t))
				pass = append(pass, p+dots)
			}
		}
	}
	var results []string
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			for range max(1, len(f.Names)) {
				results = append(results, exprText(f.Type))
			}
		}
	}
	return joinSignature(params, results), strings.Join(pass, ", "), len(results) > 0
}

// wrapperClash is clashesWithWrapper for a method a cell declares: named
// like a method of fmt's, encoding/json's or encoding/xml's interfaces
// that yaegi looks for, with another signature (as Go writes it).
func wrapperClash(name string, ft *ast.FuncType) bool {
	w, ok := wrapperMethods[name]
	if !ok {
		return false
	}
	sig, _, _ := astSignature(ft)
	want := strings.NewReplacer("int32", "rune", "uint8", "byte").Replace(w.String()[len("func"):])
	got := strings.NewReplacer("int32", "rune", "uint8", "byte").Replace(stripParamNames(sig))
	return got != want
}

// stripParamNames drops the _yakPn names from a written signature.
func stripParamNames(sig string) string {
	var b strings.Builder
	for i := 0; i < len(sig); {
		if strings.HasPrefix(sig[i:], "_yakP") {
			i += len("_yakP")
			for i < len(sig) && sig[i] >= '0' && sig[i] <= '9' {
				i++
			}
			if i < len(sig) && sig[i] == ' ' {
				i++
			}
			continue
		}
		b.WriteByte(sig[i])
		i++
	}
	return b.String()
}
