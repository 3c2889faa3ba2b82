package main

import "testing"

func TestNorm(t *testing.T) {
	cases := []struct{ got, want, why string }{
		{"yak: main waits for f\n\n T\nx  \n", "\n T\nx", "notes are dropped before the white space around the output is trimmed"},
		{"a\nyak: added import \"fmt\" (used without an import)\nb\n", "a\nb", "a note between lines"},
		{"a \t\r\nb", "a\nb", "trailing white space of each line"},
		{"x\r - 13\n", "x\n - 13", "a carriage return is a line break (universal newlines recorded the expected output)"},
	}
	for _, c := range cases {
		if norm(c.got) != norm(c.want) {
			t.Errorf("%s: norm(%q) = %q, norm(%q) = %q", c.why, c.got, norm(c.got), c.want, norm(c.want))
		}
	}
}
