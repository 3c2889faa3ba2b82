package goengine

import "testing"

func TestGoroutinePass(t *testing.T) {
	testPass(t, []passCase{
		{in: "func f(x int) { go g(x, 1) }", want: "func f(x int) { func() { _yakArg1 := x; _yakGo(); go func() { defer _yakRecoverAt(0); g(_yakArg1, 1) }() }() }",
			why: "a panic in a goroutine would end the kernel; arguments are evaluated where Go does"},
		{in: "go func() {}()", want: "func() { _yakGo(); go func() { defer _yakRecoverAt(0);}() }()", why: "a top-level function literal: yaegi races on the global frame"},
		{in: "func f(n int) { if n > 0 { go func() {}() } }", want: "func f(n int) { if n > 0 { _yakGo(); go func() { defer _yakRecoverAt(0);}() } }",
			why: "goroutines run on one processor while the cell runs, in compiled Go's order (goprocs.go)"},
		{in: "func f(wg *sync.WaitGroup) { wg.Go(func() {}); wg.Wait() }", want: "func f(wg *sync.WaitGroup) { _yakGo(); wg.Go(func() { defer _yakRecoverAt(0);}); wg.Wait() }",
			why: "WaitGroup.Go starts a goroutine in compiled code: one processor from there too, and its panics are recovered"},
	})
}
