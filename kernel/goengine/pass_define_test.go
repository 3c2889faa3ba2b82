package goengine

import "testing"

func TestDefinePass(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{"import \"strings\""}, in: "parts := strings.Split(\"a,b\", \",\"); first := parts[0]",
			want: "parts := strings.Split(\"a,b\", \",\"); var first string; first = parts[0]",
			why:  "yaegi cannot type an index into a value of a compiled function's result ('constant definition loop')"},
		{setup: []string{"import (\"encoding/csv\"; \"strings\")"}, in: "r := csv.NewReader(strings.NewReader(\"\"))\nrows, _ := r.ReadAll()\nheader := rows[0]",
			want: "r := csv.NewReader(strings.NewReader(\"\"))\nvar rows [][]string; rows, _ = r.ReadAll()\nvar header []string; header = rows[0]",
			why:  "a method of a compiled type, through the symbol tables"},
		{in: "p := new(42)", want: "var p *int; p = _yakNew(42)", why: "a generic call at the top level crashes yaegi"},
		{setup: []string{"import \"slices\"", "x := []int{2, 1}"}, in: "m := slices.Max(x)", want: "var m int; m = slices.Max(x)", why: "a generic function of package slices"},
		{setup: []string{"import \"strconv\""}, in: "a, err := strconv.Atoi(\"1\")\nb, err := strconv.Atoi(\"2\")\n_, ok := strconv.ParseBool(\"x\")",
			want: "var a int; var err error; a, err = strconv.Atoi(\"1\")\nvar b int; b, err = strconv.Atoi(\"2\")\nvar ok error; _, ok = strconv.ParseBool(\"x\")",
			why:  "yaegi makes the variables of a top-level multi-value := locals of the cell: a later cell's function called from a closure reads another slot"},
		{setup: []string{"func two() (int, string) { return 1, \"a\" }"}, in: "x, y := two()", want: "var x int; var y string; x, y = two()", why: "result types of an earlier cell's function"},
		{setup: []string{"m := map[string]int{}"}, in: "v, ok := m[\"a\"]", want: "var v int; var ok bool; v, ok = m[\"a\"]", why: "comma-ok forms: yaegi fails to compile them at the top level (nil type)"},
		{setup: []string{"import \"strconv\""}, in: "var a, err = strconv.Atoi(\"1\")", want: "var a int; var err error; a, err = strconv.Atoi(\"1\")", why: "var a, err = f() has the same fault (made a statement by varsAsStatements)"},
		{setup: []string{"import \"sync\"", "func greeting() string { return \"hi\" }"}, in: "var greet = sync.OnceValue(greeting)",
			want: "var greet func() string; greet = sync.OnceValue(greeting)",
			why:  "yaegi crashes typing a package-level initializer that calls a generic function whose type parameter only its argument's function type gives"},
		{setup: []string{"import \"sync\""}, in: "n := 1\nload := sync.OnceValues(func() (int, error) { return n, nil })",
			want: "n := 1\nvar load func() (int, error); load = sync.OnceValues(func() (int, error) { return n, nil })",
			why:  "the same call at the top level of a statement cell"},
		{setup: []string{"import \"sync\""}, in: "var later = sync.OnceValue(notYet)", want: "var later = sync.OnceValue(notYet)",
			why: "a function no cell has declared yet: left to yaegi (and kept for a compiled main())"},
		{setup: []string{"import \"slices\"", "func Map[T, U any](xs []T, f func(T) U) []U { return nil }"},
			in:   "var labels = Map([]int{1}, label)\n\nfunc label(i int) string { return \"\" }\n\nvar c []int = slices.Clone([]int{1})",
			want: "var labels = func() []string { return Map[int, string]([]int{1}, label) }()\n\nfunc label(i int) string { return \"\" }\n\nvar c []int = func() []int { return slices.Clone([]int{1}) }()",
			why:  "yaegi crashes on a generic call that initializes a package-level variable ('nil reflect type'), or leaves it zero when the type is written: the call goes into a function literal (label is seen above its declaration)"},
		{setup: []string{"import \"slices\""}, in: "n := 1\nvar c []int = slices.Clone([]int{n})", want: "n := 1\nvar c []int; c = slices.Clone([]int{n})",
			why: "at the top level of a statement cell, var v T = f(x) of a generic f left v zero: the call is assigned"},
		{setup: []string{"import \"strings\"", "func Map[T, U any](xs []T, f func(T) U) []U { return nil }"}, in: "up := Map([]string{\"a\"}, strings.ToUpper)",
			want: "var up []string; up = Map[string, string]([]string{\"a\"}, strings.ToUpper)", why: "a compiled function given by name binds the type parameters"},
		{in: "x, y := unknown()", want: "x, y := unknown()", why: "types the engine cannot tell stay with :="},
		{in: "n := 1 + 2", want: "n := 1 + 2", why: "what yaegi types itself stays"},
	})
}
