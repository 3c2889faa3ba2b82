package goengine

import "testing"

func TestErrSelfPass(t *testing.T) {
	decl := "type E struct{ Code int }\n"
	testPass(t, []passCase{
		{in: decl + "func (e E) Error() string { return \"e\" }",
			want: decl + "func (e E) Error() string { return \"e\" }; func (_yakR E) _yakSelf() []any { return []any{_yakR} }",
			why:  "yaegi keeps a struct value that becomes an error as its last field: an error type gets a method that returns the value (in yaegi's holder, which a []any keeps)"},
		{in: decl + "func (e *E) Error() string { return \"e\" }",
			want: decl + "func (e *E) Error() string { return \"e\" }; func (_yakR *E) _yakSelf() []any { return []any{_yakR} }",
			why:  "a pointer too: the holder has its type, for an assertion to an interface"},
		{in: decl + "func (e E) Error(x int) string { return \"e\" }",
			want: decl + "func (e E) Error(x int) string { return \"e\" }",
			why:  "not the error interface's method"},
		{setup: []string{decl + "func (e *E) Error() string { return \"e\" }"},
			in:   "func f(err error) bool { _, ok := err.(*E); return ok }",
			want: "func f(err error) bool { _, ok := _yakErrSelf(err).(*E); return ok }",
			why:  "an assertion of an error to a cell type asserts the value the error holds"},
		{setup: []string{decl + "func (e *E) Error() string { return \"e\" }"},
			in:   "func f(err error) { _ = err.(interface{ Code() int }) }",
			want: "func f(err error) { _ = func(_yakV any) interface{ Code() int } { if _yakW, _yakOK := func(_yakV any) (interface{ Code() int }, bool) { if _yakV == nil { return nil, false }; switch _yakV.(type) { case E, *E: return nil, false }; if _, _yakOK := _yakV.(interface{ Code() int }); _yakOK { switch _yakW := _yakV.(type) { case interface{ Code() int }: return _yakW, true } }; return nil, false }(_yakV); _yakOK { return _yakW }; _yakR := _yakV.(interface{ Code() int }); _ = _yakR; panic(\"interface conversion: the value is not interface{ Code() int }: missing method\") }(_yakErrSelf(err)) }",
			why:  "an assertion of an error to an interface: the value's methods decide, checked by the ifaceassert pass as for a cell's interface (E has a field Code, no method)"},
		{setup: []string{"import \"errors\"", decl + "func (e *E) Error() string { return \"e\" }"},
			in:   "func f(err error) bool { var c interface{ Code() int }; return errors.As(err, &c) }",
			want: "func f(err error) bool { var c interface{ Code() int }; return func(_yakE error, _yakP *interface{ Code() int }) bool { return _yakhook.ErrorsAsFunc(_yakE, func(_yakX any) bool { if _, _yakOK := _yakX.(interface{ Code() int }); _yakOK { switch _yakW := _yakX.(type) { case interface{ Code() int }: *_yakP = _yakW; return true } }; return false }) }(err, &c) }",
			why:  "errors.As to an interface target that the interpreter declares: decided in the interpreter, on the values the errors hold"},
		{setup: []string{decl},
			in:   "func f(x any) bool { _, ok := x.(E); return ok }",
			want: "func f(x any) bool { _, ok := x.(E); return ok }",
			why:  "an assertion of a value that is not an error: left to yaegi"},
	})
}
