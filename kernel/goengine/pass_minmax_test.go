package goengine

import "testing"

func TestMinMaxPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x float64) float64 { return max(0, x) }", want: "func f(x float64) float64 { return max(x, 0) }", why: "the prelude's max infers its type from the first argument"},
		{in: "func f(x float64) float64 { return max(x, 0) }", want: "func f(x float64) float64 { return max(x, 0) }", why: "a typed first argument stays"},
	})
}
