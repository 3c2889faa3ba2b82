package goengine

import "testing"

func TestConstDivPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "var f float64 = 7 / 2", want: "var f float64 = (3)", why: "untyped integer constants divide as integers, also for a float variable"},
		{in: "func g() float64 { var h float64; h = (1 + 8) / 2 % 3; return h }", want: "func g() float64 { var h float64; h = (1); return h }", why: "the whole constant expression becomes its value"},
		{in: "const n = 9\nfunc g() float64 { var q float64 = -n / 2; return q }", want: "const n = 9\nfunc g() float64 { var q float64 = (-4); return q }", why: "an untyped constant of the cell, truncated toward zero as Go does"},
		{setup: []string{"const (\n\tk = 5\n\tm = k * 3\n)"}, in: "var r float64 = m / 2", want: "var r float64 = (7)", why: "an untyped constant of an earlier cell, defined by another"},
		{in: "const w int = 5\nvar r = w / 2", want: "const w int = 5\nvar r = w / 2", why: "a typed constant keeps its type: left alone"},
		{in: "var r float64 = 7.0 / 2", want: "var r float64 = 7.0 / 2", why: "a float constant divides as a float"},
		{in: "func g(x int) int { return x / 2 }", want: "func g(x int) int { return x / 2 }", why: "a variable is not a constant"},
		{in: "var r float64 = 7 /\n\t2", want: "var r float64 = 7 /\n\t2", why: "an expression over two lines is left alone (lines keep their numbers)"},
	})
}
