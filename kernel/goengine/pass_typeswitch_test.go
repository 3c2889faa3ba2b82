package goengine

import "testing"

func TestTypeSwitchPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x any) { switch x.(type) { case int: } }", want: "func f(x any) { switch _yakTS := x.(type) { case int: } }",
			why: "without a variable yaegi compares type names, and a cell struct type never matches"},
		{in: "func f(x any) { switch v := x.(type) { case int: _ = v } }", want: "func f(x any) { switch v := x.(type) { case int: _ = v } }",
			why: "with a variable already: left alone"},
		{in: "func f(x any) { switch y := x; y.(type) {} }", want: "func f(x any) { switch y := x; _yakTS := y.(type) {} }",
			why: "after an init statement"},
	})
}
