package goengine

import "testing"

func TestMinMaxPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x float64) float64 { return max(0, x) }", want: "func f(x float64) float64 { return max(x, 0) }", why: "the prelude's max infers its type from the first argument"},
		{in: "func f() float64 { return max(2.5, 1) }", want: "func f() float64 { return max(float64(2.5), 1) }", why: "constants with a float literal: the builtin's default type float64"},
		{in: "func f(x float64) float64 { return max(x, 0) }", want: "func f(x float64) float64 { return max(x, 0) }", why: "a typed first argument stays"},
	})
}
