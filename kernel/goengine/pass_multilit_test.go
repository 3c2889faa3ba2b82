package goengine

import "testing"

func TestMultiLitPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f() { s, x := []int{1}, 1.5; _, _ = s, x }", want: "func f() { s, x := ([]int{1}), 1.5; _, _ = s, x }", why: "yaegi zeroes the other values of an assignment with a composite literal"},
		{in: "type P struct{ X int }\nvar p, n = P{1}, 2", want: "type P struct{ X int }\nvar p, n = (P{1}), 2", why: "a declaration of several values"},
		{in: "func f() { for a, i := [2]int{}, 0; i < 2; i++ { _ = a } }", want: "func f() { for a, i := ([2]int{}), 0; i < 2; i++ { _ = a } }", why: "a loop's init"},
		{in: "func f() { s := []int{1}; _ = s }", want: "func f() { s := []int{1}; _ = s }", why: "one value: nothing to lose"},
		{in: "func f() { var p *[]int; var n int; p, n = &[]int{1}, 2; _, _ = p, n }", want: "func f() { var p *[]int; var n int; p, n = &[]int{1}, 2; _, _ = p, n }", why: "&T{...} is assigned correctly"},
	})
}
