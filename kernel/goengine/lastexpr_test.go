package goengine

import (
	"strings"
	"testing"
)

// lastExprDecls are the cell types and functions of the last-expression
// tests: types with String at the top and inside slices, maps, arrays and
// structs, and cell functions of one and of two results.
const lastExprDecls = `
type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

type Animal struct{ name string }

func (a Animal) String() string { return "animal " + a.name }

type Pair struct{ A, B Temp }

type Temps []Temp

type Row struct {
	Name string
	T    Temp
}

func one() Temp                        { return 3 }
func oneAnimal() Animal                { return Animal{"z"} }
func two() (Temp, error)               { return 3, nil }
func twoAnimal() (a Animal, err error) { return Animal{"y"}, nil }
func rows() ([]any, error)             { return []any{1, "a"}, nil }
func values() []any                    { return []any{1, 2} }

func (a Animal) Twin() (Animal, Temp) { return a, 2 }

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
`

// lastExprCases are cell last expressions; goPrint is what prints, in a
// Go program, what the cell shows (fmt.Println(expr) when empty; a tuple
// for several results).
var lastExprCases = []struct{ expr, goPrint string }{
	{expr: "Animal{\"c\"}"},
	{expr: "[]Animal{{\"c\"}, {\"d\"}}"},
	{expr: "[]*Animal{{\"p\"}}"},
	{expr: "[]Temp{1, 2.5}"},
	{expr: "[2]Temp{1, 2}"},
	{expr: "Temps{4, 5}"},
	{expr: "map[string]Temp{\"x\": 3, \"a\": 1}"},
	{expr: "Pair{1, 2}"},
	{expr: "&Pair{1, 2}"},
	{expr: "struct{ T Temp; N int }{4, 5}"},
	{expr: "[]Row{{\"x\", 1}}"},
	{expr: "[]any{Temp(9), Animal{\"c\"}, 3}"},
	{expr: "[]any{}"},
	{expr: "[]any{[]any{1}}"},
	{expr: "values()"},
	{expr: "one()"},
	{expr: "oneAnimal()"},
	{expr: "[]int{1, 2}"},
	{expr: "Map([]float64{1, 2}, func(f float64) Temp { return Temp(f) })"},
	{expr: "fmt.Sprint(Map([]float64{3}, func(f float64) Temp { return Temp(f) }))"},
	{expr: "Map([]int{1}, func(i int) string { return fmt.Sprint(i) })"},
	{expr: "two()", goPrint: "fmt.Println(tuple(two()))"},
	{expr: "twoAnimal()", goPrint: "fmt.Println(tuple(twoAnimal()))"},
	{expr: "rows()", goPrint: "fmt.Println(tuple(rows()))"},
	{expr: "Animal{\"t\"}.Twin()", goPrint: "fmt.Println(tuple(Animal{\"t\"}.Twin()))"},
}

// A cell's last expression shows as Go prints its value: cell types'
// String methods inside slices, maps and structs and on the results of
// cell functions (generic ones too), and a []any as one value (yaegi
// spread it into a tuple).
// The declarations are in an earlier cell, and then in the cell itself.
func TestLastExpressionShowsWhatGoPrints(t *testing.T) {
	needGo(t)
	var main strings.Builder
	for _, c := range lastExprCases {
		p := c.goPrint
		if p == "" {
			p = "fmt.Println(" + c.expr + ")"
		}
		main.WriteString("\t" + p + "\n")
	}
	tuple := `
func tuple(vs ...any) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(v)
	}
	return "(" + strings.Join(s, ", ") + ")"
}
`
	want := strings.Split(goRunOutput(t, "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n"+lastExprDecls+tuple+"\nfunc main() {\n"+main.String()+"}\n"), "\n")
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n"+lastExprDecls)
	for i, c := range lastExprCases {
		if _, b := must(t, e, c.expr); text(b) != want[i] {
			t.Errorf("declared in an earlier cell: %s shows %q, go run prints %q", c.expr, text(b), want[i])
		}
	}
	e = newEngine(t, Options{})
	for i, c := range lastExprCases {
		if _, b := must(t, e, "import \"fmt\"\n"+lastExprDecls+"\n"+c.expr); text(b) != want[i] {
			t.Errorf("declared in the same cell: %s shows %q, go run prints %q", c.expr, text(b), want[i])
		}
	}
}

// A function literal that shows a call's results runs once: yaegi ran a
// top-level func literal again after every later cell.
func TestLastExpressionOfTwoResultsShowsOnce(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n"+lastExprDecls)
	if _, b := must(t, e, "two()"); text(b) != "(3.0°C, <nil>)" {
		t.Fatalf("two() shows %q", text(b))
	}
	for _, cell := range []string{"1 + 1", "x := 5\nx"} {
		_, b := must(t, e, cell)
		if got := text(b); strings.Contains(got, "°C") || strings.Contains(got, "(") {
			t.Errorf("%q shows %q: an earlier cell's results again", cell, got)
		}
	}
}

// A cell that ends in a call without results runs it as a statement and
// shows nothing, whether the function is a cell's or compiled.
func TestLastExpressionWithoutResults(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\nvar n int\nfunc bump() { n++ }")
	for _, cell := range []string{"bump()", "fmt.Print(\"\")", "func() { n++ }()"} {
		if _, b := must(t, e, cell); b != nil {
			t.Errorf("%q shows %q", cell, text(b))
		}
	}
	if _, b := must(t, e, "n"); text(b) != "2" {
		t.Errorf("n = %q after two bumps", text(b))
	}
}

// A long value of a cell type shows its first maxText bytes and stops
// there: each element calls its String in interpreted code, so printing
// all of a large slice only to cut it would take seconds.
func TestLastExpressionLongValueIsCut(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n"+lastExprDecls+"\nbig := make([]Temp, 1000000)")
	_, b := must(t, e, "big")
	got := text(b)
	if len(got) > maxText || !strings.HasPrefix(got, "[0.0°C 0.0°C ") || !strings.HasSuffix(got, "\n… (the rest of the value not shown)") {
		t.Errorf("a million Temps show %d bytes: %q … %q", len(got), got[:min(len(got), 40)], got[max(0, len(got)-60):])
	}
}
