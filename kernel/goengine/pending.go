package goengine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Declarations in any order. Go accepts a package's declarations in any
// order; cells come one at a time. A declaration (func, method, type,
// var, const) that uses a name no cell has declared yet does not fail its
// cell: it waits, pending, and is compiled when a later cell declares what
// it needs. %who lists the pending declarations with the name each waits
// for; a cell that uses a pending name fails with that explanation, and a
// declaration that uses one waits for it in turn.
//
// When a declaration segment fails to compile for a missing name, the
// declarations of the segment that use it (directly or through another
// one of the segment) are taken out (blanked, so positions stay) and the
// rest compiled again.

// pendingDecl is a declaration waiting for a name.
type pendingDecl struct {
	names   []string // what it declares
	text    string   // its source
	missing string   // the first name it uses that nothing declares
}

// yaegi reports a name that nothing declares as "undefined: x" and, in
// a composite literal of a var declaration, "incomplete type x"; a case of
// a type switch that names no declared type is "x is not a type".
var (
	undefinedRE = regexp.MustCompile(`(?:undefined(?: type| selector)?:?|incomplete type) ([A-Za-z_][A-Za-z0-9_]*)`)
	notTypeRE   = regexp.MustCompile(`: ([A-Za-z_][A-Za-z0-9_]*) is not a type`)
	// a value of a cell type given to an interface whose methods a later
	// cell declares
	notImplementRE = regexp.MustCompile(`\*?main\.([A-Za-z_][A-Za-z0-9_]*) does not implement [A-Za-z_][A-Za-z0-9_.]* \(missing ([A-Za-z_][A-Za-z0-9_]*) method\)`)
	cannotUseRE    = regexp.MustCompile(`cannot use type \*?main\.([A-Za-z_][A-Za-z0-9_]*) as type ([A-Za-z_][A-Za-z0-9_.]*)`)
	// [max]int before a cell declares const max: yaegi takes the
	// builtin function
	// the same for a value that a return statement converts: yaegi names
	// neither type
	anonCannotUseRE = regexp.MustCompile(`cannot use .*\(type [a-z]+T\) as type (interfaceT|errorT)`)
	nonConstBoundRE = regexp.MustCompile(`non-constant array bound "?([A-Za-z_][A-Za-z0-9_]*)"?`)
)

// evalDeclsPending evaluates a declaration segment, setting aside the
// declarations that wait for a missing name. It returns the code and
// segment that were compiled in the end (for the engine's records).
func (e *Engine) evalDeclsPending(ctx context.Context, code string, s *segment) (string, *segment, error) {
	code, s, err := e.evalDeclsPending1(ctx, code, s)
	if len(e.st.broken) > 0 {
		e.remakeBroken(ctx)
	}
	return code, s, err
}

func (e *Engine) evalDeclsPending1(ctx context.Context, code string, s *segment) (string, *segment, error) {
	for attempt := 0; ; attempt++ {
		// A declaration that uses a pending name waits for it before
		// yaegi sees it: yaegi would compile it against the broken
		// declaration it left of the pending one (a variable that stays
		// zero, a nil function) and keep that binding after the pending
		// one is compiled.
		missing := e.pendingRef(s)
		var err error
		if missing == "" || attempt > 8 {
			err = e.evalDecls(ctx, code, s)
			if errName(err) == "CompileError" {
				e.markBroken(s)
			}
			if err == nil || errName(err) != "CompileError" || attempt > 8 {
				return code, s, err
			}
			missing = e.missingName(code, s, err)
			if missing == "" {
				return code, s, err
			}
		}
		// The declarations that use it, directly or through each other.
		uses := map[ast.Decl]bool{}
		keys := map[string]bool{missing: true}
		for grew := true; grew; {
			grew = false
			for _, d := range s.file.Decls {
				if uses[d] {
					continue
				}
				for k, def := range declKeys(code, s, d) {
					var r map[string]bool
					if def != nil {
						r = def.refs
					} else {
						r = refs(d)
					}
					for name := range keys {
						if r[name] || strings.HasPrefix(k, name+".") {
							uses[d] = true
						}
					}
				}
				if uses[d] {
					grew = true
					for _, n := range declNames(d) {
						keys[n] = true
					}
				}
			}
		}
		if strings.HasPrefix(missing, ".") {
			// A method: which declaration calls it is not known by name.
			for _, d := range s.file.Decls {
				uses[d] = true
			}
		}
		if len(uses) == 0 {
			// The missing name is reached through a declaration that
			// waits (yaegi compiles what a pending type uses): the
			// declarations that use a pending name wait too.
			for _, d := range s.file.Decls {
				for _, r := range []map[string]bool{refs(d)} {
					for n := range r {
						if e.st.pendingName(n) != nil {
							uses[d] = true
						}
					}
				}
			}
		}
		if len(uses) == 0 {
			return code, s, err
		}

		b := []byte(code)
		for _, d := range s.file.Decls {
			if !uses[d] {
				continue
			}
			a, z := s.offset(d.Pos()), s.offset(d.End())
			if g, ok := d.(*ast.GenDecl); ok && g.Doc != nil {
				a = s.offset(g.Doc.Pos())
			}
			if f, ok := d.(*ast.FuncDecl); ok && f.Doc != nil {
				a = s.offset(f.Doc.Pos())
			}
			text := code[a:z]
			names := declNames(d)
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv != nil && len(f.Recv.List) == 1 {
				names = []string{recvName(f.Recv.List[0].Type) + "." + f.Name.Name}
			}
			e.st.pending = append(e.st.pending, pendingDecl{names: names, text: text, missing: missing})
			why := "which no cell has declared yet; it is compiled when a cell declares it"
			if e.st.pendingName(missing) != nil {
				why = "which waits itself; it is compiled after it"
			}
			fmt.Fprintf(errWriter{e}, "yak: %s waits for %s, %s\n", strings.Join(names, ", "), shownName(missing), why)
			for i := a; i < z; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
		code = string(b)
		segs := []segment{{kind: segDecl, start: s.start, end: s.end}}
		if _, errs := parse(code, segs); len(errs) > 0 {
			return code, s, err
		}
		s = &segs[0]
		if len(s.file.Decls) == 0 {
			return code, s, nil
		}
	}
}

// pendingRef is a name that a declaration of s must wait for before yaegi
// sees it, "" when there is none: a pending declaration's name that s uses
// and does not declare itself, or a name no cell declares yet that a
// generic initializer uses (genericCallLacks).
func (e *Engine) pendingRef(s *segment) string {
	var found []string
	for _, d := range s.file.Decls {
		for r := range refs(d) {
			if !segmentDeclares(s, r) && e.st.pendingName(r) != nil {
				found = append(found, r)
			}
		}
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			v := sp.(*ast.ValueSpec)
			if v.Type != nil || len(v.Values) != 1 {
				continue
			}
			if n := e.genericCallLacks(s, v.Values[0]); n != "" {
				found = append(found, n)
			}
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return found[0]
}

// genericCallLacks is a name that no cell declares yet and that x, an
// initializer which calls a generic function (of a cell or of slices,
// maps...), uses; "" when there is none. yaegi crashes on such an
// initializer ("nil reflect type") before it reports the name undefined,
// so the declaration must wait before yaegi sees it. When it is compiled
// later, the define pass can write the variable's type.
func (e *Engine) genericCallLacks(s *segment, x ast.Expr) string {
	c := &passCtx{s: s, e: e}
	if !c.callsGeneric(x) {
		return ""
	}
	var lack string
	names(x, func(id *ast.Ident) {
		n := id.Name
		if lack != "" || isBuiltin(n) || n == "_" || e.isDeclared(n) || segmentDeclares(s, n) || c.lookup(id) != nil || e.isPackageName(n) {
			return
		}
		lack = n
	})
	return lack
}

// callsGeneric reports whether x calls a generic function: one of a cell,
// of a source package (slices, maps...), or one given type arguments.
func (c *passCtx) callsGeneric(x ast.Expr) bool {
	generic := false
	ast.Inspect(x, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || generic {
			return !generic
		}
		switch f := call.Fun.(type) {
		case *ast.Ident:
			generic = c.genericDecl(f) != nil
		case *ast.SelectorExpr:
			generic = c.sourceGeneric(call)
		case *ast.IndexExpr, *ast.IndexListExpr:
			generic = true
		}
		return !generic
	})
	return generic
}

// missingName is the name that a failed compile of s lacks and that no
// cell declares, "" when the error is of another kind.
func (e *Engine) missingName(code string, s *segment, err error) string {
	n := e.missingName1(code, s, err)
	if n != "" && e.isPackageName(n) && usesQualified(s, n) {
		return "" // a package used without an import (or a member it lacks): an error
	}
	if n == "" {
		// yaegi's message may name nothing ("incomplete type ", for a
		// method of a type that waits): a name that waits is missing.
		for _, d := range s.file.Decls {
			for r := range refs(d) {
				if !segmentDeclares(s, r) && e.st.pendingName(r) != nil {
					return r
				}
			}
		}
	}
	return n
}

// lackedMethod is the method (".M", as missingName1 names a method) of
// interface iface that no cell has declared for type typ yet, "" when it has them all or iface is not an
// interface the engine can read (a cell's, or a compiled one).
func (e *Engine) lackedMethod(s *segment, typ, iface string) string {
	var methods []string
	if iface == "error" {
		methods = []string{"Error"} // the type's Error method in a later cell
	} else if name, ok := strings.CutPrefix(iface, "main."); ok {
		c := &passCtx{s: s, e: e}
		it, ok := c.cellTypeExpr(e, name).(*ast.InterfaceType)
		if !ok {
			return ""
		}
		for _, f := range it.Methods.List {
			for _, n := range f.Names {
				methods = append(methods, n.Name)
			}
		}
	} else if pkg, name, ok := strings.Cut(iface, "."); ok {
		for key, syms := range e.syms {
			if !strings.HasSuffix(key, "/"+pkg) {
				continue
			}
			if v, ok := syms[name]; ok && v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Interface {
				t := v.Type().Elem()
				for i := 0; i < t.NumMethod(); i++ {
					methods = append(methods, t.Method(i).Name)
				}
			}
		}
	}
	for _, m := range methods {
		if _, ok := e.st.defs[typ+"."+m]; !ok {
			return "." + m
		}
	}
	return ""
}

// lackedMethodOfLiteral is lackedMethod for the types of the composite
// literals of s (&T{}) and the interfaces s names (or error, toError), in
// the order of the source: yaegi's message names neither.
func (e *Engine) lackedMethodOfLiteral(s *segment, toError bool) string {
	var lits, idents []string
	ast.Inspect(s.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if id, ok := n.Type.(*ast.Ident); ok {
				lits = append(lits, id.Name)
			}
		case *ast.Ident:
			idents = append(idents, n.Name)
		}
		return true
	})
	for _, t := range lits {
		if toError {
			if m := e.lackedMethod(s, t, "error"); m != "" {
				return m
			}
			continue
		}
		for _, i := range idents {
			if i != t {
				if m := e.lackedMethod(s, t, "main."+i); m != "" {
					return m
				}
			}
		}
	}
	return ""
}

// usesQualified reports whether segment s uses n as a package (n.X): a
// name that only a call or a value uses (log(1, s), with func log in a
// later cell) is a declaration to wait for, whatever package has its name.
func usesQualified(s *segment, n string) bool {
	found := false
	ast.Inspect(s.file, func(x ast.Node) bool {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == n {
				found = true
			}
		}
		return !found
	})
	return found
}

// isPackageName reports whether a package of the symbol tables has the
// name n.
func (e *Engine) isPackageName(n string) bool {
	if _, ok := sourcePackages[n]; ok {
		return true
	}
	for key := range e.syms {
		if strings.HasSuffix(key, "/"+n) {
			return true
		}
	}
	return false
}

func (e *Engine) missingName1(code string, s *segment, err error) string {
	msg := err.Error()
	m := undefinedRE.FindStringSubmatch(msg)
	if loc := undefinedRE.FindStringIndex(msg); loc != nil && loc[1] < len(msg) && strings.ContainsAny(msg[loc[1]:loc[1]+1], "./") {
		return "" // a qualified name (a package path): not one a cell declares
	}
	if c := cannotUseRE.FindStringSubmatch(msg); c != nil {
		return e.lackedMethod(s, c[1], c[2])
	}
	if c := anonCannotUseRE.FindStringSubmatch(msg); c != nil {
		return e.lackedMethodOfLiteral(s, c[1] == "errorT")
	}
	if c := nonConstBoundRE.FindStringSubmatch(msg); c != nil {
		// A builtin's name as an array's length can only mean a
		// constant that a later cell declares: it waits for it as for
		// an undefined name.
		if n := c[1]; isBuiltin(n) && !e.isDeclared(n) && !segmentDeclares(s, n) {
			return n
		}
		return ""
	}
	if c := notImplementRE.FindStringSubmatch(msg); c != nil {
		if _, ok := e.st.defs[c[1]+"."+c[2]]; !ok {
			return "." + c[2]
		}
		return ""
	}
	if m == nil {
		m = notTypeRE.FindStringSubmatch(msg)
	}
	if m == nil && !strings.Contains(msg, "definition loop") {
		return ""
	}
	if m != nil && strings.Contains(m[0], "selector") && !e.isPackageName(m[1]) {
		// A method (or field) that a later cell may declare.
		if n := "." + m[1]; !e.isDeclared(n) {
			return n
		}
		return ""
	}
	// The names the segment uses that nothing declares: yaegi's message
	// names one of them ("undefined: x"), or none ("constant definition
	// loop" for a declaration that uses an undefined type or function).
	missing := e.undeclaredNames(s)
	if len(missing) == 0 {
		return ""
	}
	if m != nil {
		for _, n := range missing {
			if n == m[1] {
				return n
			}
		}
	}
	return missing[0]
}

// undeclaredNames are the names that the declarations of s use and that
// neither a cell, the segment, a scope inside it, nor the builtins declare.
func (e *Engine) undeclaredNames(s *segment) []string {
	c := &passCtx{s: s, e: e}
	var missing []string
	for _, d := range s.file.Decls {
		names(d, func(id *ast.Ident) {
			n := id.Name
			if isBuiltin(n) || n == "_" || strings.HasPrefix(n, "_yak") || e.isDeclared(n) || segmentDeclares(s, n) || c.lookup(id) != nil || typeParam(s.file, n) {
				return
			}
			missing = append(missing, n)
		})
	}
	return missing
}

func (e *Engine) isDeclared(n string) bool {
	if strings.HasPrefix(n, ".") { // a method: see missingName1
		for k := range e.st.defs {
			if strings.HasSuffix(k, n) {
				return true
			}
		}
		return false
	}
	if _, ok := e.st.names[n]; ok {
		return true
	}
	_, ok := e.st.imports[n]
	return ok
}

func segmentDeclares(s *segment, n string) bool {
	for _, d := range s.file.Decls {
		for _, k := range declNames(d) {
			if k == n {
				return true
			}
		}
	}
	return false
}

// typeParam reports whether n is a type parameter or receiver name in f.
func typeParam(f *ast.File, n string) bool {
	found := false
	ast.Inspect(f, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				for _, fl := range x.Recv.List {
					for _, id := range fl.Names {
						found = found || id.Name == n
					}
					// func (l *List[T]) ...: T is the receiver's type parameter.
					ast.Inspect(fl.Type, func(y ast.Node) bool {
						if ix, ok := y.(*ast.IndexExpr); ok {
							if id, ok := ix.Index.(*ast.Ident); ok && id.Name == n {
								found = true
							}
						}
						if ix, ok := y.(*ast.IndexListExpr); ok {
							for _, i := range ix.Indices {
								if id, ok := i.(*ast.Ident); ok && id.Name == n {
									found = true
								}
							}
						}
						return true
					})
				}
			}
			if x.Type.TypeParams != nil {
				for _, fl := range x.Type.TypeParams.List {
					for _, id := range fl.Names {
						found = found || id.Name == n
					}
				}
			}
		case *ast.TypeSpec:
			if x.TypeParams != nil {
				for _, fl := range x.TypeParams.List {
					for _, id := range fl.Names {
						found = found || id.Name == n
					}
				}
			}
		}
		return !found
	})
	return found
}

// pendingName is the pending declaration that declares n.
func (st *state) pendingName(n string) *pendingDecl {
	for i := range st.pending {
		for _, k := range st.pending[i].names {
			if k == n {
				return &st.pending[i]
			}
		}
	}
	return nil
}

// retryPending compiles the pending declarations whose missing name now
// exists, until no more can be.
func (e *Engine) retryPending(ctx context.Context) {
	triedCycle := false
	tried := map[string]bool{}
	for progress := true; progress && len(e.st.pending) > 0; {
		progress = false
		for i := 0; i < len(e.st.pending); i++ {
			p := e.st.pending[i]
			if !e.isDeclared(p.missing) || e.st.pendingName(p.missing) != nil {
				continue
			}
			// Compiled again, a declaration may wait once more for a name
			// that exists (a method by its name alone): once is enough.
			key := strings.Join(p.names, ",") + "\x00" + p.missing
			if tried[key] {
				continue
			}
			tried[key] = true
			// It may use another pending name besides the one it waited
			// for: compiled now, it would bind the broken declaration that
			// yaegi left of it (and call that one ever after).
			if n := e.st.pendingUse(p); n != "" {
				e.st.pending[i].missing = n
				continue
			}
			e.st.pending = append(e.st.pending[:i:i], e.st.pending[i+1:]...)
			before, kept := len(e.st.pending), e.compiled.kept
			_, err := e.run(ctx, p.text)
			switch {
			case err != nil && errName(err) == "CompileError" && e.st.keeps(p.names) && e.builder() != nil && !e.forceInterp:
				// Compiled programs keep it (the latest declaration of
				// each name): Go says, at main(), whether it compiles.
				fmt.Fprintf(errWriter{e}, "yak: %s (waiting for %s) does not compile in the interpreter: %s; a compiled main() has it, as written\n", strings.Join(p.names, ", "), shownName(p.missing), errMessage(err))
			case err != nil:
				fmt.Fprintf(errWriter{e}, "yak: %s (waiting for %s) does not compile: %s\n", strings.Join(p.names, ", "), shownName(p.missing), errMessage(err))
			case e.compiled.kept > kept:
				fmt.Fprintf(errWriter{e}, "yak: %s (it was waiting for %s) is kept for compiled runs of main() only\n", strings.Join(p.names, ", "), shownName(p.missing))
			case len(e.st.pending) == before:
				fmt.Fprintf(errWriter{e}, "yak: compiled %s (it was waiting for %s)\n", strings.Join(p.names, ", "), shownName(p.missing))
			}
			progress = true
			break
		}
		if !progress && !triedCycle {
			triedCycle, progress = true, e.compileCycle(ctx)
		}
	}
}

// compileCycle compiles together pending declarations that wait only for
// each other (func even calls odd, odd calls even, declared in two cells):
// one at a time, each would wait for the other for ever. It reports
// whether it compiled such a group.
func (e *Engine) compileCycle(ctx context.Context) bool {
	for i := range e.st.pending {
		// The group: the pending declarations that p needs, through each
		// other; it is a cycle when every one waits for one of the group.
		group := map[int]bool{i: true}
		for grew := true; grew; {
			grew = false
			for j := range e.st.pending {
				if !group[j] {
					continue
				}
				for k := range e.st.pending {
					if !group[k] && e.st.usesPending(e.st.pending[j], k) {
						group[k], grew = true, true
					}
				}
			}
		}
		if len(group) < 2 {
			continue
		}
		cycle := true
		var names, waits []string
		var texts []string
		for j := range e.st.pending {
			if !group[j] {
				continue
			}
			p := e.st.pending[j]
			if d := e.st.pendingName(p.missing); d == nil || !group[e.st.pendingIndex(d)] {
				cycle = false
				break
			}
			names = append(names, p.names...)
			waits = append(waits, shownName(p.missing))
			texts = append(texts, p.text)
		}
		if !cycle {
			continue
		}
		var rest []pendingDecl
		for j, p := range e.st.pending {
			if !group[j] {
				rest = append(rest, p)
			}
		}
		e.st.pending = rest
		before := len(e.st.pending)
		_, err := e.run(ctx, strings.Join(texts, "\n\n"))
		switch {
		case err != nil:
			fmt.Fprintf(errWriter{e}, "yak: %s (waiting for each other) do not compile: %s\n", strings.Join(names, ", "), errMessage(err))
		case len(e.st.pending) == before:
			fmt.Fprintf(errWriter{e}, "yak: compiled %s together (each was waiting for another of them)\n", strings.Join(names, ", "))
		}
		return true
	}
	return false
}

// usesPending reports whether p uses a name that pending declaration k
// declares.
func (st *state) usesPending(p pendingDecl, k int) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+p.text, 0)
	if err != nil {
		return false
	}
	r := refs(f)
	for _, n := range st.pending[k].names {
		if r[n] {
			return true
		}
	}
	return false
}

// pendingIndex is the index of d in st.pending.
func (st *state) pendingIndex(d *pendingDecl) int {
	for i := range st.pending {
		if &st.pending[i] == d {
			return i
		}
	}
	return -1
}

// pendingUse is a name that p uses and that another pending declaration
// declares, "" when there is none.
func (st *state) pendingUse(p pendingDecl) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+p.text, 0)
	if err != nil {
		return ""
	}
	own := map[string]bool{}
	for _, n := range p.names {
		own[n] = true
	}
	var uses []string
	for n := range refs(f) {
		if !own[n] && st.pendingName(n) != nil {
			uses = append(uses, n)
		}
	}
	if len(uses) == 0 {
		return ""
	}
	sort.Strings(uses)
	return uses[0]
}

// checkPending fails a cell that uses a pending name without declaring it.
func (st *state) checkPending(code string, segs []segment) error {
	if len(st.pending) == 0 {
		return nil
	}
	var err error
	for i := range segs {
		s := &segs[i]
		var roots []ast.Node
		switch s.kind {
		case segStmt:
			for _, x := range s.stmts {
				roots = append(roots, x)
			}
		default:
			continue
		}
		for _, r := range roots {
			names(r, func(id *ast.Ident) {
				if err != nil {
					return
				}
				if p := st.pendingName(id.Name); p != nil {
					pos := s.fset.Position(id.Pos())
					err = compileError(code, fmt.Errorf("%d:%d: %s is not compiled yet: it uses %s, which no cell has declared; declare it first", pos.Line, pos.Column, id.Name, shownName(p.missing)))
				}
			})
		}
	}
	return err
}

// pendingLines lists the pending declarations for %who.
func (st *state) pendingLines() []string {
	var out []string
	for _, p := range st.pending {
		out = append(out, fmt.Sprintf("%s\tpending\twaits for %s", strings.Join(p.names, ", "), shownName(p.missing)))
	}
	sort.Strings(out)
	return out
}

// varsAsStatements turns a segment of only var declarations whose values
// use a variable of an earlier cell into statements: yaegi orders the
// initializers of package-level variables by their dependencies among the
// variables it compiles together and reports one that reads a variable of
// an earlier cell as a "variable definition loop"; as statements
// (`var x = base * 2` at the top of a cell) they work.
//
// Var declarations that follow a statement of the cell become statements
// too: the engine compiles the whole cell before it runs it, and makes
// declarations on the way; their initializers must run in the cell's
// order.
func (e *Engine) varsAsStatements(code string, segs []segment) {
	afterStmt := false
	for i := range segs {
		s := &segs[i]
		if s.kind == segStmt {
			afterStmt = true
		}
		if s.kind != segDecl {
			continue
		}
		uses, onlyVars := false, true
		for _, d := range s.file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				onlyVars = false
				break
			}
			names(g, func(id *ast.Ident) {
				if d, ok := e.st.names[id.Name]; ok && d.kind == "var" {
					uses = true
				}
			})
			// var a, err = f(): yaegi makes a declaration's variables
			// cell locals (see varTuple), a statement's are rewritten.
			// var v = slices.Clone(x): yaegi crashes on a generic call
			// that initializes a declared variable, or, given the type
			// (var v []int = ...), leaves v zero; as a statement the
			// define pass writes v's type and the call is assigned.
			c := &passCtx{s: s, e: e}
			for _, sp := range g.Specs {
				if v, ok := sp.(*ast.ValueSpec); ok && (len(v.Names) > 1 && len(v.Values) == 1 || len(v.Values) == 1 && c.callsGeneric(v.Values[0])) {
					uses = true
				}
			}
		}
		if !onlyVars || !uses && !afterStmt {
			continue
		}
		if !afterStmt && e.lacksName(s) {
			// A declaration that uses a name no cell has declared yet
			// waits for it (evalDeclsPending); a statement cannot wait.
			// When it is compiled, the name exists and it becomes a
			// statement then.
			continue
		}
		one := []segment{{kind: segStmt, start: s.start, end: s.end}}
		if _, errs := parse(code, one); len(errs) == 0 {
			*s = one[0]
		}
	}
}

// lacksName reports whether s uses a name that nothing declares and that
// is not a package's (an import that the cell adds itself, autoimport.go).
func (e *Engine) lacksName(s *segment) bool {
	for _, n := range e.undeclaredNames(s) {
		if !e.isPackageName(n) && e.st.pendingName(n) == nil {
			return true
		}
	}
	return false
}

// dropPending forgets the pending declarations of name.
func (st *state) dropPending(name string) {
	out := st.pending[:0]
	for _, p := range st.pending {
		keep := true
		for _, n := range p.names {
			if n == name {
				keep = false
			}
		}
		if keep {
			out = append(out, p)
		}
	}
	st.pending = out
}

// shownName is how a note names what a declaration waits for.
func shownName(n string) string {
	if strings.HasPrefix(n, ".") {
		return "a method or field " + n[1:]
	}
	return n
}

// keeps reports whether compiled programs have a declaration of each of
// names.
func (st *state) keeps(names []string) bool {
	for _, n := range names {
		if st.prog[n] == nil {
			return false
		}
	}
	return len(names) > 0
}
