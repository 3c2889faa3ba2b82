package goengine

import "testing"

// %T and %#v name the instantiations of a generic cell struct type that
// the cells write, as Go does (yaegi's type is an unnamed struct).
func TestGenericTypeNames(t *testing.T) {
	t.Setenv("YAK_GO", "off")
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"")
	must(t, e, "type point struct{ x, y int }\ntype Pair[T any] struct{ a, b T }")
	for _, c := range []struct{ code, want string }{
		{"fmt.Printf(\"%T\\n\", Pair[int]{1, 2})", "main.Pair[int]\n"},
		{"q := Pair[string]{\"a\", \"b\"}\nfmt.Printf(\"%T %#v\\n\", q, q)", "main.Pair[string] main.Pair[string]{a:\"a\", b:\"b\"}\n"},
		{"fmt.Printf(\"%T %T\\n\", Pair[Pair[byte]]{}, &Pair[any]{})", "main.Pair[main.Pair[uint8]] *main.Pair[interface {}]\n"},
		{"var r = Pair[rune]{}\nfmt.Printf(\"%T\\n\", r)", "main.Pair[int32]\n"},
		{"fmt.Printf(\"%T\\n\", Pair[[]point]{})", "main.Pair[[]main.point]\n"},
		{"fmt.Printf(\"%T\\n\", point{})", "main.point\n"},
	} {
		if r, _ := must(t, e, c.code); r.stdout() != c.want {
			t.Errorf("%q: %q, want %q (Go's)", c.code, r.stdout(), c.want)
		}
	}
}
