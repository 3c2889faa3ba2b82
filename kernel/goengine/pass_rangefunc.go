package goengine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// rangeFuncPass: range over a function (Go 1.23: iter.Seq, slices.All,
// maps.Keys, a method returning an iterator) crashes yaegi. When the range
// expression is an iterator (by what the engine can see, pass_scope.go)
// the loop pulls its values from the prelude's _yakPull (an iter.Pull in
// interpreted code: the iterator runs in a goroutine that hands over one
// value at a time, so the loop body and the iterator never run at once):
//
//	for k, v := range seq {  =>  { _yakNx1, _yakSx1 := _yakPull2(seq); for { k, v, _yakOk1 := _yakNx1(); if !_yakOk1 { break };
//	}                        =>  }; _yakSx1() }
//
// break and continue keep their meaning; the iterator is stopped after the
// loop. In a function, a loop that a return, goto or labeled branch can
// leave, or that no other loop of the function holds (a panic can leave
// it too), also defers the stop, so that the iterator's yield returns false
// and its goroutine ends however the loop is left:
//
//	{ _yakNx1, _yakSx1 := _yakPull1(seq); defer _yakSx1(); for { ...
//
// (stop is idempotent; a loop inside another loop without such a jump
// defers nothing, so that defers do not pile up in the function's frame:
// a panic out of it leaves the iterator's goroutine waiting).
func rangeFuncPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	labels := map[*ast.RangeStmt]*ast.LabeledStmt{}
	// funcs are the bodies of the functions seen so far, loops the loops
	// (ast.Inspect visits a node before the nodes inside it).
	var funcs []*ast.BlockStmt
	var loops []ast.Node
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				funcs = append(funcs, n.Body)
			}
		case *ast.FuncLit:
			funcs = append(funcs, n.Body)
		case *ast.ForStmt:
			loops = append(loops, n)
		}
		if l, ok := n.(*ast.LabeledStmt); ok {
			if r, ok := l.Stmt.(*ast.RangeStmt); ok {
				labels[r] = l
			}
		}
		r, ok := n.(*ast.RangeStmt)
		if !ok {
			return true
		}
		if !c.funcLike(r.X) {
			loops = append(loops, r)
			return true
		}
		start := r.Pos()
		label := ""
		if l := labels[r]; l != nil {
			start = l.Pos()
			label = l.Label.Name + ": "
		}
		a := c.s.offset(start)
		lb := c.s.offset(r.Body.Lbrace)
		rb := c.s.offset(r.Body.Rbrace)
		if a < c.start || rb+1 > c.end {
			return true
		}
		e.st.tmp++
		id := e.st.tmp
		next, stop, okv := fmt.Sprintf("_yakNx%d", id), fmt.Sprintf("_yakSx%d", id), fmt.Sprintf("_yakOk%d", id)
		name := func(x ast.Expr, i int) string {
			if x == nil {
				return "_"
			}
			if r.Tok == token.DEFINE {
				return c.text(x)
			}
			return fmt.Sprintf("_yakV%d_%d", id, i)
		}
		pull := "_yakPull1"
		vars := name(r.Key, 0)
		if r.Value != nil {
			pull = "_yakPull2"
			vars += ", " + name(r.Value, 1)
		}
		get := fmt.Sprintf("%s, %s := %s()", vars, okv, next)
		assign := ""
		if r.Tok == token.ASSIGN {
			if r.Key != nil {
				assign += fmt.Sprintf(" %s = _yakV%d_0;", c.text(r.Key), id)
			}
			if r.Value != nil {
				assign += fmt.Sprintf(" %s = _yakV%d_1;", c.text(r.Value), id)
			}
		}
		deferStop := ""
		if body := innermost(funcs, r); body != nil && (leavesLoop(r.Body) || !nestedIn(loops, body, r)) {
			deferStop = " defer " + stop + "();"
		}
		loops = append(loops, r)
		head := fmt.Sprintf("{ %s, %s := %s%s(%s);%s %sfor { %s; if !%s { break };%s", next, stop, pull, c.iterTypeArgs(r.X), c.text(r.X), deferStop, label, get, okv, assign)
		edits = append(edits, edit{a, lb + 1, head}, edit{rb + 1, rb + 1, "; " + stop + "() }"})
		return true
	})
	return edits
}

// innermost is the body of the innermost function that holds n, nil for
// none (a top-level statement).
func innermost(funcs []*ast.BlockStmt, n ast.Node) *ast.BlockStmt {
	var in *ast.BlockStmt
	for _, b := range funcs {
		if b.Pos() <= n.Pos() && n.End() <= b.End() && (in == nil || in.Pos() <= b.Pos()) {
			in = b
		}
	}
	return in
}

// nestedIn reports whether a loop inside body (the function's, not in a
// function literal of it) holds n.
func nestedIn(loops []ast.Node, body *ast.BlockStmt, n ast.Node) bool {
	for _, l := range loops {
		if l != n && body.Pos() <= l.Pos() && l.Pos() <= n.Pos() && n.End() <= l.End() && !funcLitBetween(l, n) {
			return true
		}
	}
	return false
}

// funcLitBetween reports whether a function literal inside outer holds n.
func funcLitBetween(outer, n ast.Node) bool {
	found := false
	ast.Inspect(outer, func(x ast.Node) bool {
		if f, ok := x.(*ast.FuncLit); ok && f.Pos() <= n.Pos() && n.End() <= f.End() {
			found = true
		}
		return !found
	})
	return found
}

// leavesLoop reports whether body holds a return, a goto or a labeled
// break or continue (outside function literals): statements that can leave
// the loop past the stop that follows it.
func leavesLoop(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if x.Tok == token.GOTO || x.Label != nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// iterTypeArgs writes out the type arguments of _yakPull1 or _yakPull2
// ("[string]") when x is an iterator of compiled code (strings.SplitSeq's
// iter.Seq[string]): yaegi cannot infer them from a compiled named
// function type. "" when x is not one or a type cannot be written.
func (c *passCtx) iterTypeArgs(x ast.Expr) string {
	t := c.compiledIterType(x)
	if t == nil || !isIterKind(t) {
		return ""
	}
	yield := t.In(0)
	var args []string
	for i := 0; i < yield.NumIn(); i++ {
		gt := fromReflect(yield.In(i))
		if gt == nil {
			return ""
		}
		args = append(args, gt.String())
	}
	return "[" + strings.Join(args, ", ") + "]"
}

// compiledIterType is the reflect type of x when x is the result of a
// compiled function or method, or a variable holding one.
func (c *passCtx) compiledIterType(x ast.Expr) reflect.Type {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return c.compiledIterType(x.X)
	case *ast.CallExpr:
		f, ok := x.Fun.(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if t := c.e.symbolType(f); t != nil && t.NumOut() == 1 && t.Out(0).PkgPath() != "" {
			return t.Out(0)
		}
		if recv := c.typeOf(f.X); recv != nil && recv.rt != nil {
			if m, ok := recv.rt.MethodByName(f.Sel.Name); ok && m.Type.NumOut() == 1 && m.Type.Out(0).PkgPath() != "" {
				return m.Type.Out(0)
			}
		}
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			if d.kind == "var" && d.typ == nil && d.val != nil {
				return c.compiledIterType(d.val)
			}
			return nil
		}
		if v, ok := c.e.globalValue(x.Name); ok && v.Type().PkgPath() != "" {
			return v.Type()
		}
	}
	return nil
}
