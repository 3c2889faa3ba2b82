package goengine

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

func TestMagics(t *testing.T) {
	e := newEngine(t, Options{Magics: map[string]Magic{
		"hello": func(args string, out io.Writer) error { fmt.Fprintf(out, "hello %s\n", args); return nil },
		"fail":  func(args string, out io.Writer) error { return fmt.Errorf("it failed") },
	}})
	cases := []struct {
		code    string
		out     []string // substrings of stdout
		value   string
		errName string
	}{
		{code: "%help", out: []string{"%env", "%time", "%timeit", "%sh", "%reset", "%who", "%hello", "!COMMAND", "exit, quit"}},
		{code: "%env YAK_TEST_VAR=abc", out: []string{"YAK_TEST_VAR=abc"}},
		{code: "%env YAK_TEST_VAR", out: []string{"abc"}},
		{code: "import \"os\"\nos.Getenv(\"YAK_TEST_VAR\")", value: "abc"},
		{code: "%time\nx := 0\nfor i := 0; i < 1000; i++ { x += i }\nx", out: []string{"Wall time: "}, value: "499500"},
		{code: "%who", out: []string{"x", "var", "int", "os", "import"}},
		{code: "%hello world\n1 + 1", out: []string{"hello world"}, value: "2"},
		{code: "%fail", errName: "MagicError"},
		{code: "%nosuch", errName: "UsageError"},
		{code: "type Pt struct{ X int }\npt := Pt{1}\n%who", errName: "CompileError"},
		{code: "type Pt struct{ X int }\npt := Pt{1}\nptr := &pt"},
		{code: "func half(v float64) float64 { return v / 2 }"},
		{code: "%who", out: []string{"pt    var     Pt", "ptr   var     *Pt", "half  func    func(v float64) float64"}},
		{code: "%reset\nx", errName: "CompileError"},
		{code: "%time\n%who", out: []string{"no names", "Wall time"}},
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		for _, w := range c.out {
			if !strings.Contains(r.stdout(), w) {
				t.Errorf("%q: stdout %q lacks %q", c.code, r.stdout(), w)
			}
		}
		if text(b) != c.value {
			t.Errorf("%q: value %q, want %q", c.code, text(b), c.value)
		}
	}
	os.Unsetenv("YAK_TEST_VAR")
	_, _, err := run(t, e, "%nosuch")
	if !strings.Contains(err.Error(), "%help") || !strings.Contains(err.Error(), "%who") {
		t.Errorf("unknown magic error does not list the magics: %v", err)
	}
}

func TestFindMagic(t *testing.T) {
	e := newEngine(t, Options{FindMagic: func(name string) (Magic, bool) {
		if name != "plugins" {
			return nil, false
		}
		return func(args string, out io.Writer) error { fmt.Fprintln(out, "bandit calib"); return nil }, true
	}})
	if r, _ := must(t, e, "%plugins"); r.stdout() != "bandit calib\n" {
		t.Errorf("stdout %q", r.stdout())
	}
}

func TestErrors(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code, name string
		want       []string // substrings of the traceback
	}{
		{"x := 1\ny := x +\n  \"s\"", "CompileError", []string{"cell:2:", "mismatched types"}},
		{"func f() {\n\treturn 1\n}", "CompileError", []string{"cell:2:"}},
		{"x := )", "CompileError", []string{"cell:1:6"}},
		{"type S struct{ n int }\nvar s S\nfor i := range s.n { _ = i }", "CompileError", []string{"range over an integer", "for i := 0; i < n; i++"}},
		{"type L[T any] = []T", "CompileError", []string{"generic type aliases"}},
		{"import \"os\"\nos.Exit(3)", "panic", []string{"os.Exit(3)"}},
		{"var p *struct{ X int }\np.X", "panic", []string{"nil pointer"}},
		{"var empty []int\nempty[3] = 1", "panic", []string{"index out of range"}},
		{"import \"strings\"\nstrings.Repeat(\"x\", -1)", "panic", []string{"negative Repeat count", "in the cell"}},
	}
	for _, c := range cases {
		_, _, err := run(t, e, c.code)
		if errName(err) != c.name {
			t.Errorf("%q: error %v, want %s", c.code, err, c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(tb(err), w) {
				t.Errorf("%q: traceback lacks %q:\n%s", c.code, w, tb(err))
			}
		}
	}
	if _, b := must(t, e, "40 + 2"); text(b) != "42" {
		t.Errorf("engine broken after errors")
	}
}

func TestFailedCellsDoNotLeaveState(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code, errName string
		want          string // substring of the error, or the value
	}{
		{"x := 1", "", ""},
		{"x := undefinedThing", "CompileError", "cell:1:6: undefined: undefinedThing"},
		{"x", "", "1"}, // the old x is intact
		{"y := 2\nz := y + nope", "CompileError", "undefined: nope"},
		{"y", "CompileError", "cell:1:1: y is undefined: the cell that declared it did not compile"},
		{"func f() int { return 1 }", "", ""},
		{"func f() int { return \"s\" }", "CompileError", "cannot use"},
		{"f()", "CompileError", "f is undefined"},
		{"func f() int { return 3 }\nf()", "", "3"},
		{"y := 5\ny", "", "5"},
		{"w := 1\npanic(\"after w\")", "panic", "after w"},
		{"w + 1", "", "2"}, // a panic keeps what ran before it
	}
	for _, c := range cases {
		_, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		got := text(b)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.code, got, c.want)
		}
	}
}
