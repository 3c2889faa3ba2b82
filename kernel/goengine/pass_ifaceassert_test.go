package goengine

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestIfaceAssertPass(t *testing.T) {
	decl := "type I interface{ M() }\n"
	asI := "func(_yakV any) (I, bool) { if _yakV == nil { return nil, false }; if _, _yakOK := _yakV.(I); _yakOK { switch _yakW := _yakV.(type) { case I: return _yakW, true } }; return nil, false }"
	testPass(t, []passCase{
		{in: decl + "func f(x any) bool { _, ok := x.(I); return ok }", want: decl + "func f(x any) bool { _, ok := " + asI + "(x); return ok }",
			why: "yaegi panics on an assertion to a cell's interface that a type switch matches, and the type switch matches values without all the methods: the assertion that only reports checks them, then the type switch gives the value"},
		{in: decl + "func f(x any) { x.(I).M() }", want: decl + "func f(x any) { func(_yakV any) I { if _yakW, _yakOK := " + asI + "(_yakV); _yakOK { return _yakW }; _yakR := _yakV.(I); _ = _yakR; panic(\"interface conversion: the value is not main.I: missing method\") }(x).M() }",
			why: "the single-value form too; a value without the methods panics"},
		{in: decl + "func f(x any) bool { _, ok := x.(error); return ok }", want: decl + "func f(x any) bool { _, ok := _yakNonNil(x).(error); return ok }",
			why: "an interface that no cell declares: left to the okassert pass"},
		{in: "type P struct{}\nfunc f(x any) bool { _, ok := x.(P); return ok }", want: "type P struct{}\nfunc f(x any) bool { _, ok := x.(P); return ok }",
			why: "a cell's struct type: left alone"},
	})
	types := "type P struct{ A int }\nfunc (p *P) M() {}\ntype V struct{ B int }\nfunc (v V) M() {}\ntype W int\nfunc (w W) N() {}\n"
	testPass(t, []passCase{
		{in: decl + types + "func f(x any) bool { _, ok := x.(I); return ok }",
			want: decl + types + "func f(x any) bool { _, ok := func(_yakV any) (I, bool) { if _yakV == nil { return nil, false }; switch _yakV.(type) { case P, W: return nil, false }; " +
				"if _, _yakOK := _yakV.(I); _yakOK { switch _yakW := _yakV.(type) { case I: return _yakW, true } }; " +
				"switch _yakV.(type) { case *V: if _yakP, _yakOK := _yakV.(*V); _yakOK { return _yakP, true } }; switch _yakW := _yakV.(type) { case *V: return _yakW, true; }; return nil, false }(x); return ok }",
			why: "yaegi counts *P's method for a P, lets W's N pass for M, and passes a *V to an any without its type: the cells' method sets decide those first; a *V is found by its type where the anyvalue pass kept it, else by its fields (no other cell type has them)"},
	})
}

// assertProgram asserts cell values to cell interfaces in both forms:
// Square has Area only, so it is a Shape and not a Solid.
const assertProgram = `package main

import "fmt"

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

type PCube struct{ s float64 }

func (c *PCube) Area() float64   { return 6 * c.s * c.s }
func (c *PCube) Volume() float64 { return c.s * c.s * c.s }

type Named int

func (n Named) Area() float64      { return float64(n) }
func (n Named) Perimeter() float64 { return 4 * float64(n) }

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

func main() {
	for _, x := range []any{Square{2}, Cube{2}, &PCube{2}, Named(2), 3, nil} {
		fmt.Println(describe(x), "|", volume(x))
	}
}
`

// x.(Solid) is false for a value whose type has Area alone, as Go says:
// the program's output in the interpreter is go run's.
func TestIfaceAssertAgreesWithGoRun(t *testing.T) {
	agreesWithGoRun(t, assertProgram)
}

// agreesWithGoRun runs a whole program with go run and in the interpreter
// (%%interp) and compares what they print.
func agreesWithGoRun(t *testing.T, program string) {
	t.Helper()
	needGo(t)
	want := goRunOutput(t, program)
	e := newEngine(t, Options{})
	r, _ := must(t, e, "%%interp\n"+program)
	if r.stdout() != want {
		t.Errorf("interpreted:\n%s\ngo run:\n%s", r.stdout(), want)
	}
}

// goRunOutput is what a program of package main prints under go run.
func goRunOutput(t *testing.T, program string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(program), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GO111MODULE=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	return string(out)
}
