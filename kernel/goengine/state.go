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
	// pending declarations wait for a name (see pending.go).
	pending []pendingDecl
	// broken types had a method that failed to compile: yaegi keeps a
	// slot for it, and every value of the type then panics ("index out of
	// range [1] with length 0"); the next declaration segment makes the
	// type anew (redefine.go).
	broken map[string]bool
	// prog holds the declarations as the user wrote them, by key, for
	// compiled programs (compiledsrc.go).
	prog    map[string]*progDecl
	progSeq int
	// declaring holds the methods ("T.M") of the declaration segment being
	// evaluated, which the passes over the earlier declarations evaluated
	// with it must see (the embedfwd pass writes no method of that name).
	declaring map[string]bool
}

// declared is one top-level name a cell made.
type declared struct {
	name string
	kind string // "func", "type", "var", "const", "import"
	seq  int    // when it was (re)declared
}

func newState() *state {
	return &state{names: map[string]*declared{}, funcCell: map[string]string{}, imports: map[string]string{},
		defs: map[string]*def{}, poisoned: map[string]bool{}, broken: map[string]bool{}, renames: map[string]string{"main": "main" + mangleMark + "0"}}
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
	// A declaration made supersedes one that waited (pending.go).
	for _, d := range s.file.Decls {
		for k := range declKeys(code, s, d) {
			st.dropPending(k)
		}
	}
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
	return pathName(p)
}

// pathName is the package name that an import path gives by convention:
// its last element, or the one before a major version (math/rand/v2 is
// rand).
func pathName(p string) string {
	parts := strings.Split(p, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		return parts[len(parts)-2]
	}
	return last
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
			// The declarations, not the file: its package clause names
			// main, which is no use of a poisoned func main.
			for _, d := range s.file.Decls {
				roots = append(roots, d)
			}
		}
		for _, r := range roots {
			c := &passCtx{s: s}
			names(r, func(id *ast.Ident) {
				// A parameter or local variable of that name is another
				// variable.
				if err == nil && st.poisoned[id.Name] && !declares[id.Name] && c.lookup(id) == nil && !declaresLocally(r, id) {
					pos := s.fset.Position(id.Pos())
					err = compileError(code, fmt.Errorf("%d:%d: %s is undefined: the cell that declared it did not compile; run it again once it is fixed", pos.Line, pos.Column, id.Name))
				}
			})
		}
	}
	return err
}

// declaresLocally reports whether id is itself a declaration inside root
// (a parameter, a range or := variable): its use is not of the top-level
// name.
func declaresLocally(root ast.Node, id *ast.Ident) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, x := range n.Names {
				found = found || x == id
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, x := range n.Lhs {
					found = found || x == id
				}
			}
		case *ast.RangeStmt:
			found = found || n.Key == id || n.Value == id
		}
		return !found
	})
	return found
}
