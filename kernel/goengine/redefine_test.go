package goengine

import (
	"strings"
	"testing"
)

func TestRedefinition(t *testing.T) {
	cases := []struct {
		name  string
		cells []string
		last  string // value of the last cell
		warn  string // expected in the stderr of the cells
	}{
		{"func", []string{"func f() int { return 1 }", "func g() int { return f() * 10 }", "func f() int { return 2 }", "g()"}, "20", ""},
		{"var", []string{"var gv = 5", "func useGv() int { return gv }", "var gv = 7", "useGv()"}, "7", ""},
		{"var by :=", []string{"x := 1", "func getX() int { return x }", "x := 3", "getX()"}, "3", ""},
		{"var by := in the same cell", []string{"x := 1", "func getX() int { return x }", "x := 4\ngetX()"}, "4", ""},
		{"const", []string{"const c = 1", "func getC() int { return c }", "const c = 2", "getC() + c"}, "4", ""},
		{"type fields", []string{"type T struct{ A int }", "type T struct{ B, C int }", "T{B: 2}.B"}, "2", ""},
		{"type kind", []string{"type S int", "type S string", "S(\"x\") + \"y\""}, "xy", ""},
		{"type keeps methods", []string{"type T struct{ A int }", "func (t T) Get() int { return t.A }", "type T struct{ A, B int }", "T{A: 4, B: 1}.Get()"}, "4", ""},
		{"method", []string{"type T struct{ A int }", "func (t T) M() int { return t.A }", "func (t T) M() int { return t.A + 100 }", "T{1}.M()"}, "101", ""},
		{"users of a type", []string{"type T struct{ A int }", "func mk() T { return T{A: 1} }", "type T struct{ A, B int }", "t := mk(); t.B = 5; t.A + t.B"}, "6", ""},
		{"same cell twice", []string{"type P struct{ X int }\nfunc (p P) Twice() int { return 2 * p.X }", "p := P{3}", "type P struct{ X int }\nfunc (p P) Twice() int { return 2 * p.X }", "p.Twice()"}, "6", ""},
		{"broken dependent", []string{"type T struct{ A int }", "func getA(t T) int { return t.A }", "type T struct{ B int }", "T{B: 9}.B"}, "9", "getA"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine(t, Options{})
			var stderr string
			for i, code := range c.cells {
				r, b := must(t, e, code)
				stderr += r.stderr()
				if i == len(c.cells)-1 && text(b) != c.last {
					t.Errorf("last value %q, want %q (stderr %q)", text(b), c.last, stderr)
				}
			}
			if c.warn == "" && stderr != "" || !strings.Contains(stderr, c.warn) {
				t.Errorf("stderr %q, want it to mention %q", stderr, c.warn)
			}
		})
	}
}
