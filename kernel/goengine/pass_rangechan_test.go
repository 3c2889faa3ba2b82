package goengine

import "testing"

func TestRangeChanPass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(cs ...chan int) { for i, c := range cs { println(i, c) } }", want: "func f(cs ...chan int) { for _yakK1 := range cs { i, c := _yakK1, cs[_yakK1]; { println(i, c) }} }",
			why: "yaegi ranges over the value variable when it is a channel: the value is read by index"},
		{in: "func f(m map[string]chan bool) { for _, c := range m { close(c) } }", want: "func f(m map[string]chan bool) { for _yakK1 := range m { _, c := _yakK1, m[_yakK1]; { close(c) }} }",
			why: "a map of channels, the key unused"},
		{in: "func f(xs []int) { for i, x := range xs { println(i, x) } }", want: "func f(xs []int) { for i, x := range xs { println(i, x) } }",
			why: "elements that are not channels: left alone"},
		{in: "func f(g func() []chan int) { for _, c := range g() { close(c) } }", want: "func f(g func() []chan int) { for _, c := range g() { close(c) } }",
			why: "a call is not read twice (a gap)"},
		{in: "func f(cs []chan int) { for _, c := range cs { go func() { close(c) }() } }", want: "func f(cs []chan int) { for _yakK1 := range cs { _, c := _yakK1, cs[_yakK1]; { c := c; _yakGo(); go func() { defer _yakRecoverAt(0); close(c) }() }} }",
			why: "the loopvar pass copies c in the body's own block"},
		{in: "type stack [4]int\nfunc (s *stack) top() int { for i, v := range s { if v == 0 { return i } }; return -1 }", want: "type stack [4]int\nfunc (s *stack) top() int { for _yakK1 := 0; _yakK1 < len(s); _yakK1++ { i, v := _yakK1, s[_yakK1]; { if v == 0 { return i } }}; return -1 }",
			why: "yaegi panics on a range over a pointer to an array in a method: a loop over the indexes"},
		{in: "func f(a *[3]int) { for i := range a { println(i) } }", want: "func f(a *[3]int) { for _yakK1 := 0; _yakK1 < len(a); _yakK1++ { i := _yakK1; { println(i) }} }",
			why: "without a value variable too"},
		{in: "func f(a *[3]int) { for range a { println() } }", want: "func f(a *[3]int) { for range a { println() } }",
			why: "without variables: left alone"},
		{in: "func f(a [3]int) { for i, v := range a { println(i, v) } }", want: "func f(a [3]int) { for i, v := range a { println(i, v) } }",
			why: "an array (not a pointer): left alone"},
	})
}
