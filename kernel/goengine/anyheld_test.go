package goengine

import "testing"

// anyHeldCases are programs that print, marshal and inspect values of cell
// types held in an any or an error, which compiled code (fmt, encoding/json,
// errors) got without their type or methods before yak handed them over.
// Each is the body of package main after anyHeldImports; "// cell" marks
// where it is split over cells.
var anyHeldCases = []struct{ name, src string }{
	{"fmt of a cell error held in an any", `
type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

type PErr struct{ Msg string }

func (e *PErr) Error() string { return "perr " + e.Msg }

type Box struct{ N int }

func (b Box) Area() int { return b.N }

type Named struct{ N int }

func (n Named) GoString() string { return "Named!" }

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

// cell

func main() {
	var ev any = MyErr{4}
	fmt.Println(ev)
	fmt.Printf("%v|%s|%q|%d|%+v|%8v|\n", ev, ev, ev, ev, ev, ev)
	var pv any = &PErr{"x"}
	fmt.Println(pv)
	fmt.Printf("%T %T\n", ev, pv)
	xs := []any{MyErr{5}, Box{3}, &PErr{"y"}, Named{1}}
	fmt.Println(xs[0], xs[1], xs[2])
	fmt.Printf("%T %T %#v %+v %#v\n", xs[0], xs[1], xs[1], xs[1], xs[3])
	var w, str, n any = Temp(3), "s", nil
	var err error = MyErr{6}
	fmt.Printf("%T %v %T %v %T %v %T %v\n", w, w, str, str, n, n, err, err)
	s := fmt.Sprint(ev, " ", xs[2])
	fmt.Println(s, fmt.Sprintf("%v", xs[0]))
}
`},
	{"type of a cell struct named by its own name", `
type Box struct{ N int }

func (b Box) Area() int { return b.N }

type PBox struct{ N int }

func (b *PBox) Area() int { return b.N }

// cell

func main() {
	fmt.Printf("%T %T %T\n", Box{1}, PBox{2}, &Box{3})
	b := Box{4}
	fmt.Printf("%T\n", b)
}
`},
	{"json of cell values inside interfaces", `
type Box struct{ N int }

func (b Box) Area() int { return b.N }

type PBox struct {
	N    int    ` + "`json:\"n\"`" + `
	note string
}

func (b *PBox) Area() int { return b.N }

type Temp float64

func (t Temp) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprintf("\"%.1fC\"", float64(t))), nil }

type Bad struct{}

func (Bad) MarshalJSON() ([]byte, error) { return nil, errors.New("bad") }

type Plain struct{ A, B int }

type Doc struct {
	Items []any
	Meta  map[string]any
	One   any
}

// cell

func main() {
	b, err := json.Marshal([]any{Box{5}, &PBox{2, "x"}, Temp(3), Plain{1, 2}, nil, 7})
	fmt.Println(string(b), err)
	b, _ = json.Marshal(map[string]any{"a": Box{6}, "p": &PBox{N: 2}, "q": PBox{N: 3}, "n": []any{Box{1}}})
	fmt.Println(string(b))
	d := Doc{Items: []any{Box{7}}, Meta: map[string]any{"t": Temp(1)}, One: Box{8}}
	b, _ = json.Marshal(d)
	fmt.Println(string(b))
	b, _ = json.MarshalIndent(struct{ X any }{Box{9}}, "", " ")
	fmt.Println(string(b))
	var x any = []any{Box{10}}
	b, _ = json.Marshal(x)
	fmt.Println(string(b))
	_, err = json.Marshal([]any{Bad{}})
	fmt.Println(err)
}
`},
	{"errors through cell error types", `
type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

func (e MyErr) Num() int { return e.Code }

type Codes struct{ C []int }

func (e Codes) Error() string { return fmt.Sprint("codes ", e.C) }

func (e Codes) Is(target error) bool {
	t, ok := target.(Codes)
	return ok && len(t.C) == len(e.C)
}

type PErr struct{ Msg string }

func (e *PErr) Error() string { return "perr " + e.Msg }

type wrapErr struct{ inner error }

func (w *wrapErr) Error() string { return "wrap" }
func (w *wrapErr) Unwrap() error { return w.inner }

type valWrap struct{ inner error }

func (w valWrap) Error() string { return "valwrap: " + w.inner.Error() }
func (w valWrap) Unwrap() error { return w.inner }

type multi struct{ errs []error }

func (m multi) Error() string   { return "multi" }
func (m multi) Unwrap() []error { return m.errs }

type unwrapper interface{ Unwrap() error }

type Code int

func (c Code) Error() string { return fmt.Sprint("c", int(c)) }

var base = errors.New("base")

func get() error { return MyErr{3} }

// cell

func main() {
	var a any = MyErr{7}
	err := a.(error)
	var t MyErr
	fmt.Println(errors.As(err, &t), t)
	var t2 MyErr
	fmt.Println(errors.As(fmt.Errorf("x: %w", get()), &t2), t2)
	var t3 MyErr
	fmt.Println(errors.As(&wrapErr{valWrap{MyErr{5}}}, &t3), t3)
	var p *PErr
	fmt.Println(errors.As(fmt.Errorf("y: %w", &wrapErr{&PErr{"z"}}), &p), p)
	var c Code
	fmt.Println(errors.As(valWrap{Code(4)}, &c), c)
	fmt.Println(errors.Is(&wrapErr{base}, base), errors.Is(valWrap{base}, base), errors.Is(fmt.Errorf("y: %w", &wrapErr{base}), base))
	fmt.Println(errors.Is(&wrapErr{MyErr{1}}, MyErr{1}), errors.Is(&wrapErr{MyErr{1}}, MyErr{2}))
	fmt.Println(errors.Is(fmt.Errorf("w: %w", Codes{[]int{1, 2}}), Codes{[]int{3, 4}}), errors.Is(Codes{[]int{1}}, Codes{}))
	fmt.Println(errors.Unwrap(&wrapErr{base}) == base, errors.Unwrap(valWrap{base}) == base)
	e := get()
	m, ok := e.(MyErr)
	fmt.Println(m, ok, m.Code)
	_, ok = e.(*PErr)
	fmt.Println(ok)
	fmt.Println(err, e, fmt.Errorf("x: %w", valWrap{MyErr{9}}))
	j := multi{[]error{base, MyErr{8}}}
	var t4 MyErr
	fmt.Println(errors.Is(j, base), errors.Is(&wrapErr{j}, MyErr{8}), errors.As(j, &t4), t4, errors.Is(j, MyErr{1}))
	var we error = &wrapErr{base}
	var ve error = valWrap{base}
	_, ok1 := we.(interface{ Unwrap() error })
	_, ok2 := ve.(unwrapper)
	_, ok3 := error(MyErr{1}).(unwrapper)
	u, ok4 := we.(unwrapper)
	fmt.Println(ok1, ok2, ok3, ok4, u.Unwrap() == base)
	var coder interface{ Num() int }
	var uw interface{ Unwrap() error }
	var to interface{ Timeout() bool }
	fmt.Println(errors.As(fmt.Errorf("w: %w", valWrap{MyErr{12}}), &coder), coder.Num(), errors.As(&wrapErr{valWrap{base}}, &uw), uw.Unwrap() == base, errors.As(we, &to))
	var t5 MyErr
	jj := errors.Join(base, fmt.Errorf("in: %w", MyErr{11}))
	fmt.Println(errors.As(jj, &t5), t5, errors.Is(jj, MyErr{11}), errors.Is(jj, base))
}
`},
	{"a variable of a cell type converted to an interface", `
type Shape2D interface{ Perimeter() float64 }

type circle struct{ R float64 }

func (c circle) Perimeter() float64 { return 2 * c.R }

type square struct{ S float64 }

func (s *square) Perimeter() float64 { return 4 * s.S }

// cell

func main() {
	a := circle{R: 1.5}
	_, ok := interface{}(a).(Shape2D)
	fmt.Println(ok)
	q := square{2}
	_, ok = any(q).(Shape2D)
	p := &q
	_, ok2 := any(p).(Shape2D)
	fmt.Println(ok, ok2)
	var x any
	x = a
	switch x.(type) {
	case Shape2D:
		fmt.Println("shape")
	default:
		fmt.Println("other")
	}
}
`},
	{"an error that compiled code returns, asserted to a cell interface", `
type Temporary interface{ Temporary() bool }

type netErr struct{ msg string }

func (n netErr) Error() string   { return n.msg }
func (n netErr) Temporary() bool { return true }

// cell

func main() {
	e2 := fmt.Errorf("wrap: %w", netErr{"timeout"})
	if te, ok := errors.Unwrap(e2).(Temporary); ok {
		fmt.Println("temporary", te.Temporary())
	}
	u := errors.Unwrap(e2)
	_, ok := u.(Temporary)
	var t Temporary
	fmt.Println(ok, errors.As(e2, &t), t.Temporary(), u)
}
`},
	// A type switch on an error holding a cell value, with cases of an
	// interface literal and a cell interface (yaegi checked its wrapper
	// for error by the wrapper's own methods).
	{"a type switch on an error holding a cell value", `
type MyErr struct{ inner error }

func (e MyErr) Error() string { return "my: " + e.inner.Error() }
func (e MyErr) Unwrap() error { return e.inner }

type Coded interface{ Code() int }

type codeErr int

func (c codeErr) Error() string { return fmt.Sprint("code ", int(c)) }
func (c codeErr) Code() int     { return int(c) }

// cell

func kind(err error) string {
	switch v := err.(type) {
	case nil:
		return "nil"
	case interface{ Unwrap() error }:
		return "unwrapper " + v.Unwrap().Error()
	case Coded:
		return fmt.Sprint("coded ", v.Code())
	case MyErr:
		return "myerr"
	default:
		return fmt.Sprint("other ", v)
	}
}

func main() {
	var err error = MyErr{errors.New("x")}
	fmt.Println(kind(err), kind(codeErr(3)), kind(errors.New("plain")), kind(nil))
	switch err.(type) {
	case interface{ Unwrap() error }:
		fmt.Println("unwrapper2")
	}
}
`},
	{"a cell type with a method named Format, its own or promoted, held in an any", `
// stamp gets time.Time's Format(string) string, String and GoString.
type stamp struct {
	time.Time
	note string
}

// layout's Format is no fmt.Formatter either.
type layout struct{ n int }

func (l layout) Format(s string) string { return "layout:" + s }

// real is a fmt.Formatter.
type real struct{ n int }

func (r real) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "real%c%d", verb, r.n) }

// cell

func main() {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s := stamp{at, "x"}
	var a any = s
	var b any = stamp{at, "y"}
	fmt.Println(a, b)
	fmt.Printf("%v|%s|%#v|%T\n", a, b, a, b)
	_, ok := b.(fmt.Stringer)
	_, isF := b.(fmt.Formatter)
	fmt.Println(ok, isF)
	var l any = layout{3}
	l2 := layout{4}
	var l3 any = l2
	fmt.Println(l, l3, fmt.Sprint(l), fmt.Sprintf("%v %+v", l, l3))
	var r any = real{5}
	fmt.Println(r)
	fmt.Printf("%v %d %s\n", r, r, fmt.Sprint(r))
	var n any
	var err error
	fmt.Println(n, err)
	xs := []any{s, layout{6}, real{7}, 8}
	fmt.Println(xs[0], xs[1], xs[2], xs[3])
}
`},
}

const anyHeldImports = "import (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n\t\"time\"\n)\n\nvar _, _, _ = json.Marshal, errors.New, time.Now\n"

// Each program prints in the interpreter what go run prints, as one cell
// and split over cells.
func TestAnyHeldCellValuesAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, anyHeldCases, anyHeldImports)
}

// The same values held in an any by top-level statements of cells, each
// cell's output as Go prints it: a struct embedding time.Time gets its
// Format(string) string, which yaegi took for fmt.Formatter's.
func TestAnyHeldFormatNamedMethodAtTopLevel(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"fmt\"\n\t\"time\"\n)\n\ntype stamp struct {\n\ttime.Time\n\tnote string\n}")
	cellsPrint(t, e, []struct{ cell, want string }{
		{"at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)\ns := stamp{at, \"x\"}\nvar a any = s\nfmt.Println(a)",
			"2024-01-02 03:04:05 +0000 UTC\n"},
		{"var d any = stamp{at, \"y\"}\n_, ok := d.(fmt.Stringer)\nfmt.Println(d, ok)\nfmt.Printf(\"%s|%v|%T\\n\", d, a, d)",
			"2024-01-02 03:04:05 +0000 UTC true\n2024-01-02 03:04:05 +0000 UTC|2024-01-02 03:04:05 +0000 UTC|main.stamp\n"},
		{"type lay struct{ n int }\n\nfunc (l lay) Format(layout string) string { return \"lay:\" + layout }\n\nvar h any = lay{3}\nfmt.Println(h, h.(lay).Format(\"x\"))",
			"{3} lay:x\n"},
		{"var n any\nfmt.Println(n, fmt.Sprint(a) == s.String())", "<nil> true\n"},
	})
}

// cellsPrint runs each cell in turn in e and compares what it prints;
// a cell that fails stops the test (the later cells build on it).
func cellsPrint(t *testing.T, e *Engine, cells []struct{ cell, want string }) {
	t.Helper()
	for _, c := range cells {
		r, _, err := run(t, e, c.cell)
		if err != nil {
			t.Fatalf("cell %q: %v\n%s", c.cell, err, r.stderr())
		}
		if got := r.stdout(); got != c.want {
			t.Errorf("cell %q printed\n%q, want\n%q", c.cell, got, c.want)
		}
	}
}
