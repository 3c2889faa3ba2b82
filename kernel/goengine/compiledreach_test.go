package goengine

import (
	"strings"
	"testing"
)

// What a compiled main() reaches: the declarations that the program's
// source names only in ways the interpreter's passes do not count as
// uses.
func TestCompiledMainReaches(t *testing.T) {
	needGo(t)
	for _, c := range []struct {
		name   string
		cells  []string
		stdout string
	}{
		{"a constant used only as an array index key",
			[]string{"import \"fmt\"", "const r0 = 2", "func main() {\n\ta := [...]int{r0: 7}\n\tfmt.Println(len(a), a[2])\n}", "main()"},
			"3 7\n"},
		{"a constant used only as a map key",
			[]string{"import (\"fmt\"; \"net/http\")", "const acceptEncoding = \"Accept-Encoding\"",
				"func main() {\n\th := http.Header{acceptEncoding: {\"gzip\"}}\n\tfmt.Println(h.Get(\"Accept-Encoding\"))\n}", "main()"},
			"gzip\n"},
		{"a struct field key that shares a function's name",
			[]string{"import \"fmt\"", "type T struct{ Name int }", "func Name() string { return \"f\" }", "func main() { fmt.Println(T{Name: 4}) }", "main()"},
			"{4}\n"},
		{"a method declared on an alias of an alias",
			[]string{"import \"fmt\"", "type Number int32", "type Number1 = Number", "type Number2 = Number1",
				"func (n Number2) IsValid() bool { return n > 0 }", "func main() {\n\ta := Number(5)\n\tfmt.Println(a.IsValid())\n}", "main()"},
			"true\n"},
		{"a method on an alias that an interface calls",
			[]string{"import \"fmt\"", "type celsius float64", "type temp = celsius", "func (c temp) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }",
				"func main() { fmt.Println(celsius(21.5)) }", "main()"},
			"21.5°C\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine(t, Options{})
			r, err := cells(t, e, c.cells...)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := r.stdout(); got != c.stdout {
				t.Errorf("stdout %q, want %q", got, c.stdout)
			}
			if !strings.Contains(r.stderr(), compiledNote) {
				t.Errorf("main() did not run compiled; stderr:\n%s", r.stderr())
			}
		})
	}
}
