package goengine

import (
	"strings"
	"testing"
)

// Package-level variables initialized by a call of a generic function
// (slices.Concat, a cell's Map), with an argument that a later cell
// declares: the declaration waits for it, then compiles in the interpreter
// (pending.go, pass_define.go), and prints what go run prints.
var topVarGenericCases = []struct{ name, src string }{
	{"slices.Concat with a function of a later cell", `
var base = []int{1, 2}

var all = slices.Concat(base, extra(), []int{5})

var typed []int = slices.Clone(base)

var copied = slices.Clone(all)
// cell
func extra() []int { return []int{3, 4} }
// cell
func main() {
	fmt.Println(all, len(all), typed, copied)
	fmt.Println(slices.Concat([]string{"a"}, nil, []string{"b", "c"}), slices.Concat([]int(nil), nil) == nil)
	fmt.Println(strings.Repeat("-", 3), strconv.Itoa(len(all)))
}
`},
	{"slices.Concat, and Delete and Compact zero what they drop", `
func main() {
	s1, s2, s3 := []int{1, 2}, []int{-1, -2}, []int{10, 20}
	fmt.Println(slices.Concat(s1, s2, s3), slices.Concat(s1), slices.Concat(s1, nil, s3))
	v1 := []int{-1, 1, 2, 3, 4}
	v2 := slices.Delete(v1, 1, 3)
	fmt.Println(v1, v2)
	c1 := []string{"a", "a", "b", "b"}
	c2 := slices.Compact(c1)
	d1 := []int{1, 2, 3, 4}
	d2 := slices.DeleteFunc(d1, func(x int) bool { return x%2 == 0 })
	fmt.Println(strconv.Quote(strings.Join(c1, ",")), c2, d1, d2)
}
`},
	{"generic Map given a function of a later cell", `
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
// cell
var labels = Map([]int{1, 2}, label)
// cell
func label(i int) string { return "#" + strconv.Itoa(i) }
// cell
var sizes = Map(labels, func(s string) int { return len(s) })
// cell
func main() {
	fmt.Println(labels, sizes, Map([]string{"x"}, strings.ToUpper), slices.Index(labels, "#2"))
}
`},
}

// Split over cells, and as one cell of declarations (not a program: its
// package-level variables stay yaegi's, see README's interpreter gaps),
// each program prints what go run prints.
func TestTopLevelGenericVarsAgreeWithGoRun(t *testing.T) {
	needGo(t)
	imports := "import (\n\t\"fmt\"\n\t\"slices\"\n\t\"strconv\"\n\t\"strings\"\n)\n"
	for _, c := range topVarGenericCases {
		t.Run(c.name, func(t *testing.T) {
			declCellsAgreeWithGoRun(t, imports, c.src)
		})
	}
}

// declCellsAgreeWithGoRun runs src (declarations and func main, cells
// marked by "// cell" lines) after imports, as one cell of declarations and
// split over cells, then main() in the interpreter, and compares each
// output with go run's of the program.
func declCellsAgreeWithGoRun(t *testing.T, imports, src string) {
	t.Helper()
	want := goRunOutput(t, "package main\n\n"+imports+src)
	cells := strings.Split(src, "\n// cell\n")
	for _, split := range [][]string{{imports + strings.Join(cells, "\n")}, append([]string{imports}, cells...)} {
		e := newEngine(t, Options{})
		for _, cell := range split {
			must(t, e, cell)
		}
		r, _ := must(t, e, "%%interp\nmain()")
		if r.stdout() != want {
			t.Errorf("%d cells, interpreted:\n%s\ngo run:\n%s", len(split)+1, r.stdout(), want)
		}
	}
}
