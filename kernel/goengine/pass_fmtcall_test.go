package goengine

import "testing"

func TestFmtCallPass(t *testing.T) {
	decl := "type T float64\nfunc (t T) String() string { return \"t\" }\nfunc one() T { return 1 }\nfunc two() (T, error) { return 1, nil }\ntype S interface{ String() string }\ntype U struct{ N int }\nfunc mk() U { return U{} }\n"
	leafT := `"T", "T\x1ffloat64", "T=S", func(v T, m int, f string) string { switch m { case 1: return v.String() }; return fmt.Sprintf(f, v) })`
	testPass(t, []passCase{
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Println(mk()) }", want: decl + "func f() { fmt.Println((mk())) }", why: "a parenthesized call result keeps the methods of its cell type"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Printf(\"%d\", one()) }", want: decl + "func f() { fmt.Printf(\"%d\", _yakhook.Fmt(one(), " + leafT + ") }", why: "a value of a cell type with a String method goes through the engine's adapter, with its type (%d names it)"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Println(one()) }", want: decl + "func f() { fmt.Println((one())) }", why: "printed with %v, a value whose only fmt method is String is left to yaegi's Stringer wrapper (the adapter costs more in a loop)"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f(x any, y error) { fmt.Printf(\"%T %T %v\", x, y, x) }", want: decl + "func f(x any, y error) { fmt.Printf(\"%T %T %v\", _yakhook.Held(x), _yakhook.Held(y), x) }", why: "%T of an any or an error goes to the print function as yaegi holds it (with its type), not as its Stringer wrapper"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Println(two()) }", want: decl + "func f() { fmt.Println(two()) }", why: "(f()) of a two-result f is not Go"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Printf(\"%v %v\", mk(), T(2).String()) }", want: decl + "func f() { fmt.Printf(\"%v %v\", (mk()), (T(2).String())) }", why: "beside other arguments every call has one result"},
		{setup: []string{"import (\"fmt\"; \"strings\")"}, in: decl + "func f() { fmt.Println(strings.ToUpper(\"a\"), U{3}) }", want: decl + "func f() { fmt.Println(strings.ToUpper(\"a\"), U{3}) }", why: "compiled functions, and cell structs without fmt methods, are left alone"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { var s S = T(1); fmt.Println(s) }", want: decl + "func f() { var s S = T(1); fmt.Println(_yakhook.Fmt(any(s), \"S\", \"\", \"any=\", func(v any, f string) string { if s, ok := _yakFmtLeaf(v, f); ok { return s }; return fmt.Sprintf(f, v) })) }", why: "a variable of a cell interface type, converted to any, keeps its dynamic value's methods and type (for %T)"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { var s S = T(1); fmt.Println(&s) }", want: decl + "func f() { var s S = T(1); fmt.Println(&s) }", why: "a pointer to an interface holds no cell type with fmt methods that the adapter could reach"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { ts := []T{1}; fmt.Printf(\"%v %w\", ts, nil) }", want: decl + "func f() { ts := []T{1}; fmt.Printf(\"%v %w\", _yakhook.Fmt(ts, \"[]T\", \"T\\x1ffloat64\", \"T=S\", func(v T, m int, f string) string { switch m { case 1: return v.String() }; return fmt.Sprintf(f, v) }), nil) }", why: "a slice of a cell type reaches fmt as a slice of its underlying type: the adapter knows its element type"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { e := T(1); _ = fmt.Errorf(\"%w %d\", e, e) }", want: decl + "func f() { e := T(1); _ = fmt.Errorf(\"%w %d\", e, _yakhook.Fmt(e, " + leafT + ") }", why: "Errorf's %w needs the value itself (errors.Unwrap), %d the adapter"},
	})
}
