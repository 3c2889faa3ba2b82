package goengine

import "testing"

func TestGenericValuePass(t *testing.T) {
	imp := []string{"import (\n\t\"cmp\"\n\t\"slices\"\n)"}
	testPass(t, []passCase{
		{setup: imp, in: "func f(xs []int) { slices.SortFunc(xs, cmp.Compare) }",
			want: "func f(xs []int) { slices.SortFunc(xs, func(_yakp0 int, _yakp1 int) int { return cmp.Compare(_yakp0, _yakp1) }) }",
			why:  "the parameter's type, with E bound from xs, gives cmp.Compare's"},
		{setup: imp, in: "func f(xs []string) bool { return slices.IsSortedFunc(xs, cmp.Compare[string]) }",
			want: "func f(xs []string) bool { return slices.IsSortedFunc(xs, func(_yakp0 string, _yakp1 string) int { return cmp.Compare(_yakp0, _yakp1) }) }",
			why:  "explicit type arguments"},
		{setup: imp, in: "var less = cmp.Less[float64]",
			want: "var less = func(_yakp0 float64, _yakp1 float64) bool { return cmp.Less(_yakp0, _yakp1) }",
			why:  "an instantiation that is not called"},
		{setup: imp, in: "var has = slices.Contains[[]int]",
			want: "var has = func(_yakp0 []int, _yakp1 int) bool { return slices.Contains(_yakp0, _yakp1) }",
			why:  "E comes from the core type of S ~[]E, as in Go"},
		{setup: imp, in: "func apply(f func(a, b int) int) int { return f(1, 2) }\nvar r = apply(cmp.Compare)",
			want: "func apply(f func(a, b int) int) int { return f(1, 2) }\nvar r = apply(func(_yakp0 int, _yakp1 int) int { return cmp.Compare(_yakp0, _yakp1) })",
			why:  "a cell function's parameter"},
		{setup: []string{"func Id[T any](x T) T { return x }\nfunc apply(h func(int) int, x int) int { return h(x) }"}, in: "var a, g = apply(Id, 4), Id[string]",
			want: "var a, g = apply(func(_yakp0 int) int { return Id[int](_yakp0) }, 4), func(_yakp0 string) string { return Id[string](_yakp0) }",
			why:  "a cell's generic function, with its type arguments written in the call"},
		{setup: imp, in: "func f() int { return cmp.Compare[int](1, 2) }",
			want: "func f() int { return cmp.Compare[int](1, 2) }",
			why:  "a called instantiation compiles as it is"},
		{setup: imp, in: "var s = slices.Sort[[]int]",
			want: "var s = slices.Sort[[]int]",
			why:  "the engine's slices.Sort takes []E: Go's type arguments do not fit it, the value stays"},
		{setup: []string{"import \"slices\""}, in: "type cmpT struct{ Compare func(int, int) int }\nfunc f(xs []int, cmp cmpT) { slices.SortFunc(xs, cmp.Compare) }",
			want: "type cmpT struct{ Compare func(int, int) int }\nfunc f(xs []int, cmp cmpT) { slices.SortFunc(xs, cmp.Compare) }",
			why:  "a variable named cmp is not the package"},
	})
}

// Generic functions of cmp, slices and cells given as values, and the slices and
// maps functions the engine adds (MinFunc, MaxFunc, Chunk, SortedFunc,
// SortedStableFunc, maps.Insert), print what go run prints.
func TestGenericValuesAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, []struct{ name, src string }{
		{"sorting and searching with cmp's functions as values", `
type Person struct {
	Name string
	Age  int
}

func byAge(a, b Person) int { return cmp.Compare(a.Age, b.Age) }

func apply(x, y float64, f func(a, b float64) int) int { return f(x, y) }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Neg[T int | float64](x T) T { return -x }

func twice(f func(int) int, x int) int { return f(f(x)) }

// cell

func main() {
	xs := []int{3, 1, 2}
	slices.SortFunc(xs, cmp.Compare)
	fmt.Println(xs, slices.IsSortedFunc(xs, cmp.Compare[int]))
	names := []string{"bob", "ann", "cy"}
	slices.SortStableFunc(names, cmp.Compare)
	i, found := slices.BinarySearchFunc(names, "bob", cmp.Compare)
	fmt.Println(names, i, found, apply(2, 1, cmp.Compare))
	less := cmp.Less[string]
	has := slices.Contains[[]int]
	fmt.Println(less("a", "b"), has(xs, 2), cmp.Compare[int](2, 1))
	people := []Person{{"ann", 31}, {"bob", 25}, {"cy", 31}}
	fmt.Println(slices.MaxFunc(people, byAge), slices.MinFunc(people, byAge))
	fmt.Println(slices.SortedFunc(slices.Values(people), func(a, b Person) int { return cmp.Compare(b.Name, a.Name) }))
	fmt.Println(slices.SortedStableFunc(slices.Values(people), byAge))
	for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Print(c, len(c), cap(c), " ")
	}
	fmt.Println(slices.Collect(slices.Chunk(names, 2)))
	toStrings := Map[int, string]
	fmt.Println(toStrings(xs, func(i int) string { return fmt.Sprint(i * 10) }), twice(Neg, 5), twice(Neg[int], 6))
	ages := map[string]int{"ann": 31}
	maps.Insert(ages, maps.All(map[string]int{"bob": 25}))
	fmt.Println(ages)
}
`},
	}, "import (\n\t\"cmp\"\n\t\"fmt\"\n\t\"maps\"\n\t\"slices\"\n)\n")
}

// At the top level of cells too (a cell's statements are not a function).
func TestGenericValuesInTopLevelCells(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"cmp\"\n\t\"slices\"\n)")
	for _, c := range []struct{ cell, want string }{
		{"xs := []int{3, 1, 2}\nslices.SortFunc(xs, cmp.Compare)\nxs", "[1 2 3]"},
		{"fs := []float64{2.5, 1}\nslices.MaxFunc(fs, cmp.Compare)", "2.5"},
		{"var cmpInt = cmp.Compare[int]\ncmpInt(1, 2)", "-1"},
		{"chunks := slices.Collect(slices.Chunk(xs, 2))\nchunks", "[[1 2] [3]]"},
		{"n := 0\nfor c := range slices.Chunk(xs, 2) { n += len(c) }\nn", "3"},
	} {
		if _, b := must(t, e, c.cell); text(b) != c.want {
			t.Errorf("%q shows %q, want %q", c.cell, text(b), c.want)
		}
	}
}
