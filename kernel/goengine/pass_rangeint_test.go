package goengine

import "testing"

func TestRangeIntPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "for i := range 3 {}", want: "func() { for i, _yakN1 := (3)-(3), 3; i < _yakN1; i++ {} }()", why: "a constant bound"},
		{in: "n := 4\nfor i := range n {}", want: "n := 4\nfunc() { for i, _yakN1 := (n)-(n), n; i < _yakN1; i++ {} }()", why: "a variable of the cell"},
		{setup: []string{"var k int64 = 2"}, in: "for range k {}", want: "func() { for _yakI1, _yakN1 := (k)-(k), k; _yakI1 < _yakN1; _yakI1++ {} }()", why: "a variable of an earlier cell; n-n keeps its type"},
		{in: "func f(n int) { for i := range n - 1 { _ = i } }", want: "func f(n int) { for i, _yakN1 := (n - 1)-(n - 1), n - 1; i < _yakN1; i++ { _ = i } }", why: "a parameter, in an expression"},
		{in: "s := []int{1}\nfor i := range len(s) {}", want: "s := []int{1}\nfunc() { for i, _yakN1 := (len(s))-(len(s)), len(s); i < _yakN1; i++ {} }()", why: "len is an int"},
		{in: "s := []int{1}\nfor i := range s {}", want: "s := []int{1}\nfor i := range s {}", why: "a slice stays"},
		{in: "func f() { for i := range 2 { k := i + 1; for j := range k { _ = j } } }", want: "func f() { for i, _yakN1 := (2)-(2), 2; i < _yakN1; i++ { k := i + 1; for j, _yakN2 := (k)-(k), k; j < _yakN2; j++ { _ = j } } }", why: "the key of a range over an integer is an integer"},
		{in: "func f(xs []int) { for _, x := range xs { for j := range x { _ = j } } }", want: "func f(xs []int) { for _, x := range xs { for j, _yakN1 := (x)-(x), x; j < _yakN1; j++ { _ = j } } }", why: "the value of a range over []int is an integer"},
		{in: "func f(m map[string]int) { for k := range m { for j := range k { _ = j } } }", want: "func f(m map[string]int) { for k := range m { for j := range k { _ = j } } }", why: "the key of a map: not known to be an integer"},
		{in: "for i, v := range \"ab\" {}", want: "for i, v := range \"ab\" {}", why: "a string stays"},
	})
}
