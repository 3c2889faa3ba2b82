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
}

const anyHeldImports = "import (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n)\n\nvar _, _ = json.Marshal, errors.New\n"

// Each program prints in the interpreter what go run prints, as one cell
// and split over cells.
func TestAnyHeldCellValuesAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, anyHeldCases, anyHeldImports)
}
