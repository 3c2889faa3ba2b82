package goengine

import (
	"strings"
	"testing"
	"time"
)

// When main returns, the program ends: a goroutine that main started
// prints nothing more (Go ends it), while main's own output, an unfinished
// last line included, is kept; the next cell's output shows again.
func TestProgramEndsWhenMainReturns(t *testing.T) {
	e := newEngine(t, Options{})
	for _, c := range []string{"import (\"fmt\"; \"time\")",
		"func hello() {\n\tfmt.Println(\"hello\")\n}\nfunc later() {\n\ttime.Sleep(20 * time.Millisecond)\n\tfmt.Println(\"later\")\n\tpanic(\"late\")\n}",
		"func main() {\n\tgo hello()\n\tgo later()\n\tfmt.Print(\"main end\")\n}"} {
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
	time.Sleep(50 * time.Millisecond) // later has printed and panicked
	r, _, err = run(t, e, "fmt.Println(\"next\")")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.stdout() + r.stderr(); got != "next\n" {
		t.Errorf("the next cell printed %q, want %q", got, "next\n")
	}
	// A cell that is a whole program ends the same way.
	r, _, err = run(t, e, "package main\nimport \"fmt\"\nfunc main() {\n\tgo func() { fmt.Println(\"goroutine\") }()\n\tfmt.Println(\"program end\")\n}")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.stdout() + r.stderr(); got != "program end\n" {
		t.Errorf("the program cell printed %q, want %q", got, "program end\n")
	}
	// main called among other statements is an ordinary call: its
	// goroutine prints when the cell sleeps.
	r, _, err = run(t, e, "main()\nfmt.Println(\"after\")\ntime.Sleep(10 * time.Millisecond)")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.stdout(), "program end\nafter\ngoroutine\n"; got != want {
		t.Errorf("main() among other statements printed %q, want %q", got, want)
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
