package goengine

import (
	"encoding/base64"
	"fmt"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/display"
)

// The prelude is interpreted code that the engine defines in every fresh
// interpreter. Its names start with _yak and are hidden from %who and
// completion.
//
// Rendering needs it: yaegi builds the types that cells declare with
// reflect, so their methods are invisible to compiled code (display.Render's
// type assertions fail on them). Type switches in interpreted code do see
// them, so _yakShow asks each display method there and hands the results to
// the engine next to the value, which display.Render then completes.
//
// Goroutines need it too: a panic that escapes a goroutine would end the
// kernel, so the engine rewrites every `go` statement of a cell to defer
// _yakRecover, which reports the panic to the most recent cell instead.
const preludeBase = `import (
	_yakfmt "fmt"
	_yakos "os"
	_yakhook "yakengine"
)

type (
	_yakHTMLer     interface{ HTML() string }
	_yakMarkdowner interface{ Markdown() string }
	_yakSVGer      interface{ SVG() string }
	_yakPNGer      interface{ PNG() []byte }
	_yakJPEGer     interface{ JPEG() []byte }
	_yakLaTeXer    interface{ LaTeX() string }
	_yakJSONer     interface{ JSON() any }
)

func _yakRecover() {
	if r := recover(); r != nil {
		_yakhook.GoPanic(r)
	}
}

func _yakShow(vs ...any) []any {
	out := make([]any, 0, 2*len(vs))
	for _, v := range vs {
		out = append(out, v, _yakMime(v))
	}
	return out
}

func _yakMime(v any) (m map[string]any) {
	m = map[string]any{}
	defer func() {
		if r := recover(); r != nil {
			m = map[string]any{"text/plain": _yakfmt.Sprintf("%v\n(a display method of %T panicked: %v)", v, v, r)}
		}
	}()
	switch x := v.(type) {
	case _yakHTMLer:
		m["text/html"] = x.HTML()
	}
	switch x := v.(type) {
	case _yakMarkdowner:
		m["text/markdown"] = x.Markdown()
	}
	switch x := v.(type) {
	case _yakSVGer:
		m["image/svg+xml"] = x.SVG()
	}
	switch x := v.(type) {
	case _yakPNGer:
		m["image/png"] = x.PNG()
	}
	switch x := v.(type) {
	case _yakJPEGer:
		m["image/jpeg"] = x.JPEG()
	}
	switch x := v.(type) {
	case _yakLaTeXer:
		m["text/latex"] = x.LaTeX()
	}
	switch x := v.(type) {
	case _yakJSONer:
		m["application/json"] = x.JSON()
	}
	switch x := v.(type) {
	case error:
		m["text/plain"] = x.Error()
	case _yakfmt.Stringer:
		m["text/plain"] = x.String()
	}
	BUNDLER
	return m
}
`

// With the display package loaded, a value declared in a cell may also build
// its whole bundle (display.Bundler).
const preludeBundler = `switch x := v.(type) {
	case _yakBundler:
		m["bundle"] = x.DisplayBundle()
	}`

func prelude(hasDisplay bool) string {
	if !hasDisplay {
		return strings.Replace(preludeBase, "BUNDLER", "", 1)
	}
	s := strings.Replace(preludeBase, "BUNDLER", preludeBundler, 1)
	s = strings.Replace(s, "_yakhook \"yakengine\"\n", "_yakhook \"yakengine\"\n\t_yakdisplay \"github.com/yaknb/yak/display\"\n", 1)
	return strings.Replace(s, "type (\n", "type (\n\t_yakBundler    interface{ DisplayBundle() _yakdisplay.Bundle }\n", 1)
}

// hookSymbols is the compiled side of the prelude.
func (e *Engine) hookSymbols() interp.Exports {
	return interp.Exports{
		"yakengine/yakengine": {
			"GoPanic": reflect.ValueOf(e.goPanic),
		},
	}
}

// goPanic reports a panic recovered in a goroutine that a cell started.
func (e *Engine) goPanic(r any) {
	e.syncOutput()
	lines := e.trace.take()
	var b strings.Builder
	fmt.Fprintf(&b, "panic in a goroutine (recovered, the kernel keeps running): %v\n", r)
	for _, l := range tracebackLines(lines) {
		b.WriteString(l + "\n")
	}
	e.out.writeErr([]byte(b.String()))
}

// bundle turns what _yakShow returned (value, MIME map pairs) into the
// cell's result.
func bundle(res []any) *display.Bundle {
	n := len(res) / 2
	if n == 0 {
		return nil
	}
	parts := make([]display.Bundle, n)
	for i := 0; i < n; i++ {
		v := res[2*i]
		mime, _ := res[2*i+1].(map[string]any)
		if b, ok := mime["bundle"].(display.Bundle); ok {
			parts[i] = display.Render(b)
			continue
		}
		b := display.Render(v)
		for k, x := range mime {
			if raw, ok := x.([]byte); ok {
				x = base64.StdEncoding.EncodeToString(raw)
			}
			b.Data[k] = x
		}
		parts[i] = b
	}
	if n == 1 {
		return &parts[0]
	}
	// Several results (a call returning (T, error), say) show as a tuple.
	texts := make([]string, n)
	for i, p := range parts {
		texts[i], _ = p.Data[display.MIMEText].(string)
	}
	return &display.Bundle{Data: map[string]any{display.MIMEText: "(" + strings.Join(texts, ", ") + ")"}}
}
