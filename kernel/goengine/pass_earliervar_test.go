package goengine

import "testing"

func TestEarlierVarPass(t *testing.T) {
	base := []string{"import \"strings\"", "var base = []int{1, 2, 3}", "type pt struct{ x int }\nvar pts = []pt{{1}}"}
	testPass(t, []passCase{
		{setup: base, in: "var y = len(base) * 2\nfunc f() int { return y }",
			want: "var y int; func init() { y = len(base) * 2 }\nfunc f() int { return y }",
			why:  "yaegi reports a variable that reads an earlier cell's variable as a \"variable definition loop\" beside a function: an init function assigns it"},
		{setup: base, in: "var (\n\ta = 1\n\tw = strings.Repeat(\"x\", len(base))\n)\nfunc f() string { return w }",
			want: "var (\n\ta = 1\n\tw string ); func init() { w = strings.Repeat(\"x\", len(base)) }; var (\n)\nfunc f() string { return w }",
			why:  "in a var group the group is closed before the init function and opened after it, on the spec's line"},
		{setup: base, in: "var n int = base[0] +\n\t10\nvar first = pts[0]\ntype t struct{}",
			want: "var n int; func init() { n = base[0] +\n\t10 }\nvar first pt; func init() { first = pts[0] }\ntype t struct{}",
			why:  "a written type is kept; an earlier cell's variable of a cell type gives its element type; a value over several lines keeps them"},
		{setup: base, in: "var z = g()\nfunc g() int { return y + 1 }\nvar y = base[1]",
			want: "var z int; func init() { z = g() }\nfunc g() int { return y + 1 }\nvar y int; func init() { y = base[1] }",
			why:  "a variable whose initializer calls a function that reads a moved one moves too (the init functions run in the cell's order)"},
		{setup: []string{"func two() (int, error) { return 7, nil }"}, in: "var q, err = two()\nfunc useQ() int { return q }",
			want: "var q int; var err error; func init() { q, err = two() }\nfunc useQ() int { return q }",
			why:  "yaegi makes the variables of var a, err = f() locals of a declaration"},
		{setup: base, in: "var k = 2\nfunc f() int { return k }",
			want: "var k = 2\nfunc f() int { return k }",
			why:  "no earlier cell's variable read: yaegi orders it"},
		{setup: base, in: "func f() int {\n\tbase := 1\n\treturn base\n}\nvar v = f()",
			want: "func f() int {\n\tbase := 1\n\treturn base\n}\nvar v = f()",
			why:  "a local that shadows the earlier variable is not a read of it"},
	})
}
