package goengine

import "testing"

func TestOkAssertPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x any) { v, ok := x.(error); _, _ = v, ok }",
			want: "func f(x any) { v, ok := _yakNonNil(x).(error); _, _ = v, ok }",
			why:  "yaegi panics when a nil interface value is asserted to an interface type with comma-ok; Go gives false"},
		{in: "func f(x any) { var n, ok = x.(int); _, _ = n, ok }",
			want: "func f(x any) { var n, ok = _yakNonNil(x).(int); _, _ = n, ok }",
			why:  "var declarations of the comma-ok form too"},
		{in: "func f(x any) { v, ok := x.(any); w, ok2 := x.(interface{}); _, _, _, _ = v, ok, w, ok2 }",
			want: "func f(x any) { v, ok := x.(any); w, ok2 := x.(interface{}); _, _, _, _ = v, ok, w, ok2 }",
			why:  "the stand-in for nil would match any and interface{}: those stay"},
		{in: "func f(x any) { v := x.(error); _ = v }", want: "func f(x any) { v := x.(error); _ = v }",
			why: "a single-value assertion of nil panics in Go too"},
		{in: "func g[T any](x any) (T, bool) { v, ok := x.(T); return v, ok }",
			want: "func g[T any](x any) (T, bool) { v, ok := x.(T); return v, ok }",
			why:  "in a generic function T may be a type parameter: left alone"},
	})
}

func TestOkAssertPassLeavesCellTypes(t *testing.T) {
	testPass(t, []passCase{
		{in: "type W interface{ Write([]byte) (int, error) }\nfunc f(t any) { var w W; var ok bool; w, ok = t.(W); _, _ = w, ok }",
			want: "type W interface{ Write([]byte) (int, error) }\nfunc f(t any) { var w W; var ok bool; w, ok = func(_yakV any) (W, bool) { if _yakV == nil { return nil, false }; if _, _yakOK := _yakV.(W); _yakOK { switch _yakW := _yakV.(type) { case W: return _yakW, true } }; return nil, false }(t); _, _ = w, ok }",
			why:  "an assertion to a cell's type gets no _yakNonNil (through its any yaegi loses the value's methods); the ifaceassert pass makes it a checked type switch, which is false on nil"},
		{in: "func f(x any) { s, ok := x.(fmt.Stringer); _, _ = s, ok }",
			want: "func f(x any) { s, ok := func(_yakV any) (fmt.Stringer, bool) { if _yakV == nil { return nil, false }; if _yakW, _yakOK := func(_yakV any) (interface{ String() string }, bool) { if _yakV == nil { return nil, false }; if _, _yakOK := _yakV.(interface{ String() string }); _yakOK { switch _yakW := _yakV.(type) { case interface{ String() string }: return _yakW, true } }; return nil, false }(_yakV); _yakOK { var _yakS fmt.Stringer = _yakW; return _yakS, true }; if _yakhook.IsCell(_yakV) { return nil, false }; _yakC, _yakOK := _yakV.(fmt.Stringer); return _yakC, _yakOK }(x); _, _ = s, ok }",
			why:  "a package's interface type goes through the ifaceassert pass's conversion (yaegi's assertion that keeps a cell value panicked); nil is false; a compiled value goes to yaegi's assertion"},
	})
}
