package goengine

import (
	"strings"
	"testing"
	"time"
)

func TestExecuteBasics(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct {
		code, out, value, errName string
	}{
		{code: `import "fmt"`},
		{code: `fmt.Println("hello")`, out: "hello\n"},
		{code: `x := 40`},
		{code: `x + 2`, value: "42"},
		{code: "func add(a, b int) int { return a + b }\nadd(x, 1)", value: "41"},
		{code: `y := add(1, 2); fmt.Println(y); import "strings"; strings.Repeat("ab", y)`, out: "3\n", value: "ababab"},
		{code: `func two() (int, string) { return 1, "a" }; two()`, value: "(1, a)"},
		{code: `func none() {}; none()`},
		{code: `var z int = "not an int"`, errName: "CompileError"},
		{code: `x`, value: "40"},
		{code: `panic("boom")`, errName: "panic"},
		{code: `x + 1`, value: "41"},
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		if got := r.stdout(); got != c.out {
			t.Errorf("%q: stdout %q, want %q", c.code, got, c.out)
		}
		if got := text(b); got != c.value {
			t.Errorf("%q: value %q, want %q", c.code, got, c.value)
		}
	}
}

func TestPanicTraceback(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "func inner() {\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}\nfunc outer() { inner() }")
	_, _, err := run(t, e, "x := 1\nouter()")
	if errName(err) != "panic" {
		t.Fatalf("err = %v", err)
	}
	got := tb(err)
	for _, want := range []string{"assignment to entry in nil map", "cell[1]:2:6 in inner", "var m map", "cell[1]:5:16 in outer", "in outer", "cell:2:1 in the cell"} {
		if !strings.Contains(got, want) {
			t.Errorf("traceback lacks %q:\n%s", want, got)
		}
	}
}

// A panic in a goroutine says where the go statement that started it is
// (yaegi prints no frame for a panic its function literal recovers), in
// the cell that ran it or an earlier one.
func TestGoroutinePanicSite(t *testing.T) {
	t.Setenv("YAK_GO", "off")
	e := newEngine(t, Options{})
	reported := make(chan struct{}, 1)
	e.goPanicked = func() { reported <- struct{}{} }
	must(t, e, "func start() {\n\tgo func() {\n\t\tvar m map[string]int\n\t\tm[\"a\"] = 1\n\t}()\n}")
	for _, c := range []struct{ code, want string }{
		{"x := 1\ngo func() {\n\tvar m map[string]int\n\tm[\"a\"] = x\n}()", "  cell:2:1 in the goroutine started here\n        go func() {\n"},
		{"start()", "  cell[1]:2:2 in the goroutine started here\n        \tgo func() {\n"},
	} {
		r, _ := must(t, e, c.code)
		select {
		case <-reported:
		case <-time.After(time.Minute):
			t.Fatalf("%q: no goroutine panic reported", c.code)
		}
		e.syncOutput()
		got := r.stderr()
		if !strings.Contains(got, "panic in a goroutine (recovered, the kernel keeps running): assignment to entry in nil map\n") || !strings.Contains(got, c.want) {
			t.Errorf("%q: stderr %q, want %q", c.code, got, c.want)
		}
	}
}

func TestLongValueTruncated(t *testing.T) {
	e := newEngine(t, Options{})
	_, b := must(t, e, "xs := make([]int, 100000)\nxs")
	got := text(b)
	if len(got) > maxText+100 || !strings.Contains(got, "more bytes of text not shown") {
		t.Errorf("text/plain of %d bytes: ...%q", len(got), got[len(got)-60:])
	}
}
