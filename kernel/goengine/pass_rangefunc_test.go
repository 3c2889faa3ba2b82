package goengine

import "testing"

func TestRangeFuncPass(t *testing.T) {
	seq := "func count(n int) func(func(int) bool) { return func(yield func(int) bool) {} }"
	testPass(t, []passCase{
		{setup: []string{seq}, in: "for v := range count(3) { if v > 1 { break } }",
			want: "func() { { _yakNx1, _yakSx1 := _yakPull1(count(3)); for { v, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; if v > 1 { break } }; _yakSx1() } }()",
			why:  "a function declared in a cell returns an iterator: the loop pulls its values"},
		{setup: []string{"import \"maps\"", "m := map[string]int{}"}, in: "for k, v := range maps.All(m) {}",
			want: "func() { { _yakNx1, _yakSx1 := _yakPull2(maps.All(m)); for { k, v, _yakOk1 := _yakNx1(); if !_yakOk1 { break };}; _yakSx1() } }()",
			why:  "two values: _yakPull2"},
		{in: "func f(seq func(func(string) bool)) {\nL:\n\tfor range seq { continue L }\n}",
			want: "func f(seq func(func(string) bool)) {\n{ _yakNx1, _yakSx1 := _yakPull1(seq); L: for { _, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; continue L }; _yakSx1() }\n}",
			why:  "a parameter of iterator type, a label kept on the loop"},
		{in: "xs := []int{1}\nfor x := range xs {}", want: "xs := []int{1}\nfor x := range xs {}", why: "a slice stays"},
	})
}

func TestRangeFuncCompiledIterator(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{`import "strings"`}, in: `for w := range strings.SplitSeq("a-b", "-") { _ = w }`,
			want: `func() { { _yakNx1, _yakSx1 := _yakPull1[string](strings.SplitSeq("a-b", "-")); for { w, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; _ = w }; _yakSx1() } }()`,
			why:  "yaegi cannot infer _yakPull1's type argument from a compiled iter.Seq[string]: it is written out"},
		{setup: []string{`import "strings"`}, in: "func f() {\n\tparts := strings.FieldsSeq(\"a b\")\n\tfor p := range parts { _ = p }\n}",
			want: "func f() {\n\tparts := strings.FieldsSeq(\"a b\")\n\t{ _yakNx1, _yakSx1 := _yakPull1[string](parts); for { p, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; _ = p }; _yakSx1() }\n}",
			why:  "a variable that holds a compiled iterator"},
	})
}
