package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
	"sync"
)

// goroutinePass: `go f(x)` becomes
//
//	func() { t1 := x; _yakGo(); go func() { defer _yakRecoverAt(site); f(t1) }() }()
//
// and `go func() {...}()` gets `defer _yakRecoverAt(site)` first in its body (and,
// at the top level of a cell, a function literal around it: yaegi races on
// the global frame with a goroutine whose function literal is declared
// there). A panic in a goroutine would otherwise end the kernel. _yakGo
// before each go statement runs the cell's goroutines on one processor, so
// that they run in the order compiled Go runs them (goprocs.go).
func goroutinePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	s := c.s
	var funcs [][2]token.Pos // bodies of function literals in the segment
	if s.kind == segStmt {
		c.inspect(func(n ast.Node) bool {
			if f, ok := n.(*ast.FuncLit); ok {
				funcs = append(funcs, [2]token.Pos{f.Body.Pos(), f.Body.End()})
			}
			return true
		})
	}
	topLevel := func(p token.Pos) bool {
		for _, f := range funcs {
			if p > f[0] && p < f[1] {
				return false
			}
		}
		return s.kind == segStmt
	}
	var last ast.Stmt // the cell's last statement, compiled apart when it is an expression
	if s.kind == segStmt && len(s.stmts) > 0 {
		last = s.stmts[len(s.stmts)-1]
	}
	c.inspect(func(n ast.Node) bool {
		if x, ok := n.(*ast.ExprStmt); ok && x != last && startsGoroutine(x) {
			// sync.WaitGroup.Go (Go 1.25) and its kin start the goroutine
			// in compiled code: one processor from here too. (Known by
			// the name only: a method Go of another type that calls its
			// function literal at once gets its panics reported, not
			// raised.)
			if a, _, in := c.span(x); in {
				edits = append(edits, edit{a, a, "_yakGo(); "})
			}
			// A panic in that goroutine would end the kernel: a function
			// literal recovers it, as a go statement's does.
			if lit, ok := x.X.(*ast.CallExpr).Args[0].(*ast.FuncLit); ok {
				if at := s.offset(lit.Body.Lbrace) + 1; at > c.start && at <= c.end {
					edits = append(edits, edit{at, at, " " + e.recoverAt(c.code, s, x.Pos())})
				}
			}
			return true
		}
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		gs, ge, in := c.span(g)
		if !in {
			return true
		}
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
			at := s.offset(lit.Body.Lbrace) + 1
			edits = append(edits, edit{at, at, " " + e.recoverAt(c.code, s, g.Pos())})
			if topLevel(g.Pos()) {
				edits = append(edits, edit{gs, gs, "func() { _yakGo(); "}, edit{ge, ge, " }()"})
			} else {
				edits = append(edits, edit{gs, gs, "_yakGo(); "})
			}
			return true
		}
		edits = append(edits, edit{gs, ge, e.goCall(c.code, s, g.Call)})
		return false
	})
	return edits
}

// goCall rewrites `go f(a, b)` so the goroutine recovers its panics while
// the arguments are still evaluated by the go statement, as Go does:
//
//	func() { t1 := a; _yakGo(); go func() { defer _yakRecoverAt(site); f(t1, b) }() }()
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
	inner := fmt.Sprintf("_yakGo(); go func() { %s %s(%s%s) }()", e.recoverAt(code, s, call.Pos()), text(call.Fun), strings.Join(args, ", "), ellipsis)
	if len(tmps) == 0 {
		return "func() { " + inner + " }()"
	}
	return fmt.Sprintf("func() { %s := %s; %s }()", strings.Join(tmps, ", "), strings.Join(vals, ", "), inner)
}

// startsGoroutine reports whether a statement is a call x.Go(f) of one
// argument (sync.WaitGroup.Go, errgroup.Group.Go).
func startsGoroutine(x *ast.ExprStmt) bool {
	call, ok := x.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Go"
}

// goSite is where a cell started goroutines: a panic in one is reported
// with it, since yaegi prints no frame for a panic that the goroutine's
// own function literal recovers.
type goSite struct {
	cell, line, col int
	src             string
}

// goSites lists the go statements compiled, by the index that their
// _yakRecoverAt call passes.
type goSites struct {
	mu    sync.Mutex
	sites []goSite
}

// recoverAt is the deferred call that recovers a goroutine's panic and
// reports it with the position of pos, the go statement (or x.Go call).
func (e *Engine) recoverAt(code string, s *segment, pos token.Pos) string {
	off := s.offset(pos)
	if off < 0 || off > len(code) {
		return "defer _yakRecover();"
	}
	line := 1 + strings.Count(code[:off], "\n")
	col := off - strings.LastIndex(code[:off], "\n")
	e.goSites.mu.Lock()
	defer e.goSites.mu.Unlock()
	e.goSites.sites = append(e.goSites.sites, goSite{e.cellNo, line, col, lineOf(code, line)})
	return fmt.Sprintf("defer _yakRecoverAt(%d);", len(e.goSites.sites)-1)
}

// site returns the go statement of index i.
func (g *goSites) site(i int) (goSite, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if i < 0 || i >= len(g.sites) {
		return goSite{}, false
	}
	return g.sites[i], true
}
