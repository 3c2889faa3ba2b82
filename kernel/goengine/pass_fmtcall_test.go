package goengine

import "testing"

func TestFmtCallPass(t *testing.T) {
	decl := "type T float64\nfunc (t T) String() string { return \"t\" }\nfunc one() T { return 1 }\nfunc two() (T, error) { return 1, nil }\ntype S interface{ String() string }\n"
	testPass(t, []passCase{
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Println(one()) }", want: decl + "func f() { fmt.Println((one())) }", why: "a parenthesized call result keeps the String method of its cell type"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Println(two()) }", want: decl + "func f() { fmt.Println(two()) }", why: "(f()) of a two-result f is not Go"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { fmt.Printf(\"%v %v\", one(), T(2).String()) }", want: decl + "func f() { fmt.Printf(\"%v %v\", (one()), (T(2).String())) }", why: "beside other arguments every call has one result"},
		{setup: []string{"import (\"fmt\"; \"strings\")"}, in: decl + "func f() { fmt.Println(strings.ToUpper(\"a\"), T(3)) }", want: decl + "func f() { fmt.Println(strings.ToUpper(\"a\"), T(3)) }", why: "compiled functions and conversions are left alone"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() { var s S = T(1); var x T; fmt.Println(s, x) }", want: decl + "func f() { var s S = T(1); var x T; fmt.Println(any(s), x) }", why: "a variable of a cell interface type keeps its dynamic value's methods through any"},
	})
}
