// Package symbols exports yak's compiled packages to the yaegi interpreter,
// so that notebook cells and source plugins import them by their usual
// paths and run them at compiled speed.
//
// The tables are generated: `make generate` (go generate ./plugins/symbols)
// runs yaegi's extractor on each package listed in gen.go, writing one file
// per package with a `// Code generated ... DO NOT EDIT.` header. `make
// check-generated`, part of `make test`, regenerates them and fails when the
// committed files differ, i.e. when an exported package changed without a
// regeneration.
//
// # Interfaces implemented in interpreted code
//
// For each exported interface the extractor writes a wrapper type; when a
// cell passes a value of an interpreted type to a compiled function that
// takes the interface (a claps.Scorer, a gemm.Impl, a display.Publisher),
// the interpreter wraps it so that compiled calls come back into the
// interpreter. Functions that take `any` and look for optional interfaces
// need more: maptypes.go (written by hand) lists display's contract for
// display.Display, Render, DisplayID and Update, so a type declared in a
// cell that has an HTML or SVG method shows up rich. And an interpreted
// registry.Plugin is wrapped with all of its optional capabilities (Doc,
// SelfTest, Magics, DisplayBundle) by the wrappers of composed.go, generated
// by internal/composegen from the interfaces themselves.
//
// # Use
//
//	i := interp.New(interp.Options{})
//	i.Use(stdlib.Symbols)
//	i.Use(symbols.Symbols)
package symbols
