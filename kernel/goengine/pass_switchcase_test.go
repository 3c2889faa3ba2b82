package goengine

import "testing"

func TestSwitchCasePass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x int) bool { switch { case x > 6, x < 8: return true }; return false }", want: "func f(x int) bool { switch { case (x > 6) || (x < 8): return true }; return false }",
			why: "yaegi takes a tagless case as false when its first condition is false: the conditions are joined by ||"},
		{in: "func f(x int) bool { switch true { case x > 6, x < 8: return true }; return false }", want: "func f(x int) bool { switch true { case (x > 6) || (x < 8): return true }; return false }", why: "switch true is the same"},
		{in: "func f(x int) bool { switch x { case 1, 2: return true }; return false }", want: "func f(x int) bool { switch x { case 1, 2: return true }; return false }", why: "a switch with a tag compares each value: left alone"},
		{in: "func f(x int) bool { switch { case x > 6,\n\tx < 8: return true }; return false }", want: "func f(x int) bool { switch { case (x > 6) ||\n\t(x < 8): return true }; return false }", why: "a case over two lines keeps its line break"},
	})
}
