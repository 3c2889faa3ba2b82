package goengine

import (
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestInstallFmt fails when the pinned yaegi changes the fields that
// installFmt writes.
func TestInstallFmt(t *testing.T) {
	ip := interp.New(interp.Options{})
	if err := ip.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if !installFmt(ip, nil) {
		t.Fatal("installFmt cannot reach yaegi's binPkg and mapTypes")
	}
}

// Values of cell types print as compiled Go prints them.
func TestPrintCellValues(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"\ntype S int\nfunc (s S) String() string { return \"str\" }\ntype point struct{ x, y int }\ntype P2 struct{ A int; p point }")
	cases := []struct{ code, want string }{
		{`fmt.Printf("%v %+v %#v %T\n", point{1, 2}, point{1, 2}, point{1, 2}, point{1, 2})`, "{1 2} {x:1 y:2} main.point{x:1, y:2} main.point\n"},
		{`fmt.Println(P2{1, point{3, 4}}, &point{5, 6})`, "{1 {3 4}} &{5 6}\n"},
		{`fmt.Printf("%+v|%#v|%T\n", P2{1, point{3, 4}}, &P2{}, &P2{})`, "{A:1 p:{x:3 y:4}}|&main.P2{A:0, p:main.point{x:0, y:0}}|*main.P2\n"},
		{`fmt.Printf("%v %d %s %x\n", S(2), S(2), S(3), S(255))`, "str 2 str 737472\n"}, // go run: %x of a Stringer is the hex of its String()
		{`fmt.Print(fmt.Sprintf("%+v", point{7, 8}), fmt.Sprintln(point{}), fmt.Errorf("%w: %#v", fmt.Errorf("base"), point{}))`, "{x:7 y:8}{0 0}\nbase: main.point{x:0, y:0}"},
		{`fmt.Printf("%[1]v %%\n", point{1, 2})`, "{1 2} %\n"},
	}
	for _, c := range cases {
		r, _ := must(t, e, c.code)
		if got := r.stdout(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.code, got, c.want)
		}
	}
}

// errors.As finds an error of a cell-declared type, also wrapped.
func TestErrorsAsCellType(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import (\"errors\"; \"fmt\")\ntype argError struct{ arg int }\nfunc (e *argError) Error() string { return \"bad\" }")
	_, b := must(t, e, "var base error = &argError{42}\nvar err error = fmt.Errorf(\"w: %w\", base)\nvar ae *argError\nok := errors.As(err, &ae)\nfmt.Sprint(ok, ae.arg)")
	if text(b) != "true 42" {
		t.Errorf("errors.As: %q", text(b))
	}
	_, b = must(t, e, "var pe *fmt.Formatter\n_ = pe\nvar target *argError\nerrors.As(fmt.Errorf(\"plain\"), &target)")
	if text(b) != "false" {
		t.Errorf("errors.As of another error: %q", text(b))
	}
}
