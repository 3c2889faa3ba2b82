package goengine

import (
	"testing"

	"github.com/traefik/yaegi/interp"
)

func TestDisplayPass(t *testing.T) {
	e := newEngine(t, Options{Symbols: []interp.Exports{displayExports()}})
	must(t, e, "import \"github.com/yaknb/yak/display\"")
	got, err := e.rewriteCell("func f(v any) { display.Display(v) }")
	if want := "func f(v any) { _yakDisplay(v) }"; err != nil || got != want {
		t.Errorf("got %q, %v; want %q (display's functions cannot see the methods of cell types from compiled code)", got, err, want)
	}
}
