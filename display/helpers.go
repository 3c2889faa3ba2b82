package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
)

// The helpers below wrap raw content in a Bundle, which Render passes through
// unchanged (adding text/plain when missing). They are plain functions so that
// notebook cells call them without declaring types:
//
//	display.HTML("<b>done</b>")
//
// as the last expression of a cell, or display.Display(display.SVG(s)).

// HTML is an HTML fragment.
func HTML(s string) Bundle { return one(MIMEHTML, s) }

// Markdown is Markdown source, rendered by the front end; terminals show
// the source itself.
func Markdown(s string) Bundle {
	return Bundle{Data: map[string]any{MIMEMarkdown: s, MIMEText: s}}
}

// SVG is an <svg> document.
func SVG(s string) Bundle { return one(MIMESVG, s) }

// LaTeX is LaTeX source, typically math in $...$ or $$...$$; terminals
// show the source itself.
func LaTeX(s string) Bundle {
	return Bundle{Data: map[string]any{MIMELaTeX: s, MIMEText: s}}
}

// PNG is encoded PNG bytes.
func PNG(b []byte) Bundle { return one(MIMEPNG, base64.StdEncoding.EncodeToString(b)) }

// JPEG is encoded JPEG bytes.
func JPEG(b []byte) Bundle { return one(MIMEJPEG, base64.StdEncoding.EncodeToString(b)) }

// JSON shows v as an interactive JSON tree (application/json), with indented
// JSON as its plain text. A v that cannot be encoded gives a text-only bundle
// that says why.
func JSON(v any) Bundle {
	text, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return Text(fmt.Sprintf("display: cannot encode %T as JSON: %v", v, err))
	}
	// Round-trip so the bundle holds plain JSON values (maps, slices,
	// float64...), exactly what a wire encoder and a saved notebook see.
	var data any
	_ = json.Unmarshal(text, &data)
	return Bundle{Data: map[string]any{MIMEJSON: data, MIMEText: string(text)}}
}

// Image is an image encoded as PNG, with its size in the metadata.
func Image(img image.Image) Bundle {
	b := Bundle{Data: map[string]any{}}
	addImage(&b, img)
	return b
}

// Text is plain text only.
func Text(s string) Bundle { return Bundle{Data: map[string]any{MIMEText: s}} }

func one(mime, s string) Bundle {
	return Bundle{Data: map[string]any{mime: s, MIMEText: "<" + mime + ">"}}
}

// DisplayBundle makes a Bundle satisfy Bundler, so bundles nest in other
// displayable values.
func (b Bundle) DisplayBundle() Bundle { return b }

// String is the bundle's text/plain entry.
func (b Bundle) String() string {
	s, _ := b.Data[MIMEText].(string)
	return s
}
