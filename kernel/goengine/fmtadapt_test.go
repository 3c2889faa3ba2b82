package goengine

import "testing"

// fmtShapeCases print values whose type holds a cell type with fmt
// methods, in the shapes that yaegi hands compiled fmt without those
// methods. Each program was run with `go run` (the cells as one file, the
// last cells as main's body): want is what it printed. A case with a gap
// is a known failure, reported as skipped while it fails.
var fmtShapeCases = []cellsCase{
	{name: "slice", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `fmt.Println([]Temp{1, 2.25})`}, want: "[1.0°C 2.2°C]\n"},
	{name: "slice variable of an earlier cell", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
var ts = []Temp{3, 4}`, `fmt.Println(ts, len(ts))`}, want: "[3.0°C 4.0°C] 2\n"},
	{name: "slice made by := in an earlier cell", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `ts := []Temp{5}
ts = append(ts, 6)`, `fmt.Println(ts)`}, want: "[5.0°C 6.0°C]\n"},
	{name: "array", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `a := [...]Temp{1, 2}
fmt.Println(a)
fmt.Printf("%v %T\n", a, a)`}, want: "[1.0°C 2.0°C]\n[1.0°C 2.0°C] [2]main.Temp\n"},
	{name: "map value and key", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `m := map[string]Temp{"b": 2, "a": 1}
k := map[Temp]int{3: 1, 1: 2}
fmt.Println(m, k)`}, want: "map[a:1.0°C b:2.0°C] map[1.0°C:2 3.0°C:1]\n"},
	{name: "struct field", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Reading struct {
	Where string
	T     Temp
}`, `r := Reading{"Oslo", -3}
fmt.Println(r)
fmt.Printf("%v %+v\n", r, r)`}, want: "{Oslo -3.0°C}\n{Oslo -3.0°C} {Where:Oslo T:-3.0°C}\n"},
	{name: "slice of structs with a Stringer field", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Reading struct {
	Where string
	T     Temp
}`, `rs := []Reading{{"a", 1}, {"b", 2}}
fmt.Printf("%v|%+v\n", rs, rs)`}, want: "[{a 1.0°C} {b 2.0°C}]|[{Where:a T:1.0°C} {Where:b T:2.0°C}]\n"},
	{name: "pointer receiver String", cells: []string{`import "fmt"
type P struct{ x, y int }
func (p *P) String() string { return fmt.Sprintf("P(%d,%d)", p.x, p.y) }`, `p := &P{1, 2}
fmt.Println(p, *p)
fmt.Println([]*P{p, {3, 4}})`}, want: "P(1,2) {1 2}\n[P(1,2) P(3,4)]\n"},
	{name: "value receiver through a pointer", cells: []string{`import "fmt"
type V struct{ n int }
func (v V) String() string { return fmt.Sprint("V", v.n) }`, `fmt.Println(&V{1}, []*V{{2}}, []V{{3}})`}, want: "V1 [V2] [V3]\n"},
	{name: "verbs of a float Stringer", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `fmt.Printf("%v|%s|%d|%.2f|%6.1f|%x\n", Temp(3), Temp(3), Temp(3), Temp(3), Temp(3), Temp(3))`}, want: "3.0°C|3.0°C|%!d(main.Temp=3)|3.00|   3.0|332e30c2b043\n"},
	{name: "verbs on a slice", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `ts := []Temp{1.5, 2}
fmt.Printf("%.1f|%d|%s\n", ts, ts, ts)`}, want: "[1.5 2.0]|[%!d(main.Temp=1.5) %!d(main.Temp=2)]|[1.5°C 2.0°C]\n"},
	{name: "%T and %v of named non-struct types", cells: []string{`import "fmt"
type Celsius float64
type IDs []int
type Temp float64
func (t Temp) String() string { return "t" }`, `c := Celsius(2.5)
ids := IDs{1, 2}
fmt.Printf("%T %v %T %v %T %T\n", c, c, ids, ids, Temp(1), []Temp{})
fmt.Printf("%d\n", c)`}, want: "main.Celsius 2.5 main.IDs [1 2] main.Temp []main.Temp\n%!d(main.Celsius=2.5)\n"},
	{name: "%#v", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Reading struct {
	Where string
	T     Temp
}`, `fmt.Printf("%#v %#v\n", []Temp{1, 2.5}, Reading{"x", 2})`}, want: "[]main.Temp{1, 2.5} main.Reading{Where:\"x\", T:2}\n"},
	{name: "Sprint, Sprintf, Errorf %v", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `ts := []Temp{4}
s := fmt.Sprint(ts) + fmt.Sprintf("/%v", ts)
err := fmt.Errorf("bad %v", ts)
fmt.Println(s, err)`}, want: "[4.0°C]/[4.0°C] bad [4.0°C]\n"},
	{name: "Fprintln to a cell io.Writer", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type upper struct{ n int }
func (u *upper) Write(p []byte) (int, error) { u.n += len(p); fmt.Print(string(p)); return len(p), nil }`, `u := &upper{}
fmt.Fprintln(u, []Temp{7})
fmt.Fprintf(u, "%v %d\n", Temp(1), 3)
fmt.Println(u.n)`}, want: "[7.0°C]\n1.0°C 3\n18\n"},
	{name: "Error method of elements", cells: []string{`import "fmt"
type E struct{ code int }
func (e E) Error() string { return fmt.Sprint("E", e.code) }`, `fmt.Println([]E{{1}, {2}}, map[string]E{"x": {3}})`}, want: "[E1 E2] map[x:E3]\n"},
	{name: "Format method of elements", cells: []string{`import "fmt"
type Money int
func (m Money) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "$%d.%02d", int(m)/100, int(m)%100) }`, `fmt.Println([]Money{150, 5})
fmt.Printf("%v\n", map[string]Money{"a": 99})`}, want: "[$1.50 $0.05]\nmap[a:$0.99]\n"},
	{name: "GoString method with %#v", cells: []string{`import "fmt"
type G int
func (g G) GoString() string { return fmt.Sprint("G(", int(g), ")") }`, `fmt.Printf("%#v %v\n", []G{1, 2}, []G{1, 2})`}, want: "[]main.G{G(1), G(2)} [1 2]\n"},
	{name: "nested: map of slices, slice of slices", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `m := map[int][]Temp{2: {1}, 1: {2, 3}}
fmt.Println(m, [][]Temp{{1}, {2}})`}, want: "map[1:[2.0°C 3.0°C] 2:[1.0°C]] [[1.0°C] [2.0°C]]\n"},
	{name: "named slice type holding Stringers", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Week []Temp`, `w := Week{1, 2}
fmt.Println(w)
fmt.Printf("%T\n", w)`}, want: "[1.0°C 2.0°C]\nmain.Week\n"},
	{name: "struct field selected from a variable", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Station struct {
	Name string
	Log  []Temp
}`, `s := Station{"x", []Temp{1, 2}}
fmt.Println(s.Log, s)`}, want: "[1.0°C 2.0°C] {x [1.0°C 2.0°C]}\n"},
	{name: "function parameter", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
func show(ts []Temp) { fmt.Println("in", ts) }`, `show([]Temp{8})`}, want: "in [8.0°C]\n"},
	{name: "nil pointer with a String method", cells: []string{`import "fmt"
type P struct{ x int }
func (p *P) String() string { return fmt.Sprint("P", p.x) }`, `var p *P
fmt.Println(p, []*P{nil})`}, want: "<nil> [<nil>]\n"},
	{name: "enum int in a map", cells: []string{`import "fmt"
type Level int
func (l Level) String() string { return [...]string{"lo", "hi"}[l] }`, `fmt.Println(map[Level]int{1: 5, 0: 2}, []Level{0, 1})`}, want: "map[lo:2 hi:5] [lo hi]\n"},
	{name: "range variables", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Reading struct {
	Where string
	T     Temp
}`, `rs := []Reading{{"a", 1}}
for i, r := range rs {
	fmt.Println(i, r, r.T)
}
for k, v := range map[Temp][]Temp{1: {2}} {
	fmt.Println(k, v)
}`}, want: "0 {a 1.0°C} 1.0°C\n1.0°C [2.0°C]\n"},
	{name: "variables of earlier statements in the cell", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
func two() (Temp, error) { return 2, nil }`, `a, err := two()
var b Temp = 3
fmt.Println(a, b, err, []Temp{a, b})`}, want: "2.0°C 3.0°C <nil> [2.0°C 3.0°C]\n"},
	{name: "any holding a cell value", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `xs := []any{Temp(1), "s"}
fmt.Println(xs, map[string]any{"k": Temp(2)})`}, want: "[1.0°C s] map[k:2.0°C]\n"},
	{name: "any holding a slice of a cell type", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `var x any = []Temp{2}
fmt.Println(x)`}, want: "[2.0°C]\n", gap: "the slice's element type is known only at run time, and the adapter's functions that call the methods are written by the pass from the static type"},
	{name: "nil map", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `var m map[string]Temp
fmt.Println(m, len(m))
fmt.Printf("%v|%#v\n", m, m)`}, want: "map[] 0\nmap[]|map[string]main.Temp(nil)\n"},
	{name: "enum constants", cells: []string{`import "fmt"
type Level int
const (
	Low Level = iota
	High
)
func (l Level) String() string { return [...]string{"low", "high"}[l] }`, `fmt.Println(Low, High, []Level{High, Low})
const (
	A Level = iota
	B
)
fmt.Println(A, B, B+0, 1*B)`}, want: "low high [high low]\nlow high high high\n"},
	{name: "typed constants and %T", cells: []string{`import "fmt"`, `type Duration int64
const (
	Nano  Duration = 1
	Micro          = 1000 * Nano
)
fmt.Printf("%T %T %v\n", Nano, Micro, Micro)`}, want: "main.Duration main.Duration 1000\n"},
	{name: "%#v of types declared in a function", cells: []string{`import "fmt"
func show() {
	type text struct {
		title string
		words int
	}
	type book struct {
		text
		isbn string
	}
	b := book{text{"moby", 1}, "x"}
	fmt.Printf("%#v\n%+v\n%T\n", b, b, b)
}`, `show()`}, want: "main.book{text:main.text{title:\"moby\", words:1}, isbn:\"x\"}\n{text:{title:moby words:1} isbn:x}\nmain.book\n"},
	{name: "%v and %T of a cell interface value", cells: []string{`import "fmt"
type I interface{ M() }
type T struct{ S string }
func (t *T) M() {}
type F float64
func (f F) M() {}
func describe(i I) { fmt.Printf("(%v, %T)\n", i, i) }`, `var i I
describe(i)
i = &T{"Hello"}
describe(i)
i = F(2.5)
describe(i)
fmt.Printf("%d|%v\n", i, []I{F(1), F(2)})`}, want: "(<nil>, <nil>)\n(&{Hello}, *main.T)\n(2.5, main.F)\n%!d(main.F=2.5)|[1 2]\n"},
	{name: "constants of a cell type", cells: []string{`import "fmt"`, `type Duration int64
const (
	Nano  Duration = 1
	Micro          = 1000 * Nano
	Milli          = 1000 * Micro
	Sec            = 1000 * Milli
	Min            = 60 * Sec
	Hour           = 60 * Min
)
fmt.Printf("%T %T %v\n", Nano, Hour, Hour)`}, want: "main.Duration main.Duration 3600000000000\n"},
	{name: "method receiver", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }
type Week []Temp
func (w Week) Print() {
	for i, t := range w {
		fmt.Println(i, t)
	}
	fmt.Println(w, w[0])
}
type Log struct{ All []Temp }
func (l *Log) Show() { fmt.Println(l.All) }`, `Week{1, 2}.Print()
(&Log{[]Temp{3}}).Show()`}, want: "0 1.0°C\n1 2.0°C\n[1.0°C 2.0°C] 1.0°C\n[3.0°C]\n"},
	{name: "explicit argument indexes", cells: []string{`import "fmt"
type Temp float64
func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }`, `ts := []Temp{1}
fmt.Printf("%[1]v %[1]T\n", ts)`}, want: "[1.0°C] []main.Temp\n", gap: "a format with [n] indexes may print an argument with %T and %v at once: the engine gives fmt the underlying value ([1] []float64), since fmt prints %T from the argument's own type"},
}

func TestFmtShapes(t *testing.T) {
	runCellsCases(t, fmtShapeCases, nil)
}

// TestFmtGlobalType pins what globalType reads of the interpreter (its
// unexported scopes): the type of a variable of an earlier cell, with the
// names of cell types.
func TestFmtGlobalType(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "type Temp float64\ntype R struct{ T Temp }\nts := []Temp{1}\nm := map[string]*R{}\nvar n int")
	for name, want := range map[string]string{"ts": "[]Temp", "m": "map[string]*R", "n": "int"} {
		x := e.globalType(name)
		if x == nil {
			t.Errorf("%s: no type (has the pinned yaegi's layout changed? see globalType)", name)
			continue
		}
		if got := exprText(x); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if x := e.globalType("nosuch"); x != nil {
		t.Errorf("nosuch: %s, want none", exprText(x))
	}
}
