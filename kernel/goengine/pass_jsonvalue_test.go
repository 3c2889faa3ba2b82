package goengine

import "testing"

func TestJSONValuePass(t *testing.T) {
	decl := "type T float64\nfunc (t T) MarshalJSON() ([]byte, error) { return []byte(\"1\"), nil }\ntype R struct{ V T }\ntype Plain struct{ N int }\n"
	setup := []string{"import \"encoding/json\""}
	udecl := "type U int\nfunc (u *U) UnmarshalJSON(b []byte) error { return nil }\ntype Plain struct{ N int }\n"
	testPass(t, []passCase{
		{setup: setup, in: decl + "func f() { json.Marshal(R{}) }", want: decl + "func f() { json.Marshal(_yakhook.JSON(R{}, \"R\", \"R\\x1fstruct{ V T }\\x1fT\\x1ffloat64\", \"T\\x1f*T\", func(v T) ([]byte, error) { return v.MarshalJSON() }, func(v *T) ([]byte, error) { return v.MarshalJSON() })) }", why: "a field of a cell type with MarshalJSON reaches encoding/json as its underlying value: the adapter calls the method"},
		{setup: setup, in: decl + "func f() { json.Marshal(T(1)) }", want: decl + "func f() { json.Marshal(T(1)) }", why: "at the top yaegi hands encoding/json a json.Marshaler already"},
		{setup: setup, in: decl + "func f() { json.Marshal([]Plain{}) }", want: decl + "func f() { json.Marshal([]Plain{}) }", why: "no cell type with MarshalJSON: encoding/json gets the value"},
		{setup: setup, in: udecl + "func f(b []byte) error { var t U; return json.Unmarshal(b, &t) }", want: udecl + "func f(b []byte) error { var t U; return func(_yakD []byte, _yakP interface{ UnmarshalJSON([]byte) error }) error { var _yakR json.RawMessage; if err := json.Unmarshal(_yakD, &_yakR); err != nil { return err }; return _yakP.UnmarshalJSON(_yakR) }(b, &t) }", why: "yaegi hands encoding/json a copy of a cell value with UnmarshalJSON: the method is called in the interpreter on the checked input"},
		{setup: setup, in: udecl + "func f(b []byte, t *U) error { return json.Unmarshal(b, t) }", want: udecl + "func f(b []byte, t *U) error { return json.Unmarshal(b, t) }", why: "a pointer variable may be nil (encoding/json's error): left alone"},
		{setup: setup, in: udecl + "func f(b []byte) error { var p Plain; return json.Unmarshal(b, &p) }", want: udecl + "func f(b []byte) error { var p Plain; return json.Unmarshal(b, &p) }", why: "no UnmarshalJSON: left alone"},
		{setup: setup, in: udecl + "type S struct {\n\tA U `json:\"a\"`\n\tB int `json:\"-\"`\n}\nfunc f(b []byte) error { var s S; return json.Unmarshal(b, &s) }",
			want: udecl + "type S struct {\n\tA U `json:\"a\"`\n\tB int `json:\"-\"`\n}\nfunc f(b []byte) error { var s S; return func(_yakD []byte, _yakP *S) error { " +
				"_yakFold := func(a, b string) bool { if len(a) != len(b) { return false }; for i := 0; i < len(a); i++ { x, y := a[i], b[i]; if 'A' <= x && x <= 'Z' { x += 'a' - 'A' }; if 'A' <= y && y <= 'Z' { y += 'a' - 'A' }; if x != y { return false } }; return true }; " +
				"_yakKs, _yakVs, _yakErr := _yakhook.JSONMembers(_yakD, \"main.S\"); if _yakErr != nil { return _yakErr }; for _yakI, _yakK := range _yakKs { _yakV := _yakVs[_yakI]; switch { " +
				"case _yakK == \"a\": _yakErr = _yakP.A.UnmarshalJSON(_yakV); case _yakFold(_yakK, \"a\"): _yakErr = _yakP.A.UnmarshalJSON(_yakV) }; if _yakErr != nil { return _yakErr } }; return nil }(b, &s) }",
			why: "yaegi hands encoding/json the struct without its fields' methods: the members go to the fields one by one, a field of a cell type with UnmarshalJSON to its method"},
		{setup: setup, in: udecl + "type In struct{ A U }\ntype E struct {\n\tIn\n}\nfunc f(b []byte) error { var s E; return json.Unmarshal(b, &s) }", want: udecl + "type In struct{ A U }\ntype E struct {\n\tIn\n}\nfunc f(b []byte) error { var s E; return json.Unmarshal(b, &s) }",
			why: "an embedded field's members would be promoted: left alone"},
		{setup: setup, in: udecl + "type E struct {\n\tU\n}\nfunc f(b []byte) error { var s E; return json.Unmarshal(b, &s) }", want: udecl + "type E struct {\n\tU\n}; func (_yakR *E) UnmarshalJSON(_yakP0 []byte) error { return _yakR.U.UnmarshalJSON(_yakP0) }\nfunc f(b []byte) error { var s E; return func(_yakD []byte, _yakP interface{ UnmarshalJSON([]byte) error }) error { var _yakR json.RawMessage; if err := json.Unmarshal(_yakD, &_yakR); err != nil { return err }; return _yakP.UnmarshalJSON(_yakR) }(b, &s) }",
			why: "an embedded cell type's UnmarshalJSON is promoted (the embedfwd pass forwards it), so *E is a json.Unmarshaler, whose method is called"},
	})
	cdecl := "type C struct{ N int }\nfunc (c C) M() {}\n"
	testPass(t, []passCase{
		{setup: setup, in: cdecl + "func f(x any) { json.Marshal(x) }", want: cdecl + "func f(x any) { _yakhook.JSONHeld(x) }",
			why: "a cell value that yaegi keeps with its type in an any reaches encoding/json as a holder without fields: the engine's Marshal takes it out"},
		{setup: setup, in: cdecl + "func f() { json.MarshalIndent(map[string][]any{\"a\": {C{1}}}, \"\", \" \") }", want: cdecl + "func f() { _yakhook.JSONHeldIndent(map[string][]any{\"a\": {C{1}}}, \"\", \" \") }",
			why: "also inside maps, slices and struct fields"},
		{setup: setup, in: cdecl + "func f(c C) { json.Marshal(c) }", want: cdecl + "func f(c C) { json.Marshal(c) }", why: "a static cell type: left alone"},
	})
}

// jsonAnyProgram marshals cell values held in an any: passed to a
// parameter, stored in a variable (which the anyvalue pass routes through
// a []any), pointers with value and with pointer receivers.
const jsonAnyProgram = `package main

import (
	"encoding/json"
	"fmt"
)

type Box struct{ W int }

func (b Box) Area() int { return b.W }

type PBox struct{ W int }

func (b *PBox) Area() int { return b.W }

func js(x any) string {
	b, err := json.Marshal(x)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func main() {
	var a any = Box{3}
	var p any = &Box{4}
	b, _ := json.Marshal(a)
	fmt.Println(string(b), js(a), js(p), js(Box{1}), js(&Box{2}), js(&PBox{5}), js(7), js(nil))
}
`

// json.Marshal of a cell value in an any writes its fields, as go run
// does (it wrote {} for a value with methods passed to an any parameter).
func TestJSONOfCellValueInAnyAgreesWithGoRun(t *testing.T) {
	agreesWithGoRun(t, jsonAnyProgram)
}
