package goengine

import "testing"

// %T and %#v name the instantiations of a generic cell struct type that
// the cells write, as Go does (yaegi's type is an unnamed struct).
func TestGenericTypeNames(t *testing.T) {
	goOutputs(t, []string{"import \"fmt\"", "type point struct{ x, y int }\ntype Pair[T any] struct{ a, b T }"}, []goOutput{
		{"fmt.Printf(\"%T\\n\", Pair[int]{1, 2})", "main.Pair[int]\n"},
		{"q := Pair[string]{\"a\", \"b\"}\nfmt.Printf(\"%T %#v\\n\", q, q)", "main.Pair[string] main.Pair[string]{a:\"a\", b:\"b\"}\n"},
		{"fmt.Printf(\"%T %T\\n\", Pair[Pair[byte]]{}, &Pair[any]{})", "main.Pair[main.Pair[uint8]] *main.Pair[interface {}]\n"},
		{"var r = Pair[rune]{}\nfmt.Printf(\"%T\\n\", r)", "main.Pair[int32]\n"},
		{"fmt.Printf(\"%T\\n\", Pair[[]point]{})", "main.Pair[[]main.point]\n"},
		{"fmt.Printf(\"%T\\n\", point{})", "main.point\n"},
	})
}
