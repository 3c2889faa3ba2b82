package goengine

import "testing"

func TestNamedSlicePass(t *testing.T) {
	setup := []string{"import (\"maps\"; \"slices\"; \"sort\")", "type IDs []int\ntype Set map[string]bool\ntype Grid [2]int"}
	testPass(t, []passCase{
		{setup: setup, in: "ids := IDs{3, 1}\nx := slices.Clone(ids)",
			want: "ids := IDs{3, 1}\nvar x IDs; x = IDs(slices.Clone(ids))",
			why:  "slices.Clone takes []E in the supplement: the result is converted back to the argument's named type, as Go types it (and the define pass types x, as for every top-level generic call)"},
		{setup: setup, in: "func f(ids IDs, s Set) (IDs, Set) { return slices.Insert(ids, 0, 9), maps.Clone(s) }",
			want: "func f(ids IDs, s Set) (IDs, Set) { return IDs(slices.Insert(ids, 0, 9)), Set(maps.Clone(s)) }",
			why:  "a parameter's type; maps.Clone of a named map type"},
		{setup: setup, in: "func h(s sort.IntSlice) { sort.Sort(slices.Compact(s)) }",
			want: "func h(s sort.IntSlice) { sort.Sort(sort.IntSlice(slices.Compact([]int(s)))) }",
			why:  "a compiled named slice type, which goes in as its underlying type: yaegi cannot infer E from it"},
		{setup: setup, in: "xs := []int{1}\nz := slices.Clone(xs)\nn := slices.Index(IDs{1}, 1)",
			want: "xs := []int{1}\nvar z []int; z = slices.Clone(xs)\nvar n int; n = slices.Index(IDs{1}, 1)",
			why:  "an unnamed slice, and a function whose result is not the slice, stay"},
		{setup: setup, in: "func g[S ~[]int](s S) S { return S(slices.Clone(s)) }",
			want: "func g[S ~[]int](s S) S { return S(slices.Clone(s)) }",
			why:  "a type parameter is not a cell type"},
		{setup: append(setup, "ids := IDs{2, 1}"), in: "w := slices.Clone(ids)",
			want: "var w IDs; w = IDs(slices.Clone(ids))",
			why:  "an earlier cell's variable, by its recorded type; the define pass types the top-level variable"},
	})
}
