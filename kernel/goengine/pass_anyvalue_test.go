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
		{in: types + "func f() { var x any = B{1}; var z C = C{3}; _, _ = x, z }",
			want: types + "func f() { var x any = B{1}; var z C = C{3}; _, _ = x, z }",
			why:  "a value of a type without methods (yaegi never keeps its type in an any), and a variable of the cell type: left alone"},
		{in: types + "func g(n int, xs ...any) {}\nfunc f() { p := &C{1}; var w any = &C{4}; g(1, p, &C{5}); _ = []any{&C{6}, 2} }",
			want: types + "func g(n int, xs ...any) {}\nfunc f() { p := &C{1}; var w any = []interface{ M() }{&C{4}}[0]; g(1, []interface{ M() }{p}[0], []interface{ M() }{&C{5}}[0]); _ = []any{[]interface{ M() }{&C{6}}[0], 2} }",
			why:  "yaegi passes a pointer whose methods have value receivers to an any without its type, also through a []any; through a slice of its method set it keeps it (also for a cell function's parameter of type any and a []any's elements)"},
		{in: types + "func f() { c := C{1}; var b B; var x any = c; y := interface{}(c); z := any(b); _, _, _ = x, y, z }",
			want: types + "func f() { c := C{1}; var b B; var x any = []any{c}[0]; y := interface{}([]any{c}[0]); z := any(b); _, _, _ = x, y, z }",
			why:  "a variable of a cell type with methods goes there through a []any too"},
		{in: types + "func f() (any, C) { g := func() any { return C{1} }; _ = g; return T(2), C{3} }",
			want: types + "func f() (any, C) { g := func() any { return []any{C{1}}[0] }; _ = g; return []any{T(2)}[0], C{3} }",
			why:  "a result of type any, in a function and a function literal (each its own)"},
	})
	testPass(t, []passCase{
		{setup: []string{types + "var g any"}, in: "g = C{1}", want: "g = []any{C{1}}[0]",
			why: "a variable of type any declared in an earlier cell"},
	})
}
