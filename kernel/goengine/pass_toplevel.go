package goengine

import (
	"go/ast"
	"go/token"
)

// topLevelPass moves each compound statement at the top level of a cell
// (for, range, if, switch, select, a block, a labeled statement) into
// `func() { ... }()`. Its variables are local to it in Go anyway, and yaegi
// gets such variables wrong at the top level: it makes them global (one
// variable for all iterations and all goroutines) and fails on `v, err :=
// f()` inside a top-level loop ("undefined: err"). Only statements that
// meet those bugs move: with a := of several values (a range over an
// integer or a function becomes one, and so does the typeswitch pass's
// rewrite of a type switch with a case of a cell type), a function literal
// (per-iteration copies, goroutines) or an address taken; the others stay,
// as does a statement that returns, defers or jumps to a label outside it
// (yaegi has its own bugs with calls from a top-level function literal:
// prompt-search.ipynb's search loop panicked inside compiled code).
func topLevelPass(e *Engine, c *passCtx) []edit {
	if c.s.kind != segStmt {
		return nil
	}
	var edits []edit
	for _, st := range c.s.stmts {
		if !topLevelCompound(st) {
			continue
		}
		a, b, in := c.span(st)
		if !in || !wrappable(st) || !c.needsOwnFrame(st) {
			continue
		}
		edits = append(edits, edit{a, a, "func() { "}, edit{b, b, " }()"})
	}
	return edits
}

// topLevelCompound reports whether st is a compound statement.
func topLevelCompound(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		return true
	}
	return false
}

// needsOwnFrame reports whether st holds what yaegi gets wrong at the top
// level: a := of several values (also the ones of the range rewrites and
// of the typeswitch pass's rewrite, for a type switch with a case of a
// cell type), a function literal, or &x.
func (c *passCtx) needsOwnFrame(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if c.intLike(n.X) || c.funcLike(n.X) {
				found = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) > 1 {
				found = true
			}
		case *ast.FuncLit:
			found = true
		case *ast.TypeSwitchStmt:
			found = c.hasCellTypeCase(c.e, n)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				found = true
			}
		}
		return !found
	})
	return found
}
