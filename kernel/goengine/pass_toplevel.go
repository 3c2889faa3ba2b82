package goengine

import "go/ast"

// topLevelPass moves each compound statement at the top level of a cell
// (for, range, if, switch, select, a block, a labeled statement) into
// `func() { ... }()`. Its variables are local to it in Go anyway, and yaegi
// gets such variables wrong at the top level: it makes them global (one
// variable for all iterations and all goroutines) and fails on `v, err :=
// f()` inside a top-level loop ("undefined: err"). A statement that
// returns, defers or jumps to a label outside it stays as it is.
func topLevelPass(e *Engine, c *passCtx) []edit {
	if c.s.kind != segStmt {
		return nil
	}
	var edits []edit
	for _, st := range c.s.stmts {
		switch st.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		a, b, in := c.span(st)
		if !in || !wrappable(st) {
			continue
		}
		edits = append(edits, edit{a, a, "func() { "}, edit{b, b, " }()"})
	}
	return edits
}
