package goengine

import (
	"errors"
	"go/ast"
	"sync/atomic"

	"github.com/yaknb/yak/kernel/stdlib"
)

// A Go program ends when its main returns: goroutines still running die
// with it, and what they would have printed next never appears. Tutorials
// show exactly that (`go hello(); fmt.Println("main end")` prints only
// "main end"). In a notebook nothing ends, so a goroutine that main started
// prints on after it. When a cell's last statement calls the main that a
// cell declared (or a cell is a whole program, package clause included),
// the engine ends the program's output there: what is written after main
// returned, up to the next cell, is dropped, panics of goroutines
// included. Everything main printed itself is kept: the pipes mark the
// point where main returned (pipe.mark), and the router drops only what
// follows the mark.
//
// The goroutines themselves run on (Go offers no way to stop them); the
// next cell's output is shown again.
//
// os.Exit ends the program too: Go runs no deferred call then, so what they
// print is dropped (the cell still stops by a panic, which runs them).
// os.Exit(0) is the program's normal end: the cell stops without an error,
// as `go run` exits with status 0; another code is an error that names it.
type progEnd struct {
	gen   atomic.Uint64 // changes at every end and resume, so a late mark mutes nothing
	ended atomic.Bool
}

// errExit0 is what running a cell returns after os.Exit(0).
var errExit0 = errors.New("os.Exit(0)")

// osExit is os.Exit in cells.
func (e *Engine) osExit(code int) {
	e.endProgram()
	panic(stdlib.ExitError{Code: code})
}

// exitedZero reports whether a panic value is that of os.Exit(0).
func exitedZero(r any) bool {
	x, ok := unwrap(r).(stdlib.ExitError)
	return ok && x.Code == 0
}

// endProgram drops output written from now until the next cell.
func (e *Engine) endProgram() {
	g := e.ends.gen.Add(1)
	e.ends.ended.Store(true)
	for i, p := range []*pipe{e.stdout, e.stderr} {
		p.mark(func() {
			if e.ends.gen.Load() == g {
				e.out.mute(i, true)
			}
		})
	}
}

// resumeOutput shows output again (at the start of a cell); what the
// ended program's goroutines wrote before is dropped.
func (e *Engine) resumeOutput() {
	if !e.ends.ended.Load() {
		return
	}
	e.syncOutput()
	e.ends.gen.Add(1)
	e.ends.ended.Store(false)
	e.out.mute(0, false)
	e.out.mute(1, false)
}

// callsMain reports whether the last statement of the cell calls the main
// function that a cell declared.
func (e *Engine) callsMain(segs []segment) bool {
	if len(segs) == 0 {
		return false
	}
	s := segs[len(segs)-1]
	if s.kind != segStmt || len(s.stmts) == 0 {
		return false
	}
	if !isMainCallStmt(s.stmts[len(s.stmts)-1]) {
		return false
	}
	d, ok := e.st.names["main"]
	return ok && d.kind == "func"
}

// isMainCallStmt reports whether a statement is the call main().
func isMainCallStmt(st ast.Stmt) bool {
	x, ok := st.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := x.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	return ok && id.Name == "main"
}
