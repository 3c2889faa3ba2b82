package goengine

import (
	"go/ast"
	"go/token"
	"strings"
)

// earlierVarPass: in a declaration segment that declares functions or
// types too (a segment of only var declarations becomes statements,
// varsAsStatements), a package-level variable whose initializer reads a
// variable of an earlier cell gets its value from an init function:
//
//	var y = len(base) * 2      =>   var y int; func init() { y = len(base) * 2 }
//	func f() int { return y }       func f() int { return y }
//
// yaegi orders the initializers of the package-level variables it
// compiles together by the variables they read, and one that reads a
// variable compiled before (an earlier cell's) never gets its turn: it
// reports a "variable definition loop" after the functions were declared,
// and y stays zero. An init function runs after those initializers, in
// the same compilation. A variable whose initializer reads one so moved,
// or calls a function of the segment that does, moves too (Go initializes
// it after); so does `var a, err = f()`, whose variables yaegi makes
// locals of the declaration. The values stay in place (the edits of the
// other passes inside them apply), and so do the lines; in a var group,
// the group is closed before the init function and opened again after it:
//
//	var (                     var (
//		a = 1                     a = 1
//		y = len(base)    =>       y int ); func init() { y = len(base) }; var (
//	)                         )
//
// The init functions run in the cell's order, where Go orders moved
// variables by their dependencies (one that reads a variable declared
// after it in the cell gets its zero value). A segment where the engine
// cannot tell the type of a moved variable (pass_typeof.go) that has none
// written stays as it was.
func earlierVarPass(e *Engine, c *passCtx) []edit {
	if c.s.kind != segDecl || c.s.file == nil {
		return nil
	}
	f := c.s.file
	// moved variables and tainted functions (those that read a moved
	// variable or call a tainted function), to a fixpoint.
	moved := map[string]bool{}
	tainted := map[string]bool{}
	// top are the positions of the names the segment declares at its top
	// level: lookup finds those too, and only a local shadows.
	top := map[token.Pos]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			top[d.Name.Pos()] = true
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if v, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range v.Names {
						top[id.Pos()] = true
					}
				}
			}
		}
	}
	global := func(id *ast.Ident) bool {
		d := c.lookup(id)
		return d == nil || top[d.pos]
	}
	reads := func(n ast.Node, earlier bool) bool {
		found := false
		names(n, func(id *ast.Ident) {
			if found {
				return
			}
			if moved[id.Name] || tainted[id.Name] {
				found = global(id)
				return
			}
			if d, ok := e.st.names[id.Name]; earlier && ok && d.kind == "var" && c.lookup(id) == nil && !segmentDeclares(c.s, id.Name) {
				found = true
			}
		})
		return found
	}
	var specs []*ast.ValueSpec
	owner := map[*ast.ValueSpec]*ast.GenDecl{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				v := sp.(*ast.ValueSpec)
				if len(v.Values) > 0 {
					specs = append(specs, v)
					owner[v] = g
				}
			}
		}
	}
	if len(specs) == 0 || !hasOtherDecl(f) {
		return nil
	}
	for changed := true; changed; {
		changed = false
		for _, v := range specs {
			if moved[v.Names[0].Name] {
				continue
			}
			tuple := len(v.Names) > 1 && len(v.Values) == 1
			if tuple || reads(v, true) {
				for _, id := range v.Names {
					moved[id.Name] = true
				}
				changed = true
			}
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Recv != nil || tainted[fd.Name.Name] {
				continue
			}
			if reads(fd.Body, false) {
				tainted[fd.Name.Name] = true
				changed = true
			}
		}
	}
	if len(moved) == 0 {
		return nil
	}
	// Each moved spec keeps its values where they are, now the right-hand
	// side of an assignment in an init function; all on the spec's lines.
	var edits []edit
	for _, v := range specs {
		if !moved[v.Names[0].Name] {
			continue
		}
		if _, _, in := c.span(v); !in {
			return nil
		}
		group := owner[v].Lparen.IsValid()
		decl, ok := c.movedSpec(v, group)
		if !ok {
			return nil // all or none: the others may read this one
		}
		var lhs []string
		for _, id := range v.Names {
			lhs = append(lhs, id.Name)
		}
		open, end := "; func init() { ", " }"
		if group {
			open, end = " ); func init() { ", " }; var ("
		}
		a, b := c.s.offset(v.Pos()), c.s.offset(v.Values[0].Pos())
		z := c.s.offset(v.Values[len(v.Values)-1].End())
		edits = append(edits, edit{a, b, decl + open + strings.Join(lhs, ", ") + " = "}, edit{z, z, end})
	}
	return edits
}

// hasOtherDecl reports whether f declares more than variables.
func hasOtherDecl(f *ast.File) bool {
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); !ok || g.Tok != token.VAR {
			return true
		}
	}
	return false
}

// movedSpec is the declaration of v's variables with their types and
// without values: "y int", or for several "a int; var err error" ("a int;
// err error" in a var group); false when a type is unknown.
func (c *passCtx) movedSpec(v *ast.ValueSpec, group bool) (string, bool) {
	var types []string
	for i := range v.Names {
		switch {
		case v.Type != nil:
			a, b, _ := c.span(v.Type)
			types = append(types, c.renamed(v.Type, a, b))
		case len(v.Values) == len(v.Names):
			t := c.initType(v.Values[i])
			if t == nil || !c.writable(t) {
				return "", false
			}
			types = append(types, t.String())
		case len(v.Values) == 1:
			t := c.tupleType(v.Values[0], i)
			if t == nil || !c.writable(t) {
				return "", false
			}
			types = append(types, t.String())
		default:
			return "", false
		}
	}
	sep := "; var "
	if group {
		sep = "; "
	}
	var parts []string
	for i, id := range v.Names {
		parts = append(parts, id.Name+" "+types[i])
	}
	return strings.Join(parts, sep), true
}

// initType is the type of x for movedSpec: typeOf's, or where it cannot
// tell, one built on the recorded type of an earlier cell's variable
// (pts[0], len(xs) > 0, append(xs, 1)).
func (c *passCtx) initType(x ast.Expr) *goType {
	if t := c.typeOf(x); t != nil {
		return t
	}
	switch x := x.(type) {
	case *ast.Ident:
		if c.lookup(x) == nil && !segmentDeclares(c.s, x.Name) {
			if d, ok := c.e.st.names[x.Name]; ok && d.kind == "var" {
				return syntaxType(c.e.globalType(x.Name))
			}
		}
	case *ast.ParenExpr:
		return c.initType(x.X)
	case *ast.IndexExpr:
		if t := c.initType(x.X); t != nil {
			switch tx := t.expr.(type) {
			case *ast.ArrayType:
				return syntaxType(tx.Elt)
			case *ast.MapType:
				return syntaxType(tx.Value)
			}
		}
	case *ast.SliceExpr:
		if t := c.initType(x.X); t != nil {
			if a, ok := t.expr.(*ast.ArrayType); ok && a.Len != nil {
				return syntaxType(&ast.ArrayType{Elt: a.Elt})
			}
			return t
		}
	case *ast.StarExpr:
		if t := c.initType(x.X); t != nil {
			if p, ok := t.expr.(*ast.StarExpr); ok {
				return syntaxType(p.X)
			}
		}
	case *ast.UnaryExpr:
		if t := c.initType(x.X); t != nil {
			switch x.Op {
			case token.AND:
				return syntaxType(&ast.StarExpr{X: t.expr})
			case token.SUB, token.ADD, token.XOR, token.NOT:
				return t
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.SHL || x.Op == token.SHR || !untypedConst(x.X) {
			return c.initType(x.X)
		}
		return c.initType(x.Y)
	case *ast.CallExpr:
		f, ok := x.Fun.(*ast.Ident)
		if !ok || c.lookup(f) != nil {
			break
		}
		if f.Name == "append" && len(x.Args) > 0 {
			return c.initType(x.Args[0])
		}
		if fd := c.segmentFunc(f.Name); fd != nil {
			return c.declResult(fd, x, 0) // declared below the use
		}
	}
	return nil
}
