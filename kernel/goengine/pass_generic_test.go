package goengine

import "testing"

func TestGenericPass(t *testing.T) {
	mapFn := "func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }"
	testPass(t, []passCase{
		{setup: []string{"import \"slices\""}, in: "func g(a, b []int) ([]int, []int, []int) { return slices.Concat(a), slices.Concat(a, b), slices.Concat([][]int{a}...) }",
			want: "func g(a, b []int) ([]int, []int, []int) { return slices.Concat(a, nil), slices.Concat(a, b), slices.Concat([][]int{a}...) }",
			why:  "yaegi panics on a generic call that gives the variadic parameter nothing: slices.Concat(x) gets a nil second slice"},
		{setup: []string{mapFn}, in: "func label(i int) string { return \"\" }\nfunc g() []string { return Map([]int{1}, label) }",
			want: "func label(i int) string { return \"\" }\nfunc g() []string { return Map[int, string]([]int{1}, label) }",
			why:  "a function given by name binds the type parameters as a function literal does"},
		{setup: []string{mapFn}, in: "func g() []string { return Map([]int{1}, func(x int) string { return \"\" }) }",
			want: "func g() []string { return Map[int, string]([]int{1}, func(x int) string { return \"\" }) }",
			why:  "yaegi would infer U from T: the type arguments are written out"},
		{setup: []string{mapFn}, in: "func g(f func(int) bool) []bool { return Map(xs, f) }",
			want: "func g(f func(int) bool) []bool { return Map[int, bool](xs, f) }",
			why:  "the function argument's type binds both"},
		{setup: []string{mapFn}, in: "func g() []bool { return Map(xs, h) }",
			want: "func g() []bool { return Map(xs, h) }",
			why:  "a type parameter the engine cannot bind (xs and h are unknown): left to yaegi"},
		{setup: []string{"func least[T int32](x, y T) T { if x < y { return x }; return y }"}, in: "func g() { _ = least(1, 2) }",
			want: "func g() { _ = least[int32](1, 2) }",
			why:  "a constraint of one predeclared type is the type argument (the untyped constants alone would give int)"},
	})
}
