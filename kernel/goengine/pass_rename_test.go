package goengine

import "testing"

func TestRenamePass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func main() {}", want: "func main_ʸ0() {}", why: "yaegi would run a declared main after every later cell"},
		{setup: []string{"type T struct{ a int }", "type T struct{ b int }"}, in: "var t T", want: "var t T_ʸ1", why: "yaegi cannot declare a type twice: the redefined T has an internal name"},
		{setup: []string{"type T struct{ a int }", "type T struct{ b int }", "type R struct {\n\tT\n\tn int\n}"},
			in:   "func f(t T) int {\n\tr := R{T: t, n: 1}\n\treturn r.T.b + r.n\n}",
			want: "func f(t T_ʸ1) int {\n\tr := R{T_ʸ1: t, n: 1}\n\treturn r.T_ʸ1.b + r.n\n}",
			why:  "an embedded field takes its type's name, the internal one in yaegi: a literal's key and a selector that name it follow"},
		{setup: []string{"type T struct{ a int }", "type T struct{ b int }", "type R struct {\n\tT\n}", "type S struct{ T int }"},
			in:   "func f(s S) int { return s.T }",
			want: "func f(s S) int { return s.T }",
			why:  "a field of its own named T (in S) may be meant: left as it is"},
	})
}
