package goengine

import "testing"

func TestIfaceAssertPass(t *testing.T) {
	decl := "type I interface{ M() }\n"
	testPass(t, []passCase{
		{in: decl + "func f(x any) bool { _, ok := x.(I); return ok }", want: decl + "func f(x any) bool { _, ok := func(_yakV any) (I, bool) { switch _yakW := _yakV.(type) { case I: return _yakW, true }; return nil, false }(x); return ok }",
			why: "yaegi panics on an assertion to a cell's interface that a type switch matches: the comma-ok form becomes a type switch"},
		{in: decl + "func f(x any) { x.(I).M() }", want: decl + "func f(x any) { func(_yakV any) I { switch _yakW := _yakV.(type) { case I: return _yakW }; return _yakV.(I) }(x).M() }",
			why: "the single-value form too; a value without the methods still panics in the assertion"},
		{in: decl + "func f(x any) bool { _, ok := x.(error); return ok }", want: decl + "func f(x any) bool { _, ok := _yakNonNil(x).(error); return ok }",
			why: "an interface that no cell declares: left to the okassert pass"},
		{in: "type P struct{}\nfunc f(x any) bool { _, ok := x.(P); return ok }", want: "type P struct{}\nfunc f(x any) bool { _, ok := x.(P); return ok }",
			why: "a cell's struct type: left alone"},
	})
}
