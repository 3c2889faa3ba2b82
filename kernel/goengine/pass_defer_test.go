package goengine

import "testing"

func TestDeferPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func d() { x := 1; defer println(\"x\", x); x = 2 }", want: "func d() { x := 1; _yakD1 := x; defer println(\"x\", _yakD1); x = 2 }",
			why: "yaegi reads a deferred call's variables when the call runs; Go evaluates them at the defer"},
		{in: "func d() { defer println(\"done\", 1) }", want: "func d() { defer println(\"done\", 1) }", why: "constant arguments stay"},
	})
}
