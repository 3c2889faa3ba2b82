package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// deferClosurePass: a function literal held in a variable of the function
// that defers a call of it is made by a function literal of its own:
//
//	f := func() { ... }; defer f()   =>   f := func() func() { return func() { ... } }(); defer f()
//
// yaegi runs a function's deferred calls holding the lock of the
// function's frame, and a closure, once called, takes the lock of the
// frame that made it to restore its slot: a closure that the deferring
// function made waits for itself forever (the cell hangs until it is
// interrupted). Made in a frame of its own, it takes that frame's lock.
func deferClosurePass(e *Engine, c *passCtx) []edit {
	if !strings.Contains(c.code[c.start:c.end], "defer") {
		return nil // most cells: no walk of the syntax tree
	}
	var funcs []ast.Node // every function, for innermost
	var defers []*ast.DeferStmt
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			funcs = append(funcs, n)
		case *ast.DeferStmt:
			defers = append(defers, n)
		}
		return true
	})
	if len(defers) == 0 {
		return nil
	}
	innermost := func(p token.Pos) ast.Node {
		var best ast.Node
		for _, f := range funcs {
			if f.Pos() <= p && p < f.End() && (best == nil || f.Pos() >= best.Pos()) {
				best = f
			}
		}
		return best
	}
	done := map[*ast.FuncLit]bool{}
	var edits []edit
	for _, d := range defers {
		owner := innermost(d.Pos())
		if owner == nil {
			continue // at the top level, the cell's frame
		}
		if lit, ok := d.Call.Fun.(*ast.FuncLit); ok && len(d.Call.Args) == 0 && inLoop(owner, d) && !namesIdent(lit, "recover") {
			// defer func() { ... }() in a loop: yaegi makes the closure
			// when the deferred call runs, so it sees the loop
			// variables' last values; made at the defer statement, it
			// sees its iteration's.
			a, b, in := c.span(d)
			_, _, tin := c.span(lit.Type)
			if in && tin {
				e.st.tmp++
				v := fmt.Sprintf("_yakDC%d", e.st.tmp)
				edits = append(edits, edit{a, b, v + " := func() " + c.renamed(lit.Type, -1, -1) + " { return " + c.text(lit) + " }(); defer " + v + "()"})
			}
		}
		ast.Inspect(d.Call, func(x ast.Node) bool {
			id, ok := x.(*ast.Ident)
			if !ok {
				return true
			}
			decl := c.lookup(id)
			if decl == nil || decl.kind != "var" {
				return true
			}
			lit, ok := decl.val.(*ast.FuncLit)
			if !ok || done[lit] || innermost(decl.pos) != owner {
				return true
			}
			a, b, in := c.span(lit)
			_, _, tin := c.span(lit.Type)
			if !in || !tin {
				return true
			}
			done[lit] = true
			edits = append(edits, edit{a, a, "func() " + c.renamed(lit.Type, -1, -1) + " { return "}, edit{b, b, " }()"})
			return true
		})
	}
	return edits
}

// inLoop reports whether statement st of function owner is inside a for
// or range loop of owner (not of a function literal within it).
func inLoop(owner, st ast.Node) bool {
	found := false
	var walk func(n ast.Node, loop bool)
	walk = func(n ast.Node, loop bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			if found || x == nil {
				return false
			}
			if x == st {
				found = loop
				return false
			}
			switch x := x.(type) {
			case *ast.FuncLit:
				if x != owner {
					return false
				}
			case *ast.ForStmt:
				if !loop {
					walk(x.Body, true)
					return false
				}
			case *ast.RangeStmt:
				if !loop {
					walk(x.Body, true)
					return false
				}
			}
			return true
		})
	}
	walk(owner, false)
	return found
}

// namesIdent reports whether the name n occurs in node x.
func namesIdent(x ast.Node, n string) bool {
	found := false
	ast.Inspect(x, func(y ast.Node) bool {
		if id, ok := y.(*ast.Ident); ok && id.Name == n {
			found = true
		}
		return !found
	})
	return found
}

// renamed is the text of type expression x, [a, b) of the code (-1: x's
// own span), with a redefined type by its internal name (the rename pass
// alone: the other passes' text would run this one's again).
func (c *passCtx) renamed(x ast.Expr, a, b int) string {
	if a < 0 {
		a, b, _ = c.span(x)
	}
	return applyEdits(c.code, a, b, c.e.renameEdits(c.s, x, a, b))
}
