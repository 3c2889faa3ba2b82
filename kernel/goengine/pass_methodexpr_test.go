package goengine

import "testing"

func TestMethodExprPass(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{"type Counter struct{ n int }\nfunc (c *Counter) Add(k int) int { c.n += k; return c.n }"}, in: "f := (*Counter).Add",
			want: "f := func(_yakR *Counter, _yakA0 int) (int) { return _yakR.Add(_yakA0) }",
			why:  "yaegi panics calling a method expression"},
		{setup: []string{"type P struct{}\nfunc (P) Hi() {}"}, in: "g := P.Hi", want: "g := func(_yakR P) { _yakR.Hi() }", why: "a value receiver"},
		{setup: []string{"type P struct{}\nfunc (P) Hi() {}", "p := P{}"}, in: "h := p.Hi", want: "h := p.Hi", why: "a method value stays"},
	})
}
