package goengine

import (
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
)

// Declarations in any order: what waits for a name is compiled when a
// cell declares it; %who lists it meanwhile; using it says what it waits
// for.
func TestPendingDeclarations(t *testing.T) {
	e := newEngine(t, Options{})
	r, _ := must(t, e, "var a = &T{3}\nfunc get() int { return a.n }")
	if !strings.Contains(r.stderr(), "waits for T") {
		t.Errorf("no note of the wait: %q", r.stderr())
	}
	r, _ = must(t, e, "%who")
	if !strings.Contains(r.stdout(), "pending") || !strings.Contains(r.stdout(), "waits for T") {
		t.Errorf("%%who does not list the pending declarations:\n%s", r.stdout())
	}
	if _, _, err := run(t, e, "get()"); err == nil || !strings.Contains(err.Error(), "uses T") {
		t.Errorf("using a pending name: err = %v", err)
	}
	r, _ = must(t, e, "type T struct{ n int }")
	if !strings.Contains(r.stderr(), "compiled") {
		t.Errorf("no note of the compilation: %q", r.stderr())
	}
	if _, b := must(t, e, "get()"); text(b) != "3" {
		t.Errorf("get() = %q", text(b))
	}
}

// A function that calls a method declared later waits for it.
func TestPendingMethod(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "func bar() bool { return obj.Foo() }")
	must(t, e, "type T struct{}\nvar obj = &T{}")
	must(t, e, "func (t *T) Foo() bool { return t != nil }")
	if _, b := must(t, e, "bar()"); text(b) != "true" {
		t.Errorf("bar() = %q", text(b))
	}
}

// A builtin's name as an array's length waits for the constant a later
// cell declares with that name, in the interpreter and in compiled main().
func TestPendingBuiltinArrayBound(t *testing.T) {
	e := newEngine(t, Options{})
	r, _ := must(t, e, "var a = [max]int{}")
	if !strings.Contains(r.stderr(), "waits for max") {
		t.Errorf("no note of the wait: %q", r.stderr())
	}
	must(t, e, "const max = 32")
	if _, b := must(t, e, "len(a)"); text(b) != "32" {
		t.Errorf("len(a) = %q", text(b))
	}
	// max the function, where no cell declares it, is still an error.
	e = newEngine(t, Options{})
	if _, _, err := run(t, e, "var m = max(1, 2)\nvar b = [m]int{}"); err == nil {
		t.Errorf("an array bound that is not a constant compiled")
	}
}

// A function that returns &T{} as an interface whose methods later cells
// declare waits for them (yaegi's message names neither type).
func TestPendingReturnedInterface(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "type I interface {\n\tA() string\n\tB() string\n}")
	must(t, e, "type s struct{}")
	r, _ := must(t, e, "func NewS() (I, error) {\n\treturn &s{}, nil\n}")
	if !strings.Contains(r.stderr(), "waits for a method or field A") {
		t.Errorf("no note of the wait: %q", r.stderr())
	}
	must(t, e, "func (c *s) A() string { return \"a\" }")
	must(t, e, "func (c *s) B() string { return \"b\" }")
	if _, b := must(t, e, "x, _ := NewS()\nx.A() + x.B()"); text(b) != "ab" {
		t.Errorf("x.A() + x.B() = %q", text(b))
	}
}

// A function that gives a value of a cell type to an error waits for the
// type's Error method when a later cell declares it (the type came first).
func TestPendingErrorMethod(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"")
	r, _ := must(t, e, "func check() error { return E{2} }")
	if !strings.Contains(r.stderr(), "waits for E") {
		t.Errorf("no note of the wait for E: %q", r.stderr())
	}
	r, _ = must(t, e, "type E struct{ n int }")
	if !strings.Contains(r.stderr(), "waits for a method or field Error") {
		t.Errorf("no note of the wait for Error: %q", r.stderr())
	}
	must(t, e, "func (e E) Error() string { return fmt.Sprint(\"e\", e.n) }")
	if r, _ := must(t, e, "fmt.Println(check())"); r.stdout() != "e2\n" {
		t.Errorf("got %q", r.stdout())
	}
}

// A function whose statement declares the name of the function it calls
// (locale, err := locale()) waits for that function: the new variable's
// scope begins after the statement.
func TestPendingCallShadowedByItsResult(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"")
	r, _ := must(t, e, "func greet() string {\n\tlocale, err := locale()\n\tif err != nil {\n\t\treturn \"\"\n\t}\n\treturn \"hello \" + locale\n}")
	if !strings.Contains(r.stderr(), "waits for locale") {
		t.Errorf("no note of the wait: %q", r.stderr())
	}
	must(t, e, "func locale() (string, error) { return \"EN/US\", nil }")
	if r, _ := must(t, e, "fmt.Println(greet())"); r.stdout() != "hello EN/US\n" {
		t.Errorf("got %q", r.stdout())
	}
}

// A declaration that reads a pending variable waits for it too: compiled
// at once, it would keep yaegi's broken first declaration of the variable
// (zero ever after, or a nil function), as sync_value.go of Learning Go
// did split into cells. Each program runs in the interpreter alone.
func TestPendingUseOfPendingVar(t *testing.T) {
	cases := []struct {
		name  string
		cells []string
		want  string
	}{
		{"a value", []string{"var c int = mk()", "func use() int { return c }", "func mk() int { return 7 }", "use()"}, "7"},
		{"a function value", []string{"var c func() int = wrap(mk)", "func use() int { return c() }", "func wrap(f func() int) func() int { return f }", "func mk() int { return 5 }", "use()"}, "5"},
		{"sync.OnceValue, main first", []string{"import (\n\t\"fmt\"\n\t\"sync\"\n)", "func main() {\n\tfmt.Println(Parse(\"hello\"), Parse(\"bye\"))\n}",
			"type Parser interface {\n\tParse(string) string\n}", "var cached = sync.OnceValue(newParser)",
			"func Parse(s string) string {\n\treturn cached().Parse(s)\n}", "func newParser() Parser {\n\tfmt.Println(\"initializing!\")\n\treturn first{}\n}",
			"type first struct{}", "func (first) Parse(s string) string {\n\treturn s[:1]\n}", "main()"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("YAK_GO", "off")
			e := newEngine(t, Options{})
			var r *recorder
			var b *display.Bundle
			for _, code := range c.cells {
				r, b = must(t, e, code)
			}
			if c.want != "" && text(b) != c.want {
				t.Errorf("%s = %q, want %s (stderr %q)", c.cells[len(c.cells)-1], text(b), c.want, r.stderr())
			}
			if c.want == "" && r.stdout() != "initializing!\nh b\n" {
				t.Errorf("main() printed %q, want the parser made once (stderr %q)", r.stdout(), r.stderr())
			}
		})
	}
}
