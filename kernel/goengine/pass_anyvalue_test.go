package goengine

import "testing"

func TestAnyValuePass(t *testing.T) {
	types := "type C struct{ S int }\nfunc (c C) M() {}\ntype P struct{ S int }\nfunc (p *P) M() {}\ntype B struct{ S int }\ntype T float64\nfunc (t T) M() {}\n"
	testPass(t, []passCase{
		{in: types + "func f() { var x any = C{1}; var y interface{} = &P{2}; _, _ = x, y }",
			want: types + "func f() { var x any = []any{C{1}}[0]; var y interface{} = []any{&P{2}}[0]; _, _ = x, y }",
			why:  "yaegi stores a value that goes straight into an any without its type; through a []any it keeps it"},
		{in: types + "func f() { var x any; x = T(3); y := any(C{1}); _, _ = x, y }",
			want: types + "func f() { var x any; x = []any{T(3)}[0]; y := any([]any{C{1}}[0]); _, _ = x, y }",
			why:  "an assignment to a variable declared any, and a conversion to any"},
		{in: types + "func f() { var x any = B{1}; var z C = C{3}; var w any = &C{4}; _, _, _ = x, z, w }",
			want: types + "func f() { var x any = B{1}; var z C = C{3}; var w any = &C{4}; _, _, _ = x, z, w }",
			why:  "values whose type yaegi never keeps in an any (no methods; a pointer whose methods have value receivers), and a variable of the cell type: left alone"},
		{in: types + "func f() (any, C) { g := func() any { return C{1} }; _ = g; return T(2), C{3} }",
			want: types + "func f() (any, C) { g := func() any { return []any{C{1}}[0] }; _ = g; return []any{T(2)}[0], C{3} }",
			why:  "a result of type any, in a function and a function literal (each its own)"},
	})
	testPass(t, []passCase{
		{setup: []string{types + "var g any"}, in: "g = C{1}", want: "g = []any{C{1}}[0]",
			why: "a variable of type any declared in an earlier cell"},
	})
}
