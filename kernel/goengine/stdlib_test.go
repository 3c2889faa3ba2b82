package goengine

import (
	"strings"
	"testing"
)

// The standard library that cells can import under this Go version:
// yaegi v0.16.1 ships tables for go1.21 and go1.22 (build tags), and the
// go1.22 ones apply to every later Go, Go 1.26 included.
func TestStdlibImports(t *testing.T) {
	e := newEngine(t, Options{})
	pkgs := []string{"fmt", "strings", "math", "sort", "time", "os", "bufio", "errors", "context",
		"sync", "sync/atomic", "strconv", "bytes", "io", "log", "regexp", "encoding/json", "encoding/csv",
		"math/rand", "math/cmplx", "unicode", "path/filepath", "slices", "maps", "cmp", "text/tabwriter",
		"image", "image/color", "image/png", "encoding/base64", "hash/fnv", "container/heap", "net/http",
		"html/template", "crypto/sha256", "compress/gzip", "math/bits", "runtime", "reflect"}
	var b strings.Builder
	b.WriteString("import (\n")
	for _, p := range pkgs {
		b.WriteString("\t\"" + p + "\"\n")
	}
	b.WriteString(")\n")
	must(t, e, b.String())
	// Newer packages are absent and say so.
	for _, p := range []string{"unique"} {
		if _, _, err := run(t, e, "import \""+p+"\""); err == nil {
			t.Errorf("import %q worked; update the documented limitations", p)
		}
	}
}

func TestGenericStdlib(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct{ code, want string }{
		{"import (\"slices\"; \"maps\"; \"cmp\"; \"strings\")\nx := []int{3, 1, 2}\nslices.Sort(x)\nx", "[1 2 3]"},
		{"slices.Max(x) + slices.Min(x)", "4"},
		{"slices.Contains(x, 2)", "true"},
		{"slices.Index(x, 3)", "2"},
		{"slices.BinarySearch(x, 2)", "(1, true)"},
		{"s := []string{\"b\", \"C\", \"a\"}\nslices.SortFunc(s, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })\ns", "[a b C]"},
		{"slices.IsSorted([]float64{1, 2, 2.5})", "true"},
		{"slices.Reverse(x); x", "[3 2 1]"},
		{"m := map[string]int{\"a\": 1}\nvar c map[string]int\nc = maps.Clone(m)\nc[\"b\"] = 2\nlen(m) + len(c)", "3"},
		{"cmp.Compare(1, 2)", "-1"},
		{"min(3, 1, 2) + max(4, 9)", "10"},
		{"min(\"b\", \"a\")", "a"},
		{"func clamp(v float64) float64 { return max(0, min(v, 1)) }\nclamp(1.5) + clamp(-2) + clamp(0.25)", "1.25"},
		{"slices.Equal(x, []int{3, 2, 1}) && maps.Equal(m, map[string]int{\"a\": 1})", "true"},
		{"var y []int\ny = slices.Insert([]int{1, 4}, 1, 2, 3)\ny = slices.Delete(y, 0, 1)\nslices.Compact(append(y, 4))", "[2 3 4]"},
	}
	for _, c := range cases {
		_, b := must(t, e, c.code)
		if text(b) != c.want {
			t.Errorf("%q = %q, want %q", c.code, text(b), c.want)
		}
	}
}

// yaegi crashes on v := g(...) at the top level when g is generic and
// returns a type parameter; the define pass gives v its type when the
// engine can see it, and otherwise the error says what to write instead.
func TestGenericResult(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "import \"slices\"\nx := []int{2, 1}")
	if _, b := must(t, e, "m := slices.Max(x)\nm"); text(b) != "2" {
		t.Errorf("m := slices.Max(x) gives %q", text(b))
	}
	must(t, e, "func pick[T any](f func() T) T { return f() }\ntype box struct{ v int }")
	if _, b := must(t, e, "b := pick(func() box { return box{3} })\nb.v"); text(b) != "3" {
		t.Errorf("b := pick(...) gives %q", text(b))
	}
	must(t, e, "func id[T any](v T) T { return v }\nboxes := []box{{4}}")
	_, _, err := run(t, e, "q := id(boxes[0].v)")
	if err == nil || !strings.Contains(err.Error(), "declare the variable first") {
		t.Errorf("err = %v", err)
	}
	if _, b := must(t, e, "var n int\nn = slices.Min(x)\nn"); text(b) != "1" {
		t.Errorf("workaround gives %q", text(b))
	}
}
