package goengine

import (
	"go/ast"
	"strings"
)

// namedResultPass: yaegi zeroes a function's named results only on the
// first call from a given place in a loop: called again from there, the
// function starts with the values its results had when it last returned
// (`func sum(xs []int) (s int)` called in a loop returns 3, then 6). Each
// function with named results sets them to their zero values first, as Go
// does on every call:
//
//	func sum(xs []int) (s int) {   =>   func sum(xs []int) (s int) { s = *new(int);
//
// The assignment goes on the line of the opening brace, so no line moves.
func namedResultPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, body = n.Type, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		default:
			return true
		}
		if body == nil || ft.Results == nil {
			return true
		}
		at := c.s.offset(body.Lbrace) + 1
		if at <= c.start || at > c.end {
			return true // (c.text of a result type below runs the passes on that type alone)
		}
		var names, zeros []string
		for _, f := range ft.Results.List {
			for _, id := range f.Names {
				if id.Name == "_" {
					continue
				}
				names = append(names, id.Name)
				zeros = append(zeros, "*new("+c.text(f.Type)+")")
			}
		}
		if len(names) == 0 {
			return true
		}
		edits = append(edits, edit{at, at, " " + strings.Join(names, ", ") + " = " + strings.Join(zeros, ", ") + ";"})
		return true
	})
	return edits
}
