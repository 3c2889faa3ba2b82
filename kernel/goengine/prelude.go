package goengine

import (
	"encoding/base64"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/cellctx"
	"github.com/yaknb/yak/display"
)

// The prelude is interpreted code that the engine defines in every fresh
// interpreter. Its names start with _yak and are hidden from %who and
// completion.
//
// Rendering needs it: yaegi builds the types that cells declare with
// reflect, so their methods are invisible to compiled code (display.Render's
// type assertions fail on them). Type switches in interpreted code do see
// them (yaegi gets type switches over interfaces wrong unless a
// comma-ok assertion has checked the case first, hence the guards), so
// _yakShow asks each display method there and hands the results to
// the engine next to the value, which display.Render then completes.
//
// Goroutines need it too: a panic that escapes a goroutine would end the
// kernel, so the engine rewrites every `go` statement of a cell to defer
// _yakRecover, which reports the panic to the most recent cell instead.
const preludeBase = `import (
	_yakcmp "cmp"
	_yakfmt "fmt"
	_yakio "io"
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
	_yakStringer   interface{ String() string }
	_yakErrorer    interface{ Error() string }
)

// ctx is the running cell's context (cellctx.Current): interrupt and
// yak run --timeout cancel it, so a cell passes it to long runs.
var ctx = _yakhook.Context

// min and max stand in for the builtins of Go 1.21, which yaegi lacks.
// Unlike the builtins, all arguments must have one type (min(x, 1) works;
// min(2.5, 1) needs min(2.5, 1.0)). The type parameter's name must not be
// one that cells use: yaegi confuses it with a cell's type of that name.
func min[_yakT _yakcmp.Ordered](x _yakT, y ..._yakT) _yakT {
	for _, v := range y {
		if v < x {
			x = v
		}
	}
	return x
}

func max[_yakT _yakcmp.Ordered](x _yakT, y ..._yakT) _yakT {
	for _, v := range y {
		if v > x {
			x = v
		}
	}
	return x
}

// _yakOr is cmp.Or (see pass_cmpor.go): yaegi cannot infer the type
// parameter of the source package's Or from its variadic arguments.
func _yakOr[_yakT comparable](x _yakT, y ..._yakT) _yakT {
	var zero _yakT
	if x != zero {
		return x
	}
	for _, v := range y {
		if v != zero {
			return v
		}
	}
	return zero
}

// clear is the builtin of Go 1.21 (maps emptied, slices zeroed), done by
// reflect in compiled code.
func clear(x any) { _yakhook.Clear(x) }

// _yakFn is the identity, for function literals passed to calls in loops
// (see pass_loopvar.go).
func _yakFn[_yakF any](f _yakF) _yakF { return f }

// _yakNilT stands in for a nil interface value in a comma-ok type
// assertion (see pass_okassert.go): no type but any matches it.
type _yakNilT struct{}

func _yakNonNil(x any) any {
	if x == nil {
		return _yakNilT{}
	}
	return x
}

// _yakW hands a cell value to fmt.Fprint* as an io.Writer (pass_fmtcall.go).
func _yakW(w _yakio.Writer) _yakio.Writer { return w }

// _yakNew is new(expr) of Go 1.26 (see pass_newexpr.go).
func _yakNew[_yakV any](v _yakV) *_yakV { return &v }

// _yakContinued is Go's panic for an iterator that calls yield after the
// loop ended.
const _yakContinued = "runtime error: range function continued iteration after function for loop body returned false"

// _yakPull1 and _yakPull2 turn an iterator into a next function, for range
// over functions (see pass_rangefunc.go). The iterator runs in a goroutine
// that waits for each request, so it never runs at the same time as the
// loop body; its panic is raised again in the loop. stop, as a loop that
// ends does in Go, makes the pending yield return false and waits for the
// iterator to return (its deferred calls run before the code after the
// loop); an iterator that calls yield again after that panics with Go's
// message.
func _yakPull1[_yakV any](seq func(func(_yakV) bool)) (func() (_yakV, bool), func()) {
	req, res, quit, fin := make(chan bool), make(chan _yakV), make(chan bool), make(chan bool)
	var pv any
	panicked, finished := false, false
	go func() {
		defer func() {
			if r := recover(); r != nil {
				pv, panicked = r, true
			}
			close(fin)
		}()
		select {
		case ok := <-req:
			if !ok {
				return
			}
		case <-quit:
			return
		}
		seq(func(v _yakV) bool {
			select {
			case res <- v:
			case <-quit:
				panic(_yakContinued)
			}
			select {
			case ok := <-req:
				return ok
			case <-quit:
				return false
			}
		})
	}()
	next := func() (_yakV, bool) {
		var zero _yakV
		if finished {
			return zero, false
		}
		req <- true
		select {
		case v := <-res:
			return v, true
		case <-fin:
			finished = true
			if panicked {
				panic(pv)
			}
			return zero, false
		}
	}
	stop := func() {
		if !finished {
			finished = true
			close(quit)
			<-fin
			if panicked {
				panic(pv)
			}
		}
	}
	return next, stop
}

func _yakPull2[_yakK, _yakV any](seq func(func(_yakK, _yakV) bool)) (func() (_yakK, _yakV, bool), func()) {
	req, resK, resV, quit, fin := make(chan bool), make(chan _yakK), make(chan _yakV), make(chan bool), make(chan bool)
	var pv any
	panicked, finished := false, false
	go func() {
		defer func() {
			if r := recover(); r != nil {
				pv, panicked = r, true
			}
			close(fin)
		}()
		select {
		case ok := <-req:
			if !ok {
				return
			}
		case <-quit:
			return
		}
		seq(func(k _yakK, v _yakV) bool {
			select {
			case resK <- k:
			case <-quit:
				panic(_yakContinued)
			}
			resV <- v
			select {
			case ok := <-req:
				return ok
			case <-quit:
				return false
			}
		})
	}()
	next := func() (_yakK, _yakV, bool) {
		var zk _yakK
		var zv _yakV
		if finished {
			return zk, zv, false
		}
		req <- true
		select {
		case k := <-resK:
			v := <-resV
			return k, v, true
		case <-fin:
			finished = true
			if panicked {
				panic(pv)
			}
			return zk, zv, false
		}
	}
	stop := func() {
		if !finished {
			finished = true
			close(quit)
			<-fin
			if panicked {
				panic(pv)
			}
		}
	}
	return next, stop
}

// _yakPanicNote runs before each panic(v) of a cell (the engine rewrites
// the statement): it gives the engine the Error() or String() text of v,
// since compiled code cannot call the methods of a cell-declared type.
func _yakPanicNote(v any) { _yakhook.PanicText(v, _yakText(v)) }

func _yakText(v any) string {
	if _, ok := v.(_yakErrorer); ok {
		switch x := v.(type) {
		case _yakErrorer:
			return x.Error()
		}
	}
	if _, ok := v.(_yakStringer); ok {
		switch x := v.(type) {
		case _yakStringer:
			return x.String()
		}
	}
	return ""
}

type (
	_yakGoStringer interface{ GoString() string }
	_yakFormatter  interface {
		Format(_yakfmt.State, rune)
	}
)

// _yakFmtLeaf formats v with format f as fmt's handleMethods would, for
// the engine's fmt adapter (fmtadapt.go); false when v has a Format
// method, which the caller's fmt.Sprintf reaches.
func _yakFmtLeaf(v any, f string) (string, bool) {
	if _, ok := v.(_yakFormatter); ok {
		return "", false
	}
	verb := f[len(f)-1]
	sharp := false
	for i := 1; i < len(f)-1; i++ {
		if f[i] == '#' {
			sharp = true
		}
	}
	if sharp && verb == 'v' {
		if _, ok := v.(_yakGoStringer); ok {
			switch x := v.(type) {
			case _yakGoStringer:
				return x.GoString(), true
			}
		}
		return _yakhook.FmtPlain(v, f), true
	}
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		if _, ok := v.(_yakErrorer); ok {
			switch x := v.(type) {
			case _yakErrorer:
				return _yakfmt.Sprintf(f, x.Error()), true
			}
		}
		if _, ok := v.(_yakStringer); ok {
			switch x := v.(type) {
			case _yakStringer:
				return _yakfmt.Sprintf(f, x.String()), true
			}
		}
	}
	return _yakhook.FmtPlain(v, f), true
}

// _yakGo runs before every go statement (goprocs.go).
func _yakGo() { _yakhook.Go() }

func _yakRecover() {
	if r := recover(); r != nil {
		_yakhook.GoPanic(r, -1)
	}
}

func _yakRecoverAt(site int) {
	if r := recover(); r != nil {
		_yakhook.GoPanic(r, site)
	}
}

func _yakShow(vs ...any) {
	for _, v := range vs {
		_yakhook.Show(v, _yakMime(v))
	}
}

func _yakShow1(v any) {
	_yakhook.Show(v, _yakMime(v))
}

func _yakShowFmt(v any, adapt func(any) any) {
	m := _yakMime(v)
	if _, ok := m["text/plain"]; !ok {
		m["text/plain"] = _yakhook.ShowFmt(adapt(v))
	}
	_yakhook.Show(v, m)
}

func _yakMime(v any) (m map[string]any) {
	m = map[string]any{}
	defer func() {
		if r := recover(); r != nil {
			m = map[string]any{"text/plain": _yakfmt.Sprintf("%v\n(a display method of %T panicked: %v)", v, v, r)}
		}
	}()
	if _, ok := v.(_yakHTMLer); ok {
		switch x := v.(type) {
		case _yakHTMLer:
			m["text/html"] = x.HTML()
		}
	}
	if _, ok := v.(_yakMarkdowner); ok {
		switch x := v.(type) {
		case _yakMarkdowner:
			m["text/markdown"] = x.Markdown()
		}
	}
	if _, ok := v.(_yakSVGer); ok {
		switch x := v.(type) {
		case _yakSVGer:
			m["image/svg+xml"] = x.SVG()
		}
	}
	if _, ok := v.(_yakPNGer); ok {
		switch x := v.(type) {
		case _yakPNGer:
			m["image/png"] = x.PNG()
		}
	}
	if _, ok := v.(_yakJPEGer); ok {
		switch x := v.(type) {
		case _yakJPEGer:
			m["image/jpeg"] = x.JPEG()
		}
	}
	if _, ok := v.(_yakLaTeXer); ok {
		switch x := v.(type) {
		case _yakLaTeXer:
			m["text/latex"] = x.LaTeX()
		}
	}
	if _, ok := v.(_yakJSONer); ok {
		switch x := v.(type) {
		case _yakJSONer:
			m["application/json"] = x.JSON()
		}
	}
	if _, ok := v.(_yakErrorer); ok {
		switch x := v.(type) {
		case _yakErrorer:
			m["text/plain"] = x.Error()
		}
	}
	if _, ok := m["text/plain"]; !ok {
		if _, ok := v.(_yakStringer); ok {
			switch x := v.(type) {
			case _yakStringer:
				m["text/plain"] = x.String()
			}
		}
	}
	BUNDLER
	return m
}
`

// With the display package loaded, a value declared in a cell may also build
// its whole bundle (display.Bundler), and the engine rewrites the cells'
// calls of display.Display, DisplayID, Update and Render to these
// functions, which ask the display methods in interpreted code first.
const preludeDisplay = `
func _yakRender(v any) _yakdisplay.Bundle { return _yakhook.Render(v, _yakMime(v)) }

func _yakDisplay(v any) { _yakdisplay.Display(_yakRender(v)) }

func _yakDisplayID(v any) string { return _yakdisplay.DisplayID(_yakRender(v)) }

func _yakUpdate(id string, v any) { _yakdisplay.Update(id, _yakRender(v)) }
`

const preludeBundler = `if _, ok := v.(_yakBundler); ok {
		switch x := v.(type) {
		case _yakBundler:
			m["bundle"] = x.DisplayBundle()
		}
	}`

func prelude(hasDisplay bool) string {
	if !hasDisplay {
		return strings.Replace(preludeBase, "BUNDLER", "", 1) + preludeHeld
	}
	s := strings.Replace(preludeBase, "BUNDLER", preludeBundler, 1) + preludeHeld
	s = strings.Replace(s, "_yakhook \"yakengine\"\n", "_yakhook \"yakengine\"\n\t_yakdisplay \"github.com/yaknb/yak/display\"\n", 1)
	s = strings.Replace(s, "type (\n", "type (\n\t_yakBundler    interface{ DisplayBundle() _yakdisplay.Bundle }\n", 1)
	return s + preludeDisplay
}

// hookSymbols is the compiled side of the prelude.
func (e *Engine) hookSymbols() interp.Exports {
	return interp.Exports{
		"yakengine/yakengine": {
			"GoPanic": reflect.ValueOf(e.goPanic),
			"Go":      reflect.ValueOf(e.procs.goStmt),
			"Context": reflect.ValueOf(&cellctx.Current).Elem(),
			"Clear": reflect.ValueOf(func(x any) {
				if v := reflect.ValueOf(unwrap(x)); v.Kind() == reflect.Map || v.Kind() == reflect.Slice {
					v.Clear()
				}
			}),
			"Recovered": reflect.ValueOf(func(r any) any {
				if v, ok := r.(reflect.Value); ok { // see pass_recover.go
					if !v.IsValid() {
						return nil
					}
					return v.Interface()
				}
				return r
			}),
			"Fmt":            reflect.ValueOf(e.fmtValue),
			"JSON":           reflect.ValueOf(e.jsonValue),
			"JSONHeld":       reflect.ValueOf(e.jsonHeld),
			"ErrSelf":        reflect.ValueOf(errSelfAny),
			"ErrorsAsFunc":   reflect.ValueOf(errorsAsFunc),
			"Held":           reflect.ValueOf(func(v any) any { return heldArg{v} }),
			"IsCell":         reflect.ValueOf(isCellValue),
			"JSONHeldIndent": reflect.ValueOf(e.jsonHeldIndent),
			"JSONMembers":    reflect.ValueOf(jsonMembers),
			"FmtPlain": reflect.ValueOf(func(v any, f string) string {
				f, a := e.fmtArgs(f, true, []any{plainValue(v)})
				return fmt.Sprintf(f, a...)
			}),
			"Show":    reflect.ValueOf(e.show),
			"ShowFmt": reflect.ValueOf(showText),
			"Render":  reflect.ValueOf(e.render),
			"PanicText": reflect.ValueOf(func(v any, text string) {
				e.panicMu.Lock()
				e.panicText = [2]string{fmt.Sprint(unwrap(v)), text}
				e.panicMu.Unlock()
			}),
		},
	}
}

// panicValue is the text of a panic value: what _yakPanic learnt from its
// Error or String method when it is the same value, else fmt's %v.
func (e *Engine) panicValue(r any) string {
	s := fmt.Sprint(unwrap(r))
	if err, ok := r.(error); ok {
		s = err.Error()
	}
	e.panicMu.Lock()
	defer e.panicMu.Unlock()
	if e.panicText[1] != "" && e.panicText[0] == s {
		return e.panicText[1]
	}
	return s
}

// goPanic reports a panic recovered in a goroutine that a cell started
// by the go statement of index site (goSites; -1: not known): the frames
// yaegi printed, then the go statement.
func (e *Engine) goPanic(r any, site int) {
	e.syncOutput()
	lines, funcs := frames(e.trace.take())
	var b strings.Builder
	fmt.Fprintf(&b, "panic in a goroutine (recovered, the kernel keeps running): %s\n", unmangle(explainPanic(e.panicValue(r))))
	for _, l := range e.stackLines("", lines, funcs) {
		b.WriteString(l + "\n")
	}
	if g, ok := e.goSites.site(site); ok {
		fmt.Fprintf(&b, "  %s:%d:%d in the goroutine started here\n", cellLabel(g.cell, e.cellNo), g.line, g.col)
		if g.src != "" {
			b.WriteString("        " + g.src + "\n")
		}
	}
	e.out.writeErr([]byte(b.String()))
	if e.goPanicked != nil {
		e.goPanicked()
	}
}

// shown is one result of a cell: the value as compiled code sees it, and
// what its display methods gave in interpreted code.
type shown struct {
	v    any
	mime map[string]any
}

// show receives the results of a cell's last expression from _yakShow.
// Passing them as arguments of a compiled function (rather than returning
// them in a []any) makes yaegi hand over the values themselves, which
// display.Render can then inspect.
func (e *Engine) show(v any, mime map[string]any) {
	e.shownMu.Lock()
	e.shown = append(e.shown, shown{unwrap(v), mime})
	e.shownMu.Unlock()
}

func (e *Engine) takeShown() []shown {
	e.shownMu.Lock()
	defer e.shownMu.Unlock()
	s := e.shown
	e.shown = nil
	return s
}

// maxText bounds the text/plain of a cell's value: printing a million
// numbers as a result would freeze the front end.
const maxText = 64 << 10

// bundle turns the results of a cell into its display bundle.
func bundle(res []shown) *display.Bundle {
	n := len(res)
	if n == 0 {
		return nil
	}
	parts := make([]display.Bundle, n)
	for i := 0; i < n; i++ {
		v, mime := res[i].v, res[i].mime
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
	for i := range parts {
		if t, ok := parts[i].Data[display.MIMEText].(string); ok && len(t) > maxText {
			cut := maxText
			for cut > 0 && !utf8.RuneStart(t[cut]) {
				cut--
			}
			parts[i].Data[display.MIMEText] = t[:cut] + fmt.Sprintf("\n… (%d more bytes of text not shown)", len(t)-cut)
		}
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

// unwrap returns the value inside yaegi's interface representation. yaegi
// passes a value of a cell-declared type that has methods to a compiled
// `any` parameter as its internal valueInterface{node, value reflect.Value};
// the value field is read through unsafe, after checking the field's type,
// since it is unexported. The layout is that of the pinned yaegi version
// (TestUnwrap fails if it changes).
// isCellValue reports whether v is a value of a type that a cell declares
// (in yaegi's holder, or of a type yaegi built), not a compiled value
// (pass_typeswitch.go's asCompiledInterface).
func isCellValue(v any) bool {
	if isValueInterface(v) {
		return true
	}
	rt := reflect.TypeOf(v)
	return rt != nil && holdsSynthesized(rt)
}

func unwrap(v any) any {
	for i := 0; i < 4; i++ {
		rv := reflect.ValueOf(v)
		if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().Name() != "valueInterface" || rv.Type().PkgPath() != "github.com/traefik/yaegi/interp" {
			return v
		}
		f, ok := rv.Type().FieldByName("value")
		if !ok || f.Type != reflect.TypeOf(reflect.Value{}) {
			return v
		}
		c := reflect.New(rv.Type()).Elem()
		c.Set(rv)
		inner := *(*reflect.Value)(unsafe.Pointer(c.FieldByIndex(f.Index).UnsafeAddr()))
		if !inner.IsValid() {
			return nil
		}
		if !inner.CanInterface() {
			return v
		}
		v = inner.Interface()
	}
	return v
}

// render is the compiled half of the prelude's _yakRender: display.Render
// of the value completed by what its interpreted display methods gave.
func (e *Engine) render(v any, mime map[string]any) display.Bundle {
	return *bundle([]shown{{unwrap(v), mime}})
}
