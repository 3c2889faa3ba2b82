package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"strings"
)

// The display contract. A value shows up rich when it implements one or more
// of these small interfaces; Render asks for each and keeps what it gets.
// Compiled types and types declared in notebook cells both work, because
// Render only uses type assertions.
type (
	// HTMLer returns an HTML fragment (text/html).
	HTMLer interface{ HTML() string }
	// Markdowner returns Markdown source (text/markdown).
	Markdowner interface{ Markdown() string }
	// SVGer returns a complete <svg> document (image/svg+xml).
	SVGer interface{ SVG() string }
	// PNGer returns encoded PNG bytes (image/png).
	PNGer interface{ PNG() []byte }
	// JPEGer returns encoded JPEG bytes (image/jpeg).
	JPEGer interface{ JPEG() []byte }
	// LaTeXer returns LaTeX, usually math between $...$ (text/latex).
	LaTeXer interface{ LaTeX() string }
	// JSONer returns a JSON-encodable value (application/json).
	JSONer interface{ JSON() any }
	// Bundler builds the whole bundle itself; Render uses it as is, adding
	// only a text/plain entry when the bundle has none.
	Bundler interface{ DisplayBundle() Bundle }
)

// MIME types used in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMELaTeX    = "text/latex"
	MIMEJSON     = "application/json"
)

// Render turns any value into a bundle. The bundle always has text/plain
// (from String() when v is a fmt.Stringer, otherwise fmt's %v); richer types
// come from the display contract above. image.Image values render as PNG.
//
// A []byte that starts with the PNG or JPEG signature renders as that image;
// any other []byte is plain data and renders as text only, because guessing
// further (UTF-8 text? SVG?) would surprise more often than help.
//
// A panic in one of v's display methods does not escape: that MIME type is
// left out and the text/plain entry says what went wrong.
func Render(v any) Bundle {
	if b, ok := v.(Bundle); ok {
		return complete(b, v)
	}
	if b, ok := v.(*Bundle); ok && b != nil {
		return complete(*b, v)
	}
	b := Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	var problems []string
	try := func(mime string, f func()) {
		defer func() {
			if r := recover(); r != nil {
				problems = append(problems, fmt.Sprintf("display: %s of %T panicked: %v", mime, v, r))
			}
		}()
		f()
	}
	if x, ok := v.(Bundler); ok {
		// The value assembled its bundle; its other display methods, if any,
		// are parts of it (a chart's SVG) and must not be added again.
		done := false
		try("DisplayBundle", func() { b, done = complete(x.DisplayBundle(), v), true })
		if done {
			return b
		}
	}
	if x, ok := v.(HTMLer); ok {
		try(MIMEHTML, func() { b.Data[MIMEHTML] = x.HTML() })
	}
	if x, ok := v.(Markdowner); ok {
		try(MIMEMarkdown, func() { b.Data[MIMEMarkdown] = x.Markdown() })
	}
	if x, ok := v.(SVGer); ok {
		try(MIMESVG, func() { b.Data[MIMESVG] = x.SVG() })
	}
	if x, ok := v.(PNGer); ok {
		try(MIMEPNG, func() { b.Data[MIMEPNG] = base64.StdEncoding.EncodeToString(x.PNG()) })
	}
	if x, ok := v.(JPEGer); ok {
		try(MIMEJPEG, func() { b.Data[MIMEJPEG] = base64.StdEncoding.EncodeToString(x.JPEG()) })
	}
	if x, ok := v.(LaTeXer); ok {
		try(MIMELaTeX, func() { b.Data[MIMELaTeX] = x.LaTeX() })
	}
	if x, ok := v.(JSONer); ok {
		try(MIMEJSON, func() { b.Data[MIMEJSON] = x.JSON() })
	}
	switch x := v.(type) {
	case image.Image:
		if _, done := b.Data[MIMEPNG]; !done {
			try(MIMEPNG, func() { addImage(&b, x) })
		}
	case []byte:
		switch {
		case bytes.HasPrefix(x, pngMagic):
			b.Data[MIMEPNG] = base64.StdEncoding.EncodeToString(x)
		case bytes.HasPrefix(x, jpegMagic):
			b.Data[MIMEJPEG] = base64.StdEncoding.EncodeToString(x)
		}
	}
	if _, ok := b.Data[MIMEText]; !ok {
		try(MIMEText, func() { b.Data[MIMEText] = plain(v) })
	}
	if len(problems) > 0 {
		s, _ := b.Data[MIMEText].(string)
		b.Data[MIMEText] = strings.TrimSpace(s + "\n" + strings.Join(problems, "\n"))
	}
	if len(b.Metadata) == 0 {
		b.Metadata = nil
	}
	return b
}

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte("\xff\xd8\xff")
)

// complete fills in what a hand-made bundle lacks: maps and text/plain.
func complete(b Bundle, v any) Bundle {
	data := make(map[string]any, len(b.Data)+1)
	for k, x := range b.Data {
		data[k] = x
	}
	if _, ok := data[MIMEText]; !ok {
		if s, isStringer := v.(fmt.Stringer); isStringer && !isBundle(v) {
			data[MIMEText] = s.String()
		} else {
			data[MIMEText] = summary(data)
		}
	}
	b.Data = data
	return b
}

func isBundle(v any) bool {
	switch v.(type) {
	case Bundle, *Bundle:
		return true
	}
	return false
}

// summary is the text/plain of a bundle made without one: the richest type it
// holds, so a terminal shows at least what it is missing.
func summary(data map[string]any) string {
	for _, m := range []string{MIMEHTML, MIMESVG, MIMEPNG, MIMEJPEG, MIMEMarkdown, MIMELaTeX, MIMEJSON} {
		if _, ok := data[m]; ok {
			return "<" + m + ">"
		}
	}
	return ""
}

func plain(v any) string {
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%v", unwrap(v))
}

// unwrap returns the value inside a yaegi interface wrapper. A value of a
// type declared in a notebook cell reaches compiled code as a generated
// wrapper struct (first field IValue, the value; then W<Method> funcs), and
// %v of the wrapper would print the interpreter's bookkeeping.
func unwrap(v any) any {
	r := reflect.ValueOf(v)
	if r.Kind() != reflect.Struct || r.NumField() < 2 {
		return v
	}
	t := r.Type()
	if f := t.Field(0); f.Name != "IValue" || f.Type.Kind() != reflect.Interface {
		return v
	}
	if f := t.Field(1); !strings.HasPrefix(f.Name, "W") || f.Type.Kind() != reflect.Func {
		return v
	}
	return r.Field(0).Interface()
}

func addImage(b *Bundle, img image.Image) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	b.Data[MIMEPNG] = base64.StdEncoding.EncodeToString(buf.Bytes())
	r := img.Bounds()
	if b.Metadata == nil {
		b.Metadata = map[string]any{}
	}
	b.Metadata[MIMEPNG] = map[string]any{"width": r.Dx(), "height": r.Dy()}
	if _, ok := b.Data[MIMEText]; !ok {
		b.Data[MIMEText] = fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy())
	}
}
