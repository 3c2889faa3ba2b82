package goengine

import (
	"strings"
	"testing"
)

// Index panics name the index, the length and the line, as Go's do, where
// the engine can evaluate them again.
func TestIndexPanic(t *testing.T) {
	e := newEngine(t, Options{})
	cases := []struct{ code, want string }{
		{"xs := []int{1, 2, 3}\ni := 5\nxs[i]", "index out of range [5] with length 3 (xs[i], cell line 3)"},
		{"m := [2]int{}\nj := 3\nm[j] = 1", "index out of range [3] with length 2 (m[j], cell line 3)"},
		{"func at(s []int, k int) int {\n\treturn s[k]\n}\nat(xs, 7)", "index out of range in s[k] (line 2;"},
	}
	for _, c := range cases {
		_, _, err := run(t, e, c.code)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.code, err, c.want)
		}
	}
}
