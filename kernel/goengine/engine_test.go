package goengine

import (
	"strings"
	"testing"
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
	for _, want := range []string{"assignment to entry in nil map", "cell:2:6 in inner", "var m map", "cell:5:16 in outer", "in outer", "cell:2:1 in the cell"} {
		if !strings.Contains(got, want) {
			t.Errorf("traceback lacks %q:\n%s", want, got)
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
