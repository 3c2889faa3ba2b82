package goengine

import (
	"testing"
)

// FuzzRequests feeds arbitrary text and cursors to the requests that see
// every keystroke (is_complete, complete, inspect): they must never panic.
// Run longer with: go test -fuzz=FuzzRequests ./kernel/goengine
func FuzzRequests(f *testing.F) {
	for _, s := range []string{"", "x := 1", "fmt.Pr", "func f() {", "%time\nx", "strings.Rep(\"é\", 2)", "`raw", "p.X.Y.", ")(", "\xff\xfe", "a.b.c.d"} {
		f.Add(s, len(s)/2)
	}
	e := newEngine(f, Options{})
	must(f, e, "import \"strings\"\ntype P struct{ X struct{ Y int } }\np := P{}\nvar sb strings.Builder")
	f.Fuzz(func(t *testing.T, code string, cursor int) {
		e.IsComplete(code)
		e.Complete(code, cursor)
		e.Inspect(code, cursor, 0)
		split(code)
	})
}
