package goengine

import "testing"

func TestNewExprPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f() *int { return new(42) }", want: "func f() *int { return _yakNew(42) }", why: "a literal is a value: new(expr) of Go 1.26"},
		{in: "type T struct{}\nfunc f() *T { return new(T) }", want: "type T struct{}\nfunc f() *T { return new(T) }", why: "a type stays new(T)"},
		{setup: []string{"x := 3"}, in: "func f() *int { return new(x) }", want: "func f() *int { return _yakNew(x) }", why: "a variable of an earlier cell is a value"},
		{in: "func f(s []int) *int { return new(len(s) + 1) }", want: "func f(s []int) *int { return _yakNew(len(s) + 1) }", why: "an expression"},
		{in: "func f() (*bool, *int) { const k = 2; return new(true), new(k) }", want: "func f() (*bool, *int) { const k = 2; return _yakNew(true), _yakNew(k) }", why: "the predeclared true and false, and a constant, are values"},
	})
}
