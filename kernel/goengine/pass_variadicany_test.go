package goengine

import "testing"

func TestVariadicAnyPass(t *testing.T) {
	setup := []string{"func show(vs ...any) {}\nfunc two(s string, vs ...interface{}) {}\nvar row = []any{1}\nvar ints = []int{1}"}
	testPass(t, []passCase{
		{setup: setup, in: "show(row, 2)", want: "show([]any{row, 2}...)", why: "yaegi spread row into the variadic parameter"},
		{setup: setup, in: "two(\"s\", row)", want: "two(\"s\", []any{row}...)", why: "only the variadic parameter's values go in the slice"},
		{setup: setup, in: "xs := append([]any{}, row)", want: "xs := append([]any{}, []any{row}...)", why: "append to a []any spread it too"},
		{setup: setup, in: "show(row...)", want: "show(row...)", why: "a call that spreads stays"},
		{setup: setup, in: "show(ints, 2)", want: "show(ints, 2)", why: "a []int is one value to yaegi too"},
		{setup: setup, in: "ys := append([][]any{}, row)", want: "ys := append([][]any{}, row)", why: "appending a []any to a [][]any is one element"},
		{setup: []string{"type T struct{}\nfunc (T) show(vs ...any) {}\nvar row = []any{1}"}, in: "T{}.show(row)", want: "T{}.show(row)", why: "yaegi gets a method's variadic parameter right"},
	})
}

// A []any handed to a variadic ...any parameter is one value, as go run
// has it: of a cell function, a function literal, and append.
func TestVariadicAnyAgreesWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, []struct{ name, src string }{
		{"a []any handed to ...any, and appended to a []any", `
func show(vs ...any) { fmt.Println(len(vs), vs) }

func wrap(vs ...any) []any { return vs }

type Row []any

func labelled(label string, vs ...interface{}) { fmt.Println(label, len(vs), vs) }

// cell
func main() {
	row := []any{1, "a"}
	fmt.Println(row)
	fmt.Println(row...)
	show(row)
	show(row...)
	show(row, 2)
	show([]any{3})
	show(wrap(row))
	show(wrap(row)...)
	show(
		row,
		Row{4},
	)
	labelled("x", row)
	var x any = row
	show(x)
	fmt.Println(append([]any{}, row))
	rows := []any{}
	rows = append(rows, row, 5)
	rows = append(rows, row...)
	fmt.Println(len(rows), rows)
	f := func(vs ...any) int { return len(vs) }
	fmt.Println(f(row), f(row, row))
}`},
	}, "import (\n\t\"fmt\"\n)\n")
}

// At the top level of cells, with the []any in an earlier cell's variable.
func TestVariadicAnyInTopLevelCells(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\nfunc count(vs ...any) int { return len(vs) }\nrow := []any{1, \"a\"}")
	for _, c := range []struct{ cell, want string }{
		{"count(row, 2)", "2"},
		{"rows := append([]any{}, row)\nlen(rows)", "1"},
		{"fmt.Sprint(append([]any{0}, row, row))", "[0 [1 a] [1 a]]"},
	} {
		if _, b := must(t, e, c.cell); text(b) != c.want {
			t.Errorf("%q shows %q, want %q", c.cell, text(b), c.want)
		}
	}
}
