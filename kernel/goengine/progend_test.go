package goengine

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
)

// When main returns, the program ends: a goroutine that main started
// prints nothing more (Go ends it), while main's own output, an unfinished
// last line included, is kept; the next cell's output shows again. main
// prints before it starts the goroutines, and the one that prints after
// the cell ended waits for the test's gate; the test goes on once that
// goroutine's panic was reported: nothing here depends on how fast a
// loaded machine runs the cell.
//
// This is the interpreter's program end (YAK_GO=off): with a toolchain, a
// whole-program cell runs compiled and declares nothing (compiled_test.go).
func TestProgramEndsWhenMainReturns(t *testing.T) {
	t.Setenv("YAK_GO", "off")
	gate, done := make(chan struct{}), make(chan struct{})
	syms := interp.Exports{"yaktest/gate/gate": {"C": reflect.ValueOf(&gate).Elem()}}
	e := newEngine(t, Options{Symbols: []interp.Exports{syms}})
	e.goPanicked = func() { close(done) }
	for _, c := range []string{"import (\"fmt\"; \"yaktest/gate\")",
		"func hello() {\n\tfmt.Println(\"hello\")\n}\nfunc later() {\n\t<-gate.C\n\tfmt.Println(\"later\")\n\tpanic(\"late\")\n}",
		"func main() {\n\tfmt.Print(\"main end\")\n\tgo later()\n\tgo hello()\n}"} {
		if _, _, err := run(t, e, c); err != nil {
			t.Fatal(err)
		}
	}
	r, _, err := run(t, e, "main()")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.stdout() + r.stderr(); got != "main end" {
		t.Errorf("the main() cell printed %q, want %q", got, "main end")
	}
	close(gate)
	select {
	case <-done: // later has printed, panicked and been reported
	case <-time.After(20 * time.Second):
		t.Fatal("the goroutine did not run")
	}
	r, _, err = run(t, e, "fmt.Println(\"next\")")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.stdout() + r.stderr(); got != "next\n" {
		t.Errorf("the next cell printed %q, want %q", got, "next\n")
	}
	// A cell that is a whole program ends the same way.
	r, _, err = run(t, e, "package main\nimport \"fmt\"\nfunc main() {\n\tfmt.Println(\"program end\")\n\tgo func() { fmt.Println(\"goroutine\") }()\n}")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.stdout() + r.stderr(); got != "program end\n" {
		t.Errorf("the program cell printed %q, want %q", got, "program end\n")
	}
	// main called among other statements is an ordinary call: its
	// goroutine prints.
	r, _, err = run(t, e, "main()\nfmt.Println(\"after\")\ntime.Sleep(10 * time.Millisecond)")
	if err != nil {
		t.Fatal(err)
	}
	waitOutput(e, r, "goroutine")
	if got := r.stdout(); !strings.Contains(got, "program end\n") || !strings.Contains(got, "after\n") || !strings.Contains(got, "goroutine\n") {
		t.Errorf("main() among other statements printed %q, want program end, after and goroutine", got)
	}
}

// os.Exit ends the program: deferred calls print nothing (Go does not run
// them); os.Exit(0) is a normal end, another code an error.
func TestOsExitEndsProgram(t *testing.T) {
	e := newEngine(t, Options{})
	if _, _, err := run(t, e, "import (\"fmt\"; \"os\")\nfunc main() {\n\tdefer fmt.Println(\"deferred\")\n\tfmt.Println(\"start\")\n\tos.Exit(0)\n\tfmt.Println(\"unreached\")\n}"); err != nil {
		t.Fatal(err)
	}
	r, _, err := run(t, e, "main()\nfmt.Println(\"unreached too\")")
	if err != nil {
		t.Fatalf("os.Exit(0): %v", err)
	}
	if got, want := r.stdout(), "start\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	if got := r.stderr(); !strings.HasPrefix(got, "yak: os.Exit(0) ended the program") {
		t.Errorf("stderr %q, want the note", got)
	}
	r, _, err = run(t, e, "func fail() {\n\tdefer fmt.Println(\"deferred\")\n\tos.Exit(2)\n}\nfail()")
	if err == nil || !strings.Contains(err.Error(), "os.Exit(2)") {
		t.Errorf("os.Exit(2): err %v, want one that names it", err)
	}
	if got := r.stdout(); got != "" {
		t.Errorf("os.Exit(2) printed %q", got)
	}
	r, _, err = run(t, e, "fmt.Println(\"next\")")
	if err != nil || r.stdout() != "next\n" {
		t.Errorf("the next cell: %q, %v", r.stdout(), err)
	}
}
