package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// state is what the engine knows of the declarations made by cells, per
// interpreter: the names for %who and completion, and what redefinitions
// need (see redefine.go).
type state struct {
	names map[string]*declared
	seq   int
	tmp   int // counter for the engine's temporary names
	// funcCell maps a function or method name to the cell that declared it
	// last, to show the source lines of a traceback.
	funcCell map[string]string
	imports  map[string]string // package name in cells -> import path
	defs     map[string]*def   // see redefine.go
	// renames maps names to the engine's internal ones: redefined types,
	// and main, which yaegi would otherwise run after every later cell.
	renames map[string]string
	gen     int
	// poisoned names were declared by a cell that failed to compile:
	// yaegi defines them anyway (zero values, or a broken function), so
	// later cells that use them get an error instead of that state.
	poisoned map[string]bool
}

// declared is one top-level name a cell made.
type declared struct {
	name string
	kind string // "func", "type", "var", "const", "import"
	seq  int    // when it was (re)declared
}

func newState() *state {
	return &state{names: map[string]*declared{}, funcCell: map[string]string{}, imports: map[string]string{},
		defs: map[string]*def{}, poisoned: map[string]bool{}, renames: map[string]string{"main": "main" + mangleMark + "0"}}
}

func (st *state) add(name, kind string) {
	if name == "_" || name == "" || strings.HasPrefix(name, "_yak") {
		return
	}
	delete(st.poisoned, name)
	st.seq++
	st.names[name] = &declared{name: name, kind: kind, seq: st.seq}
}

// record notes the names that a segment, now executed, declared.
func (st *state) record(code string, s *segment) {
	if s.kind == segStmt {
		for _, stmt := range s.stmts {
			switch n := stmt.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							st.add(id.Name, "var")
						}
					}
				}
			case *ast.DeclStmt:
				st.recordDecl(n.Decl)
			}
		}
		return
	}
	st.recordDefs(code, s)
	for _, d := range s.file.Decls {
		st.recordDecl(d)
		if f, ok := d.(*ast.FuncDecl); ok {
			st.funcCell[f.Name.Name] = code
		}
	}
}

func (st *state) recordDecl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			st.add(d.Name.Name, "func")
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				st.add(sp.Name.Name, "type")
			case *ast.ValueSpec:
				kind := "var"
				if d.Tok == token.CONST {
					kind = "const"
				}
				for _, id := range sp.Names {
					st.add(id.Name, kind)
				}
			case *ast.ImportSpec:
				name := importName(sp)
				if name != "." && name != "_" {
					st.add(name, "import")
					st.imports[name] = strings.Trim(sp.Path.Value, `"`)
				}
			}
		}
	}
}

func (st *state) isConst(name string) bool {
	d, ok := st.names[name]
	return ok && d.kind == "const"
}

// sorted returns the declared names in name order.
func (st *state) sorted() []*declared {
	out := make([]*declared, 0, len(st.names))
	for _, d := range st.names {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// rewrites lists the engine's textual changes to the part [start, end) of a
// segment: every `go` statement recovers the panics of its goroutine.
func (e *Engine) rewrites(code string, s *segment, start, end int) []edit {
	var edits []edit
	var funcs [][2]token.Pos // bodies of functions in the segment
	if s.kind == segStmt {
		for _, st := range s.stmts {
			ast.Inspect(st, func(n ast.Node) bool {
				if f, ok := n.(*ast.FuncLit); ok {
					funcs = append(funcs, [2]token.Pos{f.Body.Pos(), f.Body.End()})
				}
				return true
			})
		}
	}
	topLevel := func(p token.Pos) bool {
		for _, f := range funcs {
			if p > f[0] && p < f[1] {
				return false
			}
		}
		return s.kind == segStmt
	}
	visit := func(n ast.Node) bool {
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		gs, ge := s.offset(g.Pos()), s.offset(g.End())
		if gs < start || ge > end {
			return true
		}
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
			at := s.offset(lit.Body.Lbrace) + 1
			edits = append(edits, edit{at, at, " defer _yakRecover();"})
			if topLevel(g.Pos()) {
				// yaegi races on the global frame with a goroutine whose
				// function literal is declared at the top level.
				edits = append(edits, edit{gs, gs, "func() { "}, edit{ge, ge, " }()"})
			}
			return true
		}
		edits = append(edits, edit{gs, ge, e.goCall(code, s, g.Call)})
		return false
	}
	if s.kind == segPackage {
		return nil
	}
	if s.kind == segStmt {
		for _, st := range s.stmts {
			ast.Inspect(st, visit)
			edits = append(edits, e.renameEdits(s, st, start, end)...)
			edits = append(edits, e.loopVarEdits(s, st, start, end)...)
		}
	} else {
		ast.Inspect(s.file, visit)
		edits = append(edits, e.renameEdits(s, s.file, start, end)...)
		edits = append(edits, e.loopVarEdits(s, s.file, start, end)...)
	}
	edits = append(edits, e.displayEdits(s, start, end)...)
	return append(edits, e.minMaxEdits(code, s, start, end)...)
}

// minMaxEdits rewrites calls of builtins that yaegi lacks or that need the
// prelude: `panic(v)` statements tell the engine v's text first (see
// panicEdit), and calls of the prelude's min and max get a typed argument
// first: yaegi infers the type parameter from the first argument, so
// max(0, x) with x float64 would fail where Go's builtin works. The
// arguments are only swapped (the result does not depend on the order).
func (e *Engine) minMaxEdits(code string, s *segment, start, end int) []edit {
	var edits []edit
	visit := func(n ast.Node) bool {
		if st, ok := n.(*ast.ExprStmt); ok {
			if ed, ok := e.panicEdit(code, s, st, start, end); ok {
				edits = append(edits, ed)
			}
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) < 1 || call.Ellipsis.IsValid() {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || e.st.names[id.Name] != nil {
			return true
		}
		if id.Name != "min" && id.Name != "max" {
			return true
		}
		if len(call.Args) < 2 || !e.constLike(call.Args[0]) {
			return true
		}
		for k := 1; k < len(call.Args); k++ {
			if e.constLike(call.Args[k]) {
				continue
			}
			a0, b0 := s.offset(call.Args[0].Pos()), s.offset(call.Args[0].End())
			ak, bk := s.offset(call.Args[k].Pos()), s.offset(call.Args[k].End())
			if a0 < start || bk > end {
				return true
			}
			t0 := applyEdits(code, a0, b0, e.rewrites(code, s, a0, b0))
			tk := applyEdits(code, ak, bk, e.rewrites(code, s, ak, bk))
			edits = append(edits, edit{a0, b0, tk}, edit{ak, bk, t0})
			break
		}
		return true
	}
	if s.kind == segStmt {
		for _, st := range s.stmts {
			ast.Inspect(st, visit)
		}
	} else {
		ast.Inspect(s.file, visit)
	}
	return edits
}

// displayFuncs are display's functions that the engine replaces in cells
// (see the prelude).
var displayFuncs = map[string]string{"Display": "_yakDisplay", "DisplayID": "_yakDisplayID", "Update": "_yakUpdate", "Render": "_yakRender"}

// displayEdits rewrites display.Display(v) and its kin in a cell to the
// prelude's versions, which see the display methods of cell-declared types.
func (e *Engine) displayEdits(s *segment, start, end int) []edit {
	var pkg string
	for name, path := range e.st.imports {
		if path == "github.com/yaknb/yak/display" {
			pkg = name
		}
	}
	if pkg == "" {
		return nil
	}
	if s.kind == segPackage {
		return nil
	}
	var edits []edit
	visit := func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		to, replace := displayFuncs[sel.Sel.Name]
		if !ok || x.Name != pkg || !replace {
			return true
		}
		a, b := s.offset(sel.Pos()), s.offset(sel.End())
		if a >= start && b <= end {
			edits = append(edits, edit{a, b, to})
		}
		return false
	}
	if s.kind == segStmt {
		for _, st := range s.stmts {
			ast.Inspect(st, visit)
		}
	} else {
		ast.Inspect(s.file, visit)
	}
	return edits
}

// goCall rewrites `go f(a, b)` so the goroutine recovers its panics while
// the arguments are still evaluated by the go statement, as Go does:
//
//	func() { t1 := a; go func() { defer _yakRecover(); f(t1, b) }() }()
//
// The temporaries live in a function literal because yaegi makes every
// variable of a top-level statement global: a loop would overwrite them
// under the goroutines' feet. Constant arguments stay in place, so that
// untyped constants keep taking the parameter's type.
func (e *Engine) goCall(code string, s *segment, call *ast.CallExpr) string {
	text := func(n ast.Node) string {
		a, b := s.offset(n.Pos()), s.offset(n.End())
		return applyEdits(code, a, b, e.renameEdits(s, n, a, b))
	}
	var tmps, vals, args []string
	for _, a := range call.Args {
		if e.constLike(a) {
			args = append(args, text(a))
			continue
		}
		e.st.tmp++
		t := fmt.Sprintf("_yakArg%d", e.st.tmp)
		tmps = append(tmps, t)
		vals = append(vals, text(a))
		args = append(args, t)
	}
	ellipsis := ""
	if call.Ellipsis.IsValid() {
		ellipsis = "..."
	}
	inner := fmt.Sprintf("go func() { defer _yakRecover(); %s(%s%s) }()", text(call.Fun), strings.Join(args, ", "), ellipsis)
	if len(tmps) == 0 {
		return "func() { " + inner + " }()"
	}
	return fmt.Sprintf("func() { %s := %s; %s }()", strings.Join(tmps, ", "), strings.Join(vals, ", "), inner)
}

// constLike reports whether x is a constant expression by its syntax.
func (e *Engine) constLike(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		switch x.Name {
		case "true", "false", "nil", "iota":
			return true
		}
		return e.st.isConst(x.Name)
	case *ast.ParenExpr:
		return e.constLike(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && x.Op != token.AND && e.constLike(x.X)
	case *ast.BinaryExpr:
		return e.constLike(x.X) && e.constLike(x.Y)
	}
	return false
}

// importName is the name under which an import is visible: its alias, or
// the last element of the path (the package name, for the packages yak
// knows, and yaegi's choice for the rest).
func importName(sp *ast.ImportSpec) string {
	if sp.Name != nil {
		return sp.Name.Name
	}
	p := strings.Trim(sp.Path.Value, `"`)
	return p[strings.LastIndex(p, "/")+1:]
}

// defined lists the names that the top-level statements of a segment
// declare (x := ..., var x ...).
func defined(s *segment) []string {
	var out []string
	for _, stmt := range s.stmts {
		switch n := stmt.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						out = append(out, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := n.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							out = append(out, id.Name)
						}
					}
				}
			}
		}
	}
	return out
}

// poison marks what a segment that failed to compile declared: new names,
// and functions (yaegi replaces an existing function by a broken one).
func (st *state) poison(code string, s *segment) {
	switch s.kind {
	case segStmt:
		for _, n := range defined(s) {
			if _, ok := st.names[n]; !ok {
				st.poisoned[n] = true
			}
		}
	case segDecl:
		for _, d := range s.file.Decls {
			for k, v := range declKeys(code, s, d) {
				if strings.Contains(k, ".") {
					continue
				}
				if _, ok := st.names[k]; !ok || v != nil && v.kind == "func" {
					st.poisoned[k] = true
					delete(st.names, k)
				}
			}
		}
	}
}

// checkPoisoned fails a cell that uses a poisoned name without declaring
// it again.
func (st *state) checkPoisoned(code string, segs []segment) error {
	if len(st.poisoned) == 0 {
		return nil
	}
	declares := map[string]bool{}
	for i := range segs {
		s := &segs[i]
		switch s.kind {
		case segStmt:
			for _, n := range defined(s) {
				declares[n] = true
			}
		case segDecl:
			for _, d := range s.file.Decls {
				for k := range declKeys(code, s, d) {
					declares[k] = true
				}
			}
		}
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
		case segDecl:
			roots = append(roots, s.file)
		}
		for _, r := range roots {
			names(r, func(id *ast.Ident) {
				if err == nil && st.poisoned[id.Name] && !declares[id.Name] {
					pos := s.fset.Position(id.Pos())
					err = compileError(code, fmt.Errorf("%d:%d: %s is undefined: the cell that declared it did not compile; run it again once it is fixed", pos.Line, pos.Column, id.Name))
				}
			})
		}
	}
	return err
}

// panicEdit rewrites the statement panic(v) to
//
//	{ t := v; _yakPanicNote(t); panic(t) }
//
// so that the engine learns the Error() or String() text of a value of a
// cell-declared type, while the panic value itself stays as it was.
func (e *Engine) panicEdit(code string, s *segment, st *ast.ExprStmt, start, end int) (edit, bool) {
	call, ok := st.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return edit{}, false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Name != "panic" || e.st.names["panic"] != nil {
		return edit{}, false
	}
	a, b := s.offset(st.Pos()), s.offset(st.End())
	if a < start || b > end {
		return edit{}, false
	}
	x0, x1 := s.offset(call.Args[0].Pos()), s.offset(call.Args[0].End())
	arg := applyEdits(code, x0, x1, e.rewrites(code, s, x0, x1))
	e.st.tmp++
	t := fmt.Sprintf("_yakPv%d", e.st.tmp)
	return edit{a, b, fmt.Sprintf("{ %s := %s; _yakPanicNote(%s); panic(%s) }", t, arg, t, t)}, true
}
