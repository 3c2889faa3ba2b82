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
}

const anyHeldImports = "import (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n)\n\nvar _, _ = json.Marshal, errors.New\n"

// Each program prints in the interpreter what go run prints, as one cell
// and split over cells.
func TestAnyHeldCellValuesAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, anyHeldCases, anyHeldImports)
}
