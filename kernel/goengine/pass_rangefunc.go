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
// loop (a return from inside the loop leaves it waiting, blocked, in its
// goroutine).
func rangeFuncPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	labels := map[*ast.RangeStmt]*ast.LabeledStmt{}
	c.inspect(func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			if r, ok := l.Stmt.(*ast.RangeStmt); ok {
				labels[r] = l
			}
		}
		r, ok := n.(*ast.RangeStmt)
		if !ok || !c.funcLike(r.X) {
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
		head := fmt.Sprintf("{ %s, %s := %s%s(%s); %sfor { %s; if !%s { break };%s", next, stop, pull, c.iterTypeArgs(r.X), c.text(r.X), label, get, okv, assign)
		edits = append(edits, edit{a, lb + 1, head}, edit{rb + 1, rb + 1, "; " + stop + "() }"})
		return true
	})
	return edits
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
