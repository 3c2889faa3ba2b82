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
			want: "func f(seq func(func(string) bool)) {\n{ _yakNx1, _yakSx1 := _yakPull1(seq); defer _yakSx1(); L: for { _, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; continue L }; _yakSx1() }\n}",
			why:  "a parameter of iterator type, a label kept on the loop; in a function, the stop is deferred too (a panic can leave the loop)"},
		{setup: []string{seq}, in: "func f() int {\n\tfor i := 0; i < 3; i++ {\n\t\tfor v := range count(3) { if v > 1 { return v } }\n\t}\n\treturn 0\n}",
			want: "func f() int {\n\tfor i := 0; i < 3; i++ {\n\t\t{ _yakNx1, _yakSx1 := _yakPull1(count(3)); defer _yakSx1(); for { v, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; if v > 1 { return v } }; _yakSx1() }\n\t}\n\treturn 0\n}",
			why:  "a return leaves the loop past the stop after it: the deferred stop ends the iterator's goroutine"},
		{setup: []string{seq}, in: "func f() {\n\tfor i := 0; i < 3; i++ {\n\t\tfor v := range count(3) { if v > 1 { break } }\n\t}\n}",
			want: "func f() {\n\tfor i := 0; i < 3; i++ {\n\t\t{ _yakNx1, _yakSx1 := _yakPull1(count(3)); for { v, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; if v > 1 { break } }; _yakSx1() }\n\t}\n}",
			why:  "inside another loop with no jump out of it: no defer, which would pile up in the frame once per outer iteration"},
		{setup: []string{seq}, in: "func f() {\n\tfor i := 0; i < 3; i++ {\n\t\tg := func() {\n\t\t\tfor v := range count(3) { _ = v }\n\t\t}\n\t\tg()\n\t}\n}",
			want: "func f() {\n\tfor i := 0; i < 3; i++ { i := i;\n\t\tg := func() {\n\t\t\t{ _yakNx1, _yakSx1 := _yakPull1(count(3)); defer _yakSx1(); for { v, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; _ = v }; _yakSx1() }\n\t\t}\n\t\tg()\n\t}\n}",
			why:  "the loop is the function literal's own: the outer function's loop does not hold it"},
		{in: "xs := []int{1}\nfor x := range xs {}", want: "xs := []int{1}\nfor x := range xs {}", why: "a slice stays"},
	})
}

func TestRangeFuncCompiledIterator(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{`import "strings"`}, in: `for w := range strings.SplitSeq("a-b", "-") { _ = w }`,
			want: `func() { { _yakNx1, _yakSx1 := _yakPull1[string](strings.SplitSeq("a-b", "-")); for { w, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; _ = w }; _yakSx1() } }()`,
			why:  "yaegi cannot infer _yakPull1's type argument from a compiled iter.Seq[string]: it is written out"},
		{setup: []string{`import "strings"`}, in: "func f() {\n\tparts := strings.FieldsSeq(\"a b\")\n\tfor p := range parts { _ = p }\n}",
			want: "func f() {\n\tparts := strings.FieldsSeq(\"a b\")\n\t{ _yakNx1, _yakSx1 := _yakPull1[string](parts); defer _yakSx1(); for { p, _yakOk1 := _yakNx1(); if !_yakOk1 { break }; _ = p }; _yakSx1() }\n}",
			why:  "a variable that holds a compiled iterator"},
	})
}
