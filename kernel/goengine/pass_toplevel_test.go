package goengine

import "testing"

func TestTopLevelPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "for i := 0; i < 2; i++ {\n\tv, err := f(i)\n\t_, _ = v, err\n}",
			want: "func() { for i := 0; i < 2; i++ {\n\tv, err := f(i)\n\t_, _ = v, err\n} }()",
			why:  "yaegi fails on := of several values in a top-level loop ('undefined: err')"},
		{in: "if x, y := 1, 2; x > y {}", want: "func() { if x, y := 1, 2; x > y {} }()", why: "an if statement's variables are its own"},
		{in: "for _, k := range []int{1} { println(k) }", want: "for _, k := range []int{1} { println(k) }", why: "what yaegi runs right at the top level stays there"},
		{in: "x := 1\nx++", want: "x := 1\nx++", why: "simple statements stay: their variables are the cell's"},
		{in: "for {\n\tdefer f()\n}", want: "for {\n\tdefer f()\n}", why: "a defer would run when the function literal returns"},
	})
}
