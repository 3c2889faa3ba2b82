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
		{setup: []string{"type P struct{ x int }", "type P struct{ x, y int }"}, in: "func run() {\n\tf := func(p P) {}\n\tdefer f(P{})\n}",
			want: "func run() {\n\tf := func() func(p P_ʸ1) { return func(p P_ʸ1) {} }()\n\t_yakD1 := P_ʸ1{}; defer f(_yakD1)\n}",
			why:  "the literal's type is written as the other passes make it (a redefined type by its internal name)"},
		{setup: []string{"import \"fmt\""}, in: "func run(f func()) {\n\th := func() {}\n\th()\n\tdefer f()\n}",
			want: "func run(f func()) {\n\th := func() {}\n\th()\n\tdefer f()\n}",
			why:  "a parameter was made by the caller's frame, and a closure that no defer calls is left as it is"},
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tf := func() {}\n\tfunc() {\n\t\tdefer f()\n\t}()\n}",
			want: "func run() {\n\tf := func() {}\n\tfunc() {\n\t\tdefer f()\n\t}()\n}",
			why:  "deferred by an inner function: the frame that made it is not the one locked"},
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tfor _, i := range []int{1, 2} {\n\t\tdefer func() { fmt.Print(i) }()\n\t}\n}",
			want: "func run() {\n\tfor _, i := range []int{1, 2} { i := i;\n\t\t_yakDC1 := func() func() { return func() { fmt.Print(i) } }(); defer _yakDC1()\n\t}\n}",
			why:  "yaegi makes a deferred function literal when the call runs, where it sees the loop variable's last value: it is made at the defer statement"},
		{setup: []string{"import \"fmt\""}, in: "func run() {\n\tfor i := 0; i < 2; i++ {\n\t\tdefer func() { fmt.Print(recover(), i) }()\n\t}\n\tdefer func() { fmt.Print(1) }()\n}",
			want: "func run() {\n\tfor i := 0; i < 2; i++ { i := i;\n\t\tdefer func() { fmt.Print(_yakhook.Recovered(recover()), i) }()\n\t}\n\tdefer func() { fmt.Print(1) }()\n}",
			why:  "recover must be called by the deferred function itself, and outside a loop the literal sees what Go's does"},
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
	{"deferred function literals in loops (Mastering Go's ch06 defer)", `
func d2() {
	for i := 3; i > 0; i-- {
		defer func() {
			fmt.Print(i, " ")
		}()
	}
	fmt.Println()
}

func d3() {
	for _, w := range []string{"x", "y"} {
		defer func() { fmt.Print(w, " ") }()
		defer func(n string) { fmt.Print(n, "! ") }(w)
	}
}
// cell
func main() {
	d2()
	fmt.Println()
	d3()
	fmt.Println()
}
`},
}

func TestDeferredClosuresAgreeWithGoRun(t *testing.T) {
	needGo(t)
	agreeWithGoRun(t, deferClosureCases, "import \"fmt\"\n")
}
