package goengine

import "testing"

func TestFuncArgPass(t *testing.T) {
	decls := "func even(n int) bool { return n%2 == 0 }\nfunc count(f func(int) bool, ns ...int) int { return len(ns) }"
	testPass(t, []passCase{
		{setup: []string{decls}, in: "func g(xs []int) int { return count(even, xs...) }", want: "func g(xs []int) int { return count((func(int) bool)(even), xs...) }",
			why: "a declared function given to a call that spreads a slice is converted to the parameter's type"},
		{setup: []string{decls}, in: "func g() int { return count(even, 1, 2) }", want: "func g() int { return count(even, 1, 2) }", why: "no spread: yaegi passes it well"},
		{setup: []string{decls}, in: "func g(xs []int) int { f := func(n int) bool { return n > 0 }; return count(f, xs...) }",
			want: "func g(xs []int) int { f := func(n int) bool { return n > 0 }; return count(f, xs...) }", why: "a variable is a value already"},
		{in: "type pred func(int) bool\nfunc even(n int) bool { return n%2 == 0 }\nfunc count(f pred, ns ...int) int { return len(ns) }\nfunc g(xs []int) int { return count(even, xs...) }",
			want: "type pred func(int) bool\nfunc even(n int) bool { return n%2 == 0 }\nfunc count(f pred, ns ...int) int { return len(ns) }\nfunc g(xs []int) int { return count((pred)(even), xs...) }", why: "a function type declared in the cell"},
		{setup: []string{"type pred func(int) bool", decls + "\nfunc pick(f pred, ns ...int) int { return len(ns) }"}, in: "func g(xs []int) int { return pick(even, xs...) }",
			want: "func g(xs []int) int { return pick((pred)(even), xs...) }", why: "a function type declared by an earlier cell"},
		{in: "func main() { count(even, []int{1}...) }\ntype pred func(int) bool\nfunc count(f pred, ns ...int) int { return len(ns) }\nfunc even(n int) bool { return n%2 == 0 }",
			want: "func main_ʸ0() { count((pred)(even), []int{1}...) }\ntype pred func(int) bool\nfunc count(f pred, ns ...int) int { return len(ns) }\nfunc even(n int) bool { return n%2 == 0 }", why: "functions and types declared later in the cell, as Go allows"},
	})
}
