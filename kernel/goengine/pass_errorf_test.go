package goengine

import "testing"

func TestErrorfPass(t *testing.T) {
	decl := "type E struct{ K string }\nfunc (e *E) Error() string { return e.K }\n"
	testPass(t, []passCase{
		{setup: []string{"import \"fmt\""}, in: decl + "func f() error { return fmt.Errorf(\"%d %w\", 1, &E{\"x\"}) }", want: decl + "func f() error { return fmt.Errorf(\"%d %w\", 1, func() error { var _yakE error = &E{\"x\"}; return _yakE }()) }", why: "a cell error value reaches compiled code as an error only from a variable"},
		{setup: []string{"import \"fmt\""}, in: decl + "func f() error { return fmt.Errorf(\"%v %%w\", &E{\"x\"}) }", want: decl + "func f() error { return fmt.Errorf(\"%v %%w\", _yakhook.Fmt(&E{\"x\"}, \"*E\", \"E\\x1fstruct{ K string }\", \"*E=E\", func(v *E, m int, f string) string { switch m { case 0: return v.Error() }; return fmt.Sprintf(f, v) })) }", why: "only %w arguments (the %v one goes through the fmtcall pass's adapter)"},
	})
	if got := wrapArgs("%5.2f %*d %w %%w %v %w"); len(got) != 2 || got[0] != 3 || got[1] != 5 {
		t.Errorf("wrapArgs = %v, want [3 5]", got)
	}
}
