package goengine

import "testing"

// BenchmarkFmtCellValues measures fmt on values of a cell type with a
// String method: 1000 prints of a Temp, and one print of a []Temp of
// 1000 elements, both to io.Discard (the fmtcall pass sends both through
// the adapter; before it, yaegi's wrapper served the first and the
// second printed numbers).
func BenchmarkFmtCellValues(b *testing.B) {
	for _, c := range []struct{ name, code string }{
		{"temp1000", "for i := 0; i < 1000; i++ {\n\tt := Temp(i)\n\tfmt.Fprintln(io.Discard, t)\n}"},
		{"slice1000", "fmt.Fprintln(io.Discard, ts)"},
	} {
		b.Run(c.name, func(b *testing.B) {
			benchCell(b, "import (\"fmt\"; \"io\")\ntype Temp float64\nfunc (t Temp) String() string { return fmt.Sprintf(\"%.1f°C\", float64(t)) }\nts := make([]Temp, 1000)", c.code)
		})
	}
}
