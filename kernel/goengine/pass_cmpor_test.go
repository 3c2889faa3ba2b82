package goengine

import "testing"

func TestCmpOrPass(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{"import \"cmp\""}, in: "func f(a, b int) int { return cmp.Or(a, b, 1) }", want: "func f(a, b int) int { return _yakOr(a, b, 1) }", why: "yaegi cannot infer Or's type parameter from variadic arguments"},
		{setup: []string{"import \"cmp\""}, in: "func f(xs []int) int { return cmp.Or(xs...) }", want: "func f(xs []int) int { return cmp.Or(xs...) }", why: "a spread slice stays"},
		{in: "func f(cmp struct{ Or func(int) int }) int { return cmp.Or(1) }", want: "func f(cmp struct{ Or func(int) int }) int { return cmp.Or(1) }", why: "a variable named cmp is not the package"},
	})
}
