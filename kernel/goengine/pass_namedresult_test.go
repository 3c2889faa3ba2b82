package goengine

import "testing"

func TestNamedResultPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func sum(xs []int) (s int) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn\n}",
			want: "func sum(xs []int) (s int) { s = *new(int);\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn\n}",
			why:  "yaegi keeps named results from the last call at the same place in a loop: they are zeroed first"},
		{in: "func f() (a, b []string, _ error) { return }", want: "func f() (a, b []string, _ error) { a, b = *new([]string), *new([]string); return }", why: "several names; the blank one is left"},
		{in: "g := func() (n int) { n++; return }", want: "g := func() (n int) { n = *new(int); n++; return }", why: "a function literal"},
		{in: "func f() int { return 1 }", want: "func f() int { return 1 }", why: "unnamed results are left"},
		{setup: []string{"type T struct{}", "type T struct{ x int }"}, in: "func f() (t T) { return }", want: "func f() (t T_ʸ1) { t = *new(T_ʸ1); return }", why: "a redefined type by its internal name"},
	})
}
