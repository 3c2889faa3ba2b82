package symbols

import (
	"fmt"
	"reflect"

	"github.com/yaknb/yak/display"
)

// Compiled code cannot see the methods of a type declared in interpreted code
// (a notebook cell or a source plugin): yaegi passes such a value to an
// `any` parameter as a plain struct. For the display functions, MapTypes
// tells the interpreter which of display's interfaces to look for and to
// wrap the value in the generated wrapper of the first one it implements, so
// that display.Render's type assertions see it.
//
// One interface is chosen per value, plus fmt.Stringer alongside it through
// the composed wrappers below. A type declared in a cell that wants several
// MIME types implements DisplayBundle (display.Bundler), which comes first.
// This file is written by hand, not generated: it follows display's contract.

// MapTypes is exported to the interpreter under the "." key of Symbols.
var MapTypes = map[reflect.Value][]reflect.Type{}

// _displayBundlerStringer is a display.Bundler that is also a fmt.Stringer.
type _displayBundlerStringer struct {
	IValue         interface{}
	WDisplayBundle func() display.Bundle
	WString        func() string
}

func (w _displayBundlerStringer) DisplayBundle() display.Bundle { return w.WDisplayBundle() }
func (w _displayBundlerStringer) String() string                { return w.WString() }

// _displayHTMLerStringer is a display.HTMLer that is also a fmt.Stringer.
type _displayHTMLerStringer struct {
	IValue  interface{}
	WHTML   func() string
	WString func() string
}

func (w _displayHTMLerStringer) HTML() string   { return w.WHTML() }
func (w _displayHTMLerStringer) String() string { return w.WString() }

// _displayMarkdownerStringer is a display.Markdowner that is also a fmt.Stringer.
type _displayMarkdownerStringer struct {
	IValue    interface{}
	WMarkdown func() string
	WString   func() string
}

func (w _displayMarkdownerStringer) Markdown() string { return w.WMarkdown() }
func (w _displayMarkdownerStringer) String() string   { return w.WString() }

// _displaySVGerStringer is a display.SVGer that is also a fmt.Stringer.
type _displaySVGerStringer struct {
	IValue  interface{}
	WSVG    func() string
	WString func() string
}

func (w _displaySVGerStringer) SVG() string    { return w.WSVG() }
func (w _displaySVGerStringer) String() string { return w.WString() }

// _displayPNGerStringer is a display.PNGer that is also a fmt.Stringer.
type _displayPNGerStringer struct {
	IValue  interface{}
	WPNG    func() []byte
	WString func() string
}

func (w _displayPNGerStringer) PNG() []byte    { return w.WPNG() }
func (w _displayPNGerStringer) String() string { return w.WString() }

// _displayJPEGerStringer is a display.JPEGer that is also a fmt.Stringer.
type _displayJPEGerStringer struct {
	IValue  interface{}
	WJPEG   func() []byte
	WString func() string
}

func (w _displayJPEGerStringer) JPEG() []byte   { return w.WJPEG() }
func (w _displayJPEGerStringer) String() string { return w.WString() }

// _displayLaTeXerStringer is a display.LaTeXer that is also a fmt.Stringer.
type _displayLaTeXerStringer struct {
	IValue  interface{}
	WLaTeX  func() string
	WString func() string
}

func (w _displayLaTeXerStringer) LaTeX() string  { return w.WLaTeX() }
func (w _displayLaTeXerStringer) String() string { return w.WString() }

// _displayJSONerStringer is a display.JSONer that is also a fmt.Stringer.
type _displayJSONerStringer struct {
	IValue  interface{}
	WJSON   func() any
	WString func() string
}

func (w _displayJSONerStringer) JSON() any      { return w.WJSON() }
func (w _displayJSONerStringer) String() string { return w.WString() }

func init() {
	contract := []reflect.Type{
		reflect.TypeOf((*display.Bundler)(nil)).Elem(),
		reflect.TypeOf((*display.HTMLer)(nil)).Elem(),
		reflect.TypeOf((*display.Markdowner)(nil)).Elem(),
		reflect.TypeOf((*display.SVGer)(nil)).Elem(),
		reflect.TypeOf((*display.PNGer)(nil)).Elem(),
		reflect.TypeOf((*display.JPEGer)(nil)).Elem(),
		reflect.TypeOf((*display.LaTeXer)(nil)).Elem(),
		reflect.TypeOf((*display.JSONer)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	for _, f := range []any{display.Render, display.Display, display.DisplayID, display.Update} {
		MapTypes[reflect.ValueOf(f)] = contract
	}

	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_Bundler)(nil))] = []reflect.Type{reflect.TypeOf((*_displayBundlerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_HTMLer)(nil))] = []reflect.Type{reflect.TypeOf((*_displayHTMLerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_Markdowner)(nil))] = []reflect.Type{reflect.TypeOf((*_displayMarkdownerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_SVGer)(nil))] = []reflect.Type{reflect.TypeOf((*_displaySVGerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_PNGer)(nil))] = []reflect.Type{reflect.TypeOf((*_displayPNGerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_JPEGer)(nil))] = []reflect.Type{reflect.TypeOf((*_displayJPEGerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_LaTeXer)(nil))] = []reflect.Type{reflect.TypeOf((*_displayLaTeXerStringer)(nil)).Elem()}
	MapTypes[reflect.ValueOf((*_github_com_yaknb_yak_display_JSONer)(nil))] = []reflect.Type{reflect.TypeOf((*_displayJSONerStringer)(nil)).Elem()}
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}
