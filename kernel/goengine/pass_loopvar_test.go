package goengine

import "testing"

func TestLoopVarPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f() { for i := 0; i < 3; i++ { defer func() { println(i) }() } }",
			want: "func f() { for i := 0; i < 3; i++ { i := i; _yakDC1 := func() func() { return func() { println(i) } }(); defer _yakDC1() } }",
			why:  "Go 1.22 gives each iteration its own i, which a closure can observe"},
		{in: "func f() { for i := 0; i < 3; i++ { i++; go func() { println(i) }() } }",
			want: "func f() { for i := 0; i < 3; i++ { i++; _yakGo(); go func() { defer _yakRecoverAt(0); println(i) }() } }",
			why:  "a body that assigns the variable keeps yaegi's one variable (a copy would swallow the change)"},
		{in: "func f(xs []int) { for _, x := range xs { g(func() int { return x }) } }",
			want: "func f(xs []int) { for _, x := range xs { x := x; g(_yakFn(func() int { return x })) } }",
			why:  "a function literal passed to a call is made a value first (yaegi's conversion for compiled code reads the variable late)"},
		{in: "func f(xs []int) { for _, x := range xs { x := x; go func() { println(x) }() } }",
			want: "func f(xs []int) { for _, x := range xs { x := x; _yakGo(); go func() { defer _yakRecoverAt(0); println(x) }() } }",
			why:  "the body already copies the variable (the pre-Go 1.22 idiom): a second copy would not compile"},
		{in: "func f() { for i := 0; i < 3; i++ { var i = i * 2; defer func() { println(i) }() } }",
			want: "func f() { for i := 0; i < 3; i++ { var i = i * 2; _yakDC1 := func() func() { return func() { println(i) } }(); defer _yakDC1() } }",
			why:  "a var declaration of the same name is the body's own copy too"},
		{in: "func f(xs []int) { for _, x := range xs { println(x) } }", want: "func f(xs []int) { for _, x := range xs { println(x) } }", why: "nothing observes the variable"},
	})
}
