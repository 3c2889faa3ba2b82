package goengine

import "testing"

func TestRecoverPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f() { defer func() { if err, ok := recover().(error); ok { println(err.Error()) } }() }",
			want: "func f() { defer func() { if err, ok := _yakhook.Recovered(_yakNonNil(recover())).(error); ok { println(err.Error()) } }() }",
			why:  "yaegi's recover returns the value inside a reflect.Value: the engine takes it out so type assertions see it (and okassert guards the nil of no panic)"},
		{in: "func f() { defer func() { r := recover(); _ = r }() }",
			want: "func f() { defer func() { r := _yakhook.Recovered(recover()); _ = r }() }",
			why:  "every call of the builtin, not only asserted ones"},
		{in: "func f() { defer recover() }", want: "func f() { defer recover() }",
			why: "a deferred recover() stays: wrapping it would call recover at the defer statement"},
		{in: "func f(recover func() any) { _ = recover() }", want: "func f(recover func() any) { _ = recover() }",
			why: "a local function named recover is not the builtin"},
	})
}
