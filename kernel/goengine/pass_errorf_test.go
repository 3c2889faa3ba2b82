package goengine

import "testing"

func TestErrorfPass(t *testing.T) {
	decl := "type E struct{ K string }\nfunc (e *E) Error() string { return e.K }\n"
	// (the errself pass adds _yakSelf)
	wdecl := "type E struct{ K string }\nfunc (e *E) Error() string { return e.K }; func (_yakR *E) _yakSelf() []any { return []any{_yakR} }\n"
	testPass(t, []passCase{
		{setup: []string{"import \"fmt\""}, in: decl + "func f() error { return fmt.Errorf(\"%d %w\", 1, &E{\"x\"}) }", want: wdecl + "func f() error { return fmt.Errorf(\"%d %w\", 1, func() error { return &E{\"x\"} }()) }", why: "a cell error value reaches compiled code as an error only as a function's error result"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() error { return fmt.Errorf(\"%v %%w\", &E{\"x\"}) }", want: wdecl + "func f() error { return fmt.Errorf(\"%v %%w\", _yakhook.Fmt(&E{\"x\"}, \"*E\", \"E\\x1fstruct{ K string }\", \"*E=E\", func(v *E, m int, f string) string { switch m { case 0: return v.Error() }; return fmt.Sprintf(f, v) })) }", why: "only %w arguments (the %v one goes through the fmtcall pass's adapter)"},
		{setup: []string{"import \"fmt\"", "type V struct{ K string }\nfunc (v V) Error() string { return v.K }"}, in: "fmt.Println(fmt.Errorf(\"w: %w\", V{\"x\"}))", want: "fmt.Println(fmt.Errorf(\"w: %w\", func() error { return V{\"x\"} }()))", why: "a value-receiver error type given straight to %w panics in yaegi"},
		{setup: []string{"type V struct{ K string }\nfunc (v V) Error() string { return v.K }"}, in: "var err error = V{\"x\"}", want: "var err error = func() error { return V{\"x\"} }()", why: "stored straight in a variable of type error, it loses its methods"},
		{setup: []string{"type V struct{ K string }\nfunc (v V) Error() string { return v.K }"}, in: "func f() { var err error\n\terr = V{\"x\"}\n\t_ = err }", want: "func f() { var err error\n\terr = func() error { return V{\"x\"} }()\n\t_ = err }", why: "assigned to a variable declared error"},
		{setup: []string{"type V struct{ K string }\nfunc (v V) Error() string { return v.K }"}, in: "var v V = V{\"x\"}\nvar a any = V{\"y\"}", want: "var v V = V{\"x\"}\nvar a any = []any{V{\"y\"}}[0]", why: "variables of other types: left alone (the anyvalue pass routes a value stored straight in an any through a []any)"},
		{setup: []string{"type error interface{ Error() string; Code() int }\ntype V struct{ K string }\nfunc (v V) Error() string { return v.K }\nfunc (v V) Code() int { return 1 }"}, in: "var err error = V{\"x\"}", want: "var err error = V{\"x\"}", why: "a cell's own type named error: left alone"},
	})
	if got := wrapArgs("%5.2f %*d %w %%w %v %w"); len(got) != 2 || got[0] != 3 || got[1] != 5 {
		t.Errorf("wrapArgs = %v, want [3 5]", got)
	}
}
