package goengine

import "testing"

func TestDeferClosurePass(t *testing.T) {
	testPass(t, []passCase{
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tf := func() { fmt.Println(\"f\") }\n\tdefer f()\n}",
			want: "func run() {\n\tf := func() func() { return func() { fmt.Println(\"f\") } }()\n\tdefer f()\n}",
			why:  "yaegi runs deferred calls holding the frame's lock, which a closure made in that frame takes when it returns: the call never ended"},
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tg := func(n int) error { return nil }\n\tdefer func() { _ = g(1) }()\n}",
			want: "func run() {\n\tg := func() func(n int) error { return func(n int) error { return nil } }()\n\tdefer func() { _ = g(1) }()\n}",
			why:  "called from a deferred function literal, the closure returns into the same locked frame"},
		{setup: []string{"import \"fmt\""}, in: "func run(f func()) {\n\th := func() {}\n\th()\n\tdefer f()\n}",
			want: "func run(f func()) {\n\th := func() {}\n\th()\n\tdefer f()\n}",
			why:  "a parameter was made by the caller's frame, and a closure that no defer calls is left as it is"},
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tf := func() {}\n\tfunc() {\n\t\tdefer f()\n\t}()\n}",
			want: "func run() {\n\tf := func() {}\n\tfunc() {\n\t\tdefer f()\n\t}()\n}",
			why:  "deferred by an inner function: the frame that made it is not the one locked"},
	})
}

// The deferred closures run, in Go's order, where yaegi hung the cell.
var deferClosureCases = []struct{ name, src string }{
	{"closures held in variables and deferred", `
func run() {
	for i := 0; i < 3; i++ {
		f := func(j int) { fmt.Println("loop", i, j) }
		defer f(i * 10)
	}
	a := func() { fmt.Println("a") }
	defer a()
	b := func() error { fmt.Println("b"); return nil }
	defer func() { _ = b() }()
	fmt.Println("body")
}
// cell
func main() {
	run()
	fmt.Println("after")
}
`},
}

func TestDeferredClosuresAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, deferClosureCases, "import \"fmt\"\n")
}
