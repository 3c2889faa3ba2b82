package goengine

import (
	"go/ast"
	"go/token"
	"strings"
)

// Go 1.22 gives each loop iteration its own copy of the variables that a
// for statement declares; yaegi keeps Go 1.21's single variable, so
// closures (and goroutines) created in a loop would all see its last value.
// The engine restores the Go 1.22 meaning where it can be observed: when a
// loop's body holds a function literal or takes a loop variable's address,
// it starts the body with `v := v` for each loop variable. For a
// three-clause loop that is only right when the body never assigns the
// variable (the copy would swallow the change), so such loops keep yaegi's
// meaning. In yaegi's REPL every variable of a top-level statement is
// global, even one declared in a block, so the copies work only because the
// toplevel pass moves a top-level loop into a function literal.

// loopVarPass applies loopVarEdits to each statement (or the file).
func loopVarPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	for _, r := range c.roots() {
		edits = append(edits, e.loopVarEdits(c.s, r, c.start, c.end)...)
	}
	return edits
}

// loopVarEdits lists those insertions for the loops of a segment part.
func (e *Engine) loopVarEdits(s *segment, root ast.Node, start, end int) []edit {
	var edits []edit
	ast.Inspect(root, func(n ast.Node) bool {
		var vars []*ast.Ident
		var body *ast.BlockStmt
		threeClause := false
		switch n := n.(type) {
		case *ast.ForStmt:
			as, ok := n.Init.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE {
				return true
			}
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					vars = append(vars, id)
				}
			}
			body, threeClause = n.Body, true
		case *ast.RangeStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if id, ok := x.(*ast.Ident); ok {
					vars = append(vars, id)
				}
			}
			body = n.Body
		default:
			return true
		}
		var copies []string
		for _, v := range vars {
			if v.Name == "_" || !observed(body, v.Name) || threeClause && assigned(body, v.Name) || redeclared(body, v.Name) {
				continue
			}
			copies = append(copies, v.Name+" := "+v.Name+";")
		}
		at := s.offset(body.Lbrace) + 1
		if len(copies) > 0 && at > start && at <= end {
			edits = append(edits, edit{at, at, " " + strings.Join(copies, " ")})
			edits = append(edits, funcArgEdits(s, body, start, end)...)
		}
		return true
	})
	return edits
}

// wrappable reports whether a top-level loop statement can move into a
// function literal: nothing in it (outside nested function literals)
// returns, defers, or jumps to a label declared outside it.
func wrappable(root ast.Node) bool {
	labels := map[string]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		return true
	})
	ok := true
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.DeferStmt:
			ok = false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO || n.Label != nil && !labels[n.Label.Name] {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// observed reports whether the body holds a function literal or takes the
// address of name: the two ways a per-iteration variable shows.
func observed(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			found = true
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// redeclared reports whether the body's own statements declare name again
// (`v := v`, the pre-Go 1.22 idiom for a per-iteration copy, or `var v`): the
// body already has its copy, and a second one would not compile ("no new
// variables on left side of :=").
func redeclared(body *ast.BlockStmt, name string) bool {
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					return true
				}
			}
		case *ast.DeclStmt:
			g, ok := st.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, sp := range g.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name == name {
						return true
					}
				}
			}
		}
	}
	return false
}

// assigned reports whether the body assigns to name (=, op=, ++, --).
func assigned(body *ast.BlockStmt, name string) bool {
	is := func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		return ok && id.Name == name
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		}
		return !found
	})
	return found
}

// funcArgEdits wraps each function literal that the body passes straight
// to a call in the prelude's _yakFn (an identity): yaegi converts a
// function literal argument of a compiled function (wg.Go(func() {...}))
// so that it reads the loop's variables when it runs, not as they were
// when it was made; a function value made first keeps its own copies.
func funcArgEdits(s *segment, body *ast.BlockStmt, start, end int) []edit {
	var edits []edit
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		for _, a := range call.Args {
			if lit, ok := a.(*ast.FuncLit); ok {
				a, b := s.offset(lit.Pos()), s.offset(lit.End())
				if a >= start && b <= end {
					edits = append(edits, edit{a, a, "_yakFn("}, edit{b, b, ")"})
				}
			}
		}
		return true
	})
	return edits
}
