package goengine

import "testing"

// BenchmarkHeldCellValues measures what the engine does for cell values
// that compiled code gets in yaegi's holders: 1000 errors.Is through a
// cell error type's Unwrap and fmt.Errorf's %w, 1000 prints of a cell
// error held in an any (its Error method is called in the interpreter),
// 1000 json.Marshal of a []any holding a cell value, and, for the
// print functions' own cost, 1000 prints of an int and a string.
func BenchmarkHeldCellValues(b *testing.B) {
	setup := "import (\"encoding/json\"; \"errors\"; \"fmt\"; \"io\")\n" +
		"type E struct{ c int }\nfunc (e E) Error() string { return \"e\" }\n" +
		"type W struct{ in error }\nfunc (w *W) Error() string { return \"w\" }\nfunc (w *W) Unwrap() error { return w.in }\n" +
		"type Box struct{ N int }\nfunc (b Box) Area() int { return b.N }\n" +
		"var base = errors.New(\"b\")\nvar _ = json.Marshal"
	for _, c := range []struct{ name, code string }{
		{"errorsIs1000", "n := 0\nfor i := 0; i < 1000; i++ {\n\tvar err error = &W{fmt.Errorf(\"x: %w\", base)}\n\tif errors.Is(err, base) {\n\t\tn++\n\t}\n}"},
		{"printErrInAny1000", "for i := 0; i < 1000; i++ {\n\tvar x any = E{i}\n\tfmt.Fprintln(io.Discard, x)\n}"},
		{"jsonAnySlice1000", "for i := 0; i < 1000; i++ {\n\tjson.Marshal([]any{Box{i}, i})\n}"},
		{"printPlain1000", "for i := 0; i < 1000; i++ {\n\tfmt.Fprintln(io.Discard, i, \"s\")\n}"},
	} {
		b.Run(c.name, func(b *testing.B) { benchCell(b, setup, c.code) })
	}
}
