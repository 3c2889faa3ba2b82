package goengine

import "testing"

func TestTypeSwitchPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x any) { switch x.(type) { case int: } }", want: "func f(x any) { switch _yakTS := x.(type) { case int: } }",
			why: "without a variable yaegi compares type names, and a cell struct type never matches"},
		{in: "func f(x any) { switch v := x.(type) { case int: _ = v } }", want: "func f(x any) { switch v := x.(type) { case int: _ = v } }",
			why: "with a variable already: left alone"},
		{in: "func f(x any) { switch y := x; y.(type) {} }", want: "func f(x any) { switch y := x; _yakTS := y.(type) {} }",
			why: "after an init statement"},
	})
	decl := "type I interface{ M() }\n"
	asI := "func(_yakV any) (I, bool) { if _yakV == nil { return nil, false }; if _, _yakOK := _yakV.(I); _yakOK { switch _yakW := _yakV.(type) { case I: return _yakW, true } }; return nil, false }"
	testPass(t, []passCase{
		{in: decl + "func f(x any) { switch v := x.(type) {\ncase I: v.M()\ncase int, string: _ = v\ncase nil:\ndefault: _ = v } }",
			want: decl + "func f(x any) { switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { if _, _yakOK := " + asI + "(_yakV); _yakOK { return _yakV, 1 }; switch _yakW := _yakV.(type) { case int, string: _ = _yakW; return _yakV, 2 }; if _yakV == nil { return _yakV, 3 }; return _yakV, 0 }(x); _yakTSN {\n" +
				"case 1: v := func(_yakV any) I { _yakW, _ := " + asI + "(_yakV); return _yakW }(_yakTSX); v.M()\ncase 2: v := _yakTSX; _ = v\ncase 3: v := _yakTSX;\ndefault: v := _yakTSX; _ = v } }",
			why: "a case naming a cell's interface is taken for a value without all its methods: the clause to take is found by yaegi's assertion that only reports, in the clauses' order"},
		{in: decl + "func f(x any) bool { switch x.(type) { case I: return true }; return false }",
			want: decl + "func f(x any) bool { switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { if _, _yakOK := " + asI + "(_yakV); _yakOK { return _yakV, 1 }; return _yakV, 0 }(x); _yakTSN { case 1: return true }; return false }",
			why:  "without a variable too"},
		{setup: []string{decl + "var x any"}, in: "switch v := x.(type) { case I: _ = v }",
			want: "func() { switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { if _, _yakOK := " + asI + "(_yakV); _yakOK { return _yakV, 1 }; return _yakV, 0 }(x); _yakTSN { case 1: v := func(_yakV any) I { _yakW, _ := " + asI + "(_yakV); return _yakW }(_yakTSX); _ = v } }()",
			why:  "at the top level of a cell too, in the function literal that the toplevel pass moves the statement into (yaegi fails on the rewrite's := of two values at the top level)"},
		{setup: []string{decl + "var x any"}, in: "for { switch x.(type) { case I: return } }",
			want: "for { switch _yakTS := x.(type) { case I: return } }",
			why:  "a top-level statement that returns stays where it is, and its type switch only gets a variable (a known gap)"},
		{in: decl + "func f(x any) { switch y := x; y.(type) { case I: } }",
			want: decl + "func f(x any) { switch y := x; { default: switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { if _, _yakOK := " + asI + "(_yakV); _yakOK { return _yakV, 1 }; return _yakV, 0 }(y); _yakTSN { case 1: } } }",
			why:  "with an init statement, the init stays in an expression switch whose one clause holds the rewrite (yaegi takes no case of a switch whose init declares a variable and whose tag is a call)"},
	})
	types := "type S struct{ A int }\nfunc (s S) M() {}\ntype B struct{ A int }\ntype P struct{ C int }\nfunc (p *P) N() {}\n"
	testPass(t, []passCase{
		{in: types + "func f(x any) { switch v := x.(type) {\ncase S: v.M()\ncase *P, B: _ = v\ncase *S, P: _ = v } }",
			want: types + "func f(x any) { switch _yakTSX, _yakTSN := func(_yakV any) (any, int) { switch _yakV.(type) { case S: return _yakV, 1 }; switch _yakV.(type) { case *P: return _yakV, 2 }; switch _yakW := _yakV.(type) { case B: _ = _yakW; return _yakV, 2 }; switch _yakV.(type) { case *S, P: return _yakV, 3 }; return _yakV, 0 }(x); _yakTSN {\n" +
				"case 1: v := func(_yakV any) S { _yakW, _ := _yakV.(S); return _yakW }(_yakTSX); v.M()\ncase 2: v := _yakTSX; _ = v\ncase 3: v := _yakTSX; _ = v } }",
			why: "with a variable yaegi matches a case of a cell struct type by its fields (S is taken for a B, and never for an S with methods): a type whose values yaegi keeps with their type (S with methods, *P with a pointer receiver) is found by a type switch without a variable, the others by one with; so is a *S, which the anyvalue pass keeps with its type (by its fields only where no other cell type has them: B has)"},
	})
}

// typeSwitchProgram switches on cell values with cases of cell interfaces
// (Square has Area alone: a Shape, not a Solid), nil, default first, a
// case of several types that breaks, and a switch on a value of an
// interface type.
const typeSwitchProgram = `package main

import "fmt"

type Shape interface{ Area() float64 }

type Solid interface {
	Shape
	Volume() float64
}

type Square struct{ s float64 }

func (q Square) Area() float64 { return q.s * q.s }

type Cube struct{ s float64 }

func (c Cube) Area() float64   { return 6 * c.s * c.s }
func (c Cube) Volume() float64 { return c.s * c.s * c.s }

type Named int

func (n Named) Area() float64      { return float64(n) }
func (n Named) Perimeter() float64 { return 4 * float64(n) }

type Label string

func kind(x any) string {
	switch v := x.(type) {
	case Solid:
		return fmt.Sprintf("solid %.0f", v.Volume())
	case Shape:
		return fmt.Sprintf("shape %.0f", v.Area())
	}
	return "other"
}

func sort(x any) string {
	out := "?"
	switch v := x.(type) {
	default:
		out = fmt.Sprintf("default %v", v)
	case nil:
		out = "nil"
	case Solid, int:
		out = fmt.Sprintf("solid or int %v", v)
		if _, ok := v.(int); ok {
			break
		}
		out += "!"
	case Label:
		out = "label " + string(v)
	case Shape:
		out = fmt.Sprintf("shape %.0f", v.Area())
	}
	return out
}

func plain(x any) string {
	switch x.(type) {
	case Solid:
		return "solid"
	case Shape:
		return "shape"
	}
	return "other"
}

func inner(s Shape) string {
	switch s.(type) {
	case Solid:
		return "solid"
	}
	return "shape only"
}

func main() {
	for _, x := range []any{Square{2}, Cube{2}, Named(3), Label("l"), 7, 2.5, nil} {
		fmt.Println(kind(x), "|", sort(x), "|", plain(x))
	}
	fmt.Println(inner(Square{1}), inner(Cube{1}))
}
`

// A type switch takes the clause Go takes: the program's output in the
// interpreter is go run's.
func TestTypeSwitchAgreesWithGoRun(t *testing.T) {
	agreesWithGoRun(t, typeSwitchProgram)
}
