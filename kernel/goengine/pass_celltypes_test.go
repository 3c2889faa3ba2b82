package goengine

import (
	"strings"
	"testing"
)

// cellTypeCases are programs whose type assertions and type switches yaegi
// answered differently from Go before the ifaceassert and typeswitch
// passes knew the cells' method sets (pass_celltypes.go). Each is the
// body of package main after `import "fmt"`; "// cell" marks where the
// program is split over cells.
var cellTypeCases = []struct{ name, src string }{
	{"pointer to value receivers", `
type Shape interface{ Area() float64 }

type Solid interface {
	Area() float64
	Volume() float64
}

type Cube struct{ edge float64 }

func (c Cube) Area() float64   { return 6 * c.edge * c.edge }
func (c Cube) Volume() float64 { return c.edge * c.edge * c.edge }

type Square struct{ side, pad float64 }

func (q Square) Area() float64 { return q.side * q.side }

// cell

func describe(x any) string {
	if s, ok := x.(Solid); ok {
		return fmt.Sprintf("solid %.0f", s.Volume())
	}
	if s, ok := x.(Shape); ok {
		return fmt.Sprintf("shape %.0f", s.Area())
	}
	return "other"
}

func volume(x any) (v string) {
	defer func() {
		if recover() != nil {
			v = "panics"
		}
	}()
	return fmt.Sprint(x.(Solid).Volume())
}

func kind(x any) string {
	switch v := x.(type) {
	case Solid:
		return fmt.Sprintf("solid %.0f", v.Volume())
	case Shape:
		return fmt.Sprintf("shape %.0f", v.Area())
	}
	return "other"
}

func which(x any) string {
	switch v := x.(type) {
	case Cube:
		return fmt.Sprint("Cube ", v.edge)
	case *Cube:
		return fmt.Sprint("*Cube ", v.edge)
	case *Square:
		return fmt.Sprint("*Square ", v.side)
	}
	return "other"
}

// cell

func main() {
	c := &Cube{2}
	for _, x := range []any{Cube{2}, &Cube{3}, c, &Square{4, 0}, Square{5, 0}, 6} {
		fmt.Println(describe(x), "|", volume(x), "|", kind(x), "|", which(x))
	}
}
`},
	{"value of pointer receivers", `
type Shape interface{ Area() float64 }

type Solid interface {
	Shape
	Volume() float64
}

type PCube struct{ s float64 }

func (c *PCube) Area() float64   { return 6 * c.s * c.s }
func (c *PCube) Volume() float64 { return c.s * c.s * c.s }

type Half struct{ s float64 }

func (h Half) Area() float64    { return h.s }
func (h *Half) Volume() float64 { return h.s * h.s }

// cell

func describe(x any) string {
	if s, ok := x.(Solid); ok {
		return fmt.Sprintf("solid %.0f", s.Volume())
	}
	if s, ok := x.(Shape); ok {
		return fmt.Sprintf("shape %.0f", s.Area())
	}
	return "other"
}

func volume(x any) (v string) {
	defer func() {
		if recover() != nil {
			v = "panics"
		}
	}()
	return fmt.Sprint(x.(Solid).Volume())
}

func kind(x any) string {
	switch v := x.(type) {
	case Solid:
		return fmt.Sprintf("solid %.0f", v.Volume())
	case Shape:
		return fmt.Sprintf("shape %.0f", v.Area())
	case PCube:
		return fmt.Sprint("PCube ", v.s)
	}
	return "other"
}

// cell

func main() {
	for _, x := range []any{PCube{2}, &PCube{2}, Half{3}, &Half{3}} {
		fmt.Println(describe(x), "|", volume(x), "|", kind(x))
	}
}
`},
	{"struct cases", `
type Square struct{ s float64 }

func (q Square) Area() float64 { return q.s * q.s }

type Plain struct{ s float64 }

type Box struct{ w, h float64 }

func (b *Box) Scale(f float64) { b.w *= f; b.h *= f }

type Num int

func (n Num) Twice() Num { return 2 * n }

// cell

func which(x any) string {
	switch v := x.(type) {
	case Square:
		return fmt.Sprint("Square ", v.Area())
	case Plain:
		return fmt.Sprint("Plain ", v.s)
	case *Box:
		v.Scale(2)
		return fmt.Sprint("*Box ", v.w, v.h)
	case Box:
		return fmt.Sprint("Box ", v.w)
	case Num:
		return fmt.Sprint("Num ", v.Twice())
	case int:
		return fmt.Sprint("int ", v)
	}
	return "other"
}

func plain(x any) string {
	switch x.(type) {
	case Square, Num:
		return "Square or Num"
	case Plain:
		return "Plain"
	case *Box:
		return "*Box"
	}
	return "other"
}

// cell

func main() {
	for _, x := range []any{Square{2}, Plain{3}, &Box{1, 2}, Box{4, 5}, Num(3), 7, "s"} {
		fmt.Println(which(x), "|", plain(x))
	}
}
`},
	{"type switch with an init statement", `
type Shape interface{ Area() float64 }

type Solid interface {
	Shape
	Volume() float64
}

type Square struct{ side float64 }

func (q Square) Area() float64 { return q.side * q.side }

type Cube struct{ edge float64 }

func (c Cube) Area() float64   { return 6 * c.edge * c.edge }
func (c Cube) Volume() float64 { return c.edge * c.edge * c.edge }

// cell

func id(x any) any { return x }

func kind(x any) string {
	out := ""
	switch y := id(x); v := y.(type) {
	case Solid:
		out = fmt.Sprintf("solid %.0f", v.Volume())
		if v.Volume() > 1 {
			break
		}
		out += " small"
	case Shape:
		out = fmt.Sprintf("shape %.0f", v.Area())
	case nil:
		out = "nil"
	default:
		out = fmt.Sprint("other ", y)
	}
	return out
}

func square(x any) bool {
	switch n := 1; x.(type) {
	case Square:
		return n == 1
	}
	return false
}

// cell

func main() {
	for _, x := range []any{Square{2}, Cube{1}, Cube{2}, 3, nil} {
		fmt.Println(kind(x), square(x))
	}
}
`},
	{"values stored in an any", `
type Shape interface{ Area() float64 }

type Solid interface {
	Shape
	Volume() float64
}

type Square struct{ side float64 }

func (q Square) Area() float64 { return q.side * q.side }

type Cube struct{ edge float64 }

func (c Cube) Area() float64   { return 6 * c.edge * c.edge }
func (c Cube) Volume() float64 { return c.edge * c.edge * c.edge }

type PCube struct{ edge float64 }

func (c *PCube) Area() float64   { return 6 * c.edge * c.edge }
func (c *PCube) Volume() float64 { return c.edge * c.edge * c.edge }

type Temp float64

func (t Temp) Area() float64 { return float64(t) }

type Plain struct{ edge float64 }

// cell

func kind(x any) string {
	switch v := x.(type) {
	case Solid:
		return fmt.Sprintf("solid %.0f", v.Volume())
	case Plain:
		return "plain"
	case Shape:
		return fmt.Sprintf("shape %.0f", v.Area())
	}
	return "other"
}

var global any = Cube{4}

func mk(n float64) any { return Cube{n} }

// cell

func main() {
	var a any = Cube{2}
	var b interface{}
	b = Square{3}
	c := any(Temp(5))
	var p any = &PCube{1}
	_, ok := a.(Solid)
	fmt.Println(kind(a), kind(b), kind(c), kind(p), kind(global), ok)
	global = Square{6}
	fmt.Println(kind(global), global, kind(mk(3)))
}
`},
	{"pointers to value receivers with the same fields", `
type Shape interface{ Area() float64 }

type Solid interface {
	Area() float64
	Volume() float64
}

type Square struct{ s float64 }

func (q Square) Area() float64 { return q.s * q.s }

type Cube struct{ s float64 }

func (c Cube) Area() float64   { return 6 * c.s * c.s }
func (c Cube) Volume() float64 { return c.s * c.s * c.s }

type Plain struct{ s float64 }

// cell

func describe(x any) string {
	if s, ok := x.(Solid); ok {
		return fmt.Sprintf("solid %.0f", s.Volume())
	}
	if s, ok := x.(Shape); ok {
		return fmt.Sprintf("shape %.0f", s.Area())
	}
	return "other"
}

func which(x any) string {
	switch v := x.(type) {
	case *Square:
		return fmt.Sprint("*Square ", v.s)
	case *Cube:
		return fmt.Sprint("*Cube ", v.Volume())
	}
	return "other"
}

func both(x any) string { return describe(x) + " " + which(x) }

// cell

func main() {
	c := &Cube{2}
	var a any = &Cube{3}
	fmt.Println(both(&Cube{1}), "|", both(c), "|", both(a), "|", both(&Square{4}))
	for _, x := range []any{&Cube{5}, &Square{6}, c, &Plain{7}} {
		fmt.Println(both(x))
	}
}
`},
}

// Each program prints in the interpreter what go run prints, as one cell
// and split over cells.
func TestCellTypeChecksAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, cellTypeCases, "import \"fmt\"\n")
}

// agreeWithGoRun runs each program (imports, then the body of package
// main; "// cell" marks where it is split over cells) in the interpreter,
// as one cell and split over cells, and compares what it prints with go
// run's output.
func agreeWithGoRun(t *testing.T, cases []struct{ name, src string }, imports string) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			program := "package main\n\n" + imports + c.src
			want := goRunOutput(t, program)
			e := newEngine(t, Options{})
			r, _ := must(t, e, "%%interp\n"+program)
			if r.stdout() != want {
				t.Errorf("one cell, interpreted:\n%s\ngo run:\n%s", r.stdout(), want)
			}
			e = newEngine(t, Options{})
			cells := strings.Split(c.src, "\n// cell\n")
			cells[0] = imports + cells[0]
			for _, cell := range cells {
				must(t, e, cell)
			}
			r, _ = must(t, e, "%%interp\nmain()")
			if r.stdout() != want {
				t.Errorf("%d cells, interpreted:\n%s\ngo run:\n%s", len(cells)+1, r.stdout(), want)
			}
		})
	}
}

// topLevelDecls and topLevelStmts are a program whose type switches run at
// the top level of a cell: in a loop, on their own, and with an init
// statement.
const topLevelDecls = `
type Shape interface{ Area() float64 }

type Solid interface {
	Shape
	Volume() float64
}

type Square struct{ side float64 }

func (q Square) Area() float64 { return q.side * q.side }

type Cube struct{ edge float64 }

func (c Cube) Area() float64   { return 6 * c.edge * c.edge }
func (c Cube) Volume() float64 { return c.edge * c.edge * c.edge }

func id(x any) any { return x }
`

const topLevelStmts = `for _, x := range []any{Square{2}, Cube{2}, 3} {
	switch v := x.(type) {
	case Solid:
		fmt.Println("solid", v.Volume())
	case Shape:
		fmt.Println("shape", v.Area())
	default:
		fmt.Println("other", v)
	}
}
x := id(Cube{3})
switch v := x.(type) {
case Square:
	fmt.Println("square", v.side)
case Solid:
	fmt.Println("solid", v.Volume())
}
switch y := id(Square{4}); y.(type) {
case Solid:
	fmt.Println("solid")
case Shape:
	fmt.Println("shape")
}`

// A type switch at the top level of a cell takes the case go run takes
// in main (it failed to compile on its own, and took case Solid for a
// Square in a loop).
func TestTopLevelTypeSwitchAgreesWithGoRun(t *testing.T) {
	needGo(t)
	want := goRunOutput(t, "package main\n\nimport \"fmt\"\n"+topLevelDecls+"\nfunc main() {\n"+topLevelStmts+"\n}\n")
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n"+topLevelDecls)
	r, _ := must(t, e, "%%interp\n"+topLevelStmts)
	if r.stdout() != want {
		t.Errorf("interpreted:\n%s\ngo run:\n%s", r.stdout(), want)
	}
}

// The passes read the cells' method sets when a function is declared: a
// type declared in a later cell is left to yaegi's checks in it (a PCube
// value matches Solid there, a known gap that README names), until the
// function's cell runs again. Go's answer is "other solid other solid
// solid"; a pointer &Cube{1} is converted where it is passed, so it is
// right in both.
func TestCellTypesAreReadWhenAFunctionIsDeclared(t *testing.T) {
	funcs := `func describe(x any) string {
	if _, ok := x.(Solid); ok {
		return "solid"
	}
	return "other"
}

func which(x any) string {
	switch x.(type) {
	case Solid:
		return "solid"
	}
	return "other"
}
`
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\n\ntype Solid interface {\n\tArea() float64\n\tVolume() float64\n}\n\n"+funcs)
	must(t, e, `type PCube struct{ s float64 }

func (c *PCube) Area() float64   { return 6 * c.s * c.s }
func (c *PCube) Volume() float64 { return c.s * c.s * c.s }

type Cube struct{ s float64 }

func (c Cube) Area() float64   { return 6 * c.s * c.s }
func (c Cube) Volume() float64 { return c.s * c.s * c.s }
`)
	calls := "%%interp\nfmt.Println(describe(PCube{2}), describe(&PCube{2}), which(PCube{2}), describe(&Cube{1}), which(&Cube{1}))"
	for _, want := range []string{"solid solid solid solid solid\n", "other solid other solid solid\n"} {
		r, _ := must(t, e, calls)
		if r.stdout() != want {
			t.Errorf("got %q, want %q", r.stdout(), want)
		}
		must(t, e, funcs) // declared again, after the types
	}
}
