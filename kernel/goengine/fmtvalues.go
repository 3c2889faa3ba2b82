package goengine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// Printing values of cell types as compiled Go prints them. yaegi builds a
// struct type that a cell declares with reflect.StructOf: unnamed, with
// each unexported field renamed X+name (reflect cannot make unexported
// fields), so fmt would print %+v as {Xx:1 Xy:2} and %T and %#v as
// `struct { Xx int; Xy int }`. The engine's fmt functions (installed over
// the interpreter's) hand such values to fmt wrapped in a Formatter that
// prints the field names and, for %T and %#v, the type name as Go would
// (main.point{x:1, y:2}); the name comes from the engine's table of the
// struct types that cells declared (typeNames, filled after each
// declaration).
//
// yaegi passes a value whose type has a String method to fmt's print
// functions wrapped in a struct that implements fmt.Stringer; %d and the
// like would print that wrapper ({2 5295072}): they get the value inside.

// typeNames maps the reflect types of cell struct types to their names.
type typeNames struct {
	mu sync.Mutex
	m  map[reflect.Type]string
}

func (t *typeNames) set(rt reflect.Type, name string) {
	t.mu.Lock()
	if t.m == nil {
		t.m = map[reflect.Type]string{}
	}
	t.m[rt] = name
	t.mu.Unlock()
}

func (t *typeNames) get(rt reflect.Type) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := t.m[rt]
	return n, ok
}

// synthesized reports whether rt is a struct type that yaegi made for a
// cell (unnamed, or with an X-prefixed field).
func synthesized(rt reflect.Type) bool {
	if rt.Kind() != reflect.Struct || rt.Name() != "" {
		return false
	}
	for i := 0; i < rt.NumField(); i++ {
		if _, ok := fieldName(rt.Field(i).Name); ok {
			return true
		}
	}
	return rt.NumField() > 0
}

// fieldName is the name the user gave a field that yaegi renamed
// (Xname -> name).
func fieldName(n string) (string, bool) {
	if len(n) > 1 && n[0] == 'X' {
		r, _ := utf8.DecodeRuneInString(n[1:])
		if unicode.IsLower(r) || r == '_' {
			return n[1:], true
		}
	}
	return n, false
}

// cellValue formats a value of a cell struct type (or a pointer to one).
type cellValue struct {
	v     reflect.Value
	names *typeNames
	root  string // the name of v's type when known otherwise (yaegi's holder of it)
}

func (c cellValue) typeName(rt reflect.Type) string {
	if c.root != "" && rt == c.v.Type() {
		return c.root
	}
	if n, ok := c.names.get(rt); ok {
		return n
	}
	switch rt.Kind() {
	case reflect.Pointer:
		return "*" + c.typeName(rt.Elem())
	case reflect.Slice:
		return "[]" + c.typeName(rt.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", rt.Len(), c.typeName(rt.Elem()))
	case reflect.Map:
		return "map[" + c.typeName(rt.Key()) + "]" + c.typeName(rt.Elem())
	}
	return rt.String()
}

// holdsSynthesized reports whether rt is, or is a pointer, slice, array or
// map holding, a struct type that yaegi made for a cell.
func holdsSynthesized(rt reflect.Type) bool {
	if v, ok := holdsCache.Load(rt); ok {
		return v.(bool)
	}
	out := false
	if strings.Contains(rt.String(), "unsafe2.") {
		// yaegi's stand-in for a recursive type (unsafe2.dummy): its
		// values are not what they seem; fmt prints them as before.
		holdsCache.Store(rt, out)
		return out
	}
	for t, i := rt, 0; i < 8; i++ {
		if synthesized(t) {
			out = true
			break
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
			continue
		case reflect.Map:
			out = holdsSynthesized(t.Key()) || holdsSynthesized(t.Elem())
		}
		break
	}
	holdsCache.Store(rt, out)
	return out
}

var holdsCache sync.Map // reflect.Type -> bool

func (c cellValue) Format(f fmt.State, verb rune) {
	if verb != 'v' {
		fmt.Fprintf(f, fmt.FormatString(f, verb), c.v.Interface())
		return
	}
	c.write(f, c.v, f.Flag('+'), f.Flag('#'), true)
}

func (c cellValue) write(w io.Writer, v reflect.Value, plus, sharp, top bool) {
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && synthesized(v.Type().Elem()):
		if sharp && !top {
			fmt.Fprintf(w, "(%s)(%#x)", c.typeName(v.Type()), v.Pointer())
			return
		}
		if top {
			io.WriteString(w, "&")
			c.write(w, v.Elem(), plus, sharp, false)
			return
		}
		fmt.Fprintf(w, "%#x", v.Pointer())
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Array || v.Kind() == reflect.Map) && holdsSynthesized(v.Type()):
		// fmt would print the elements' synthesized types (%#v) and X
		// field names (%+v): the elements are written here, as fmt's
		// printValue writes them.
		if sharp && (v.Kind() != reflect.Array && v.IsNil()) {
			io.WriteString(w, c.typeName(v.Type())+"(nil)")
			return
		}
		sep := " "
		switch {
		case sharp:
			io.WriteString(w, c.typeName(v.Type())+"{")
			sep = ", "
		case v.Kind() == reflect.Map:
			io.WriteString(w, "map[")
		default:
			io.WriteString(w, "[")
		}
		if v.Kind() == reflect.Map {
			keys := v.MapKeys()
			sort.SliceStable(keys, func(i, j int) bool { return compareKeys(keys[i], keys[j]) < 0 })
			for i, k := range keys {
				if i > 0 {
					io.WriteString(w, sep)
				}
				c.write(w, k, plus, sharp, false)
				io.WriteString(w, ":")
				c.write(w, v.MapIndex(k), plus, sharp, false)
			}
		} else {
			for i := 0; i < v.Len(); i++ {
				if i > 0 {
					io.WriteString(w, sep)
				}
				c.write(w, v.Index(i), plus, sharp, false)
			}
		}
		if sharp {
			io.WriteString(w, "}")
		} else {
			io.WriteString(w, "]")
		}
	case v.Kind() == reflect.Struct && synthesized(v.Type()):
		if sharp {
			io.WriteString(w, c.typeName(v.Type()))
		}
		io.WriteString(w, "{")
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				if sharp {
					io.WriteString(w, ", ")
				} else {
					io.WriteString(w, " ")
				}
			}
			if plus || sharp {
				n, _ := fieldName(v.Type().Field(i).Name)
				io.WriteString(w, n+":")
			}
			c.write(w, v.Field(i), plus, sharp, false)
		}
		io.WriteString(w, "}")
	default:
		verb := "%v"
		switch {
		case sharp:
			verb = "%#v"
		case plus:
			verb = "%+v"
		}
		if !v.CanInterface() {
			fmt.Fprint(w, v)
			return
		}
		fmt.Fprintf(w, verb, v.Interface())
	}
}

// stringerValue is the value inside yaegi's fmt.Stringer wrapper (the
// wrapper types are yaegi's or kernel/stdlib's generated ones), or false.
func stringerValue(a any) (any, bool) {
	rv := reflect.ValueOf(a)
	if !rv.IsValid() || rv.Kind() != reflect.Struct {
		return nil, false
	}
	pp := rv.Type().PkgPath()
	if pp == errWrapperPkg {
		// the engine's error wrappers (errwrap.go): the value itself
		// where its type has a _yakSelf method
		if s := selfOf(a.(error)); s != nil {
			return unwrap(s[0]), true
		}
	} else if !strings.HasPrefix(pp, "github.com/traefik/yaegi") && pp != "github.com/yaknb/yak/kernel/stdlib" {
		return nil, false
	}
	f := rv.FieldByName("IValue")
	if !f.IsValid() || !f.CanInterface() {
		return nil, false
	}
	return f.Interface(), true
}

// isValueInterface reports whether a is yaegi's holder of a value of an
// interface type that a cell declared.
func isValueInterface(a any) bool {
	rt := reflect.TypeOf(a)
	return rt != nil && rt.Kind() == reflect.Struct && rt.Name() == "valueInterface" && rt.PkgPath() == "github.com/traefik/yaegi/interp"
}

// fmtArgs prepares the arguments of a print call: verbs are the verbs of
// the format, one per argument (nil for Print and Println: %v).
func (e *Engine) fmtArgs(format string, hasFormat bool, args []any) (string, []any) {
	held := false
	for i, a := range args {
		if h, ok := a.(heldArg); ok {
			if !held {
				args = append([]any(nil), args...)
				held = true
			}
			args[i] = h.v
		}
	}
	var verbs []rune
	if hasFormat {
		var ok bool
		if verbs, ok = formatVerbs(format); !ok {
			return format, plainAdapters(args)
		}
	}
	out := args
	copied := false
	set := func(i int, v any) {
		if !copied {
			out = append([]any(nil), args...)
			copied = true
		}
		out[i] = v
	}
	for i, a := range args {
		verb := 'v'
		if hasFormat {
			if i >= len(verbs) {
				break
			}
			verb = verbs[i]
		}
		if verb == 'w' {
			continue
		}
		if ad, ok := a.(*fmtAdapter); ok {
			if verb == 'T' {
				set(i, ad.typeName())
			}
			continue
		}
		if isValueInterface(a) {
			// a value of a cell type with methods held in an any, or a
			// nil variable of a cell interface type converted to any
			// (see fmtCallPass): its holder knows its type and methods
			if verb == 'T' {
				if n := dynamicTypeName(a); n != "" {
					set(i, n)
					continue
				}
			} else if h, ok := e.heldFmt(a); ok {
				set(i, h)
				continue
			}
			a = unwrap(a)
			set(i, a)
		}
		if inner, ok := stringerValue(a); ok {
			if rv := reflect.ValueOf(inner); verb == 'T' && rv.IsValid() && holdsSynthesized(rv.Type()) {
				set(i, cellValue{rv, &e.typeNames, ""}.typeName(rv.Type()))
			} else if verb != 'v' && verb != 's' && verb != 'q' {
				set(i, inner)
			}
			continue
		}
		rv := reflect.ValueOf(unwrap(a))
		if !rv.IsValid() {
			continue
		}
		if !holdsSynthesized(rv.Type()) {
			continue
		}
		cv := cellValue{rv, &e.typeNames, ""}
		if verb == 'T' {
			set(i, cv.typeName(rv.Type()))
			continue
		}
		set(i, cv)
	}
	if hasFormat && copied {
		format = replaceTVerbs(format, out, args)
	}
	return format, out
}

// formatVerbs lists the verb of each argument of a format; false when the
// format uses explicit argument indexes or * widths (left as they are).
func formatVerbs(format string) ([]rune, bool) {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
			continue
		case '[', '*':
			return nil, false
		}
		r, n := utf8.DecodeRuneInString(format[i:])
		verbs = append(verbs, r)
		i += n - 1
	}
	return verbs, true
}

// replaceTVerbs turns the %T of the arguments that were replaced by their
// type's name into %s.
func replaceTVerbs(format string, out, args []any) string {
	var b strings.Builder
	arg := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		b.WriteByte(c)
		if c != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			continue
		}
		b.WriteString(format[i+1 : j])
		if format[j] == '%' {
			b.WriteByte('%')
			i = j
			continue
		}
		if format[j] == 'T' && arg < len(out) {
			if _, ok := out[arg].(string); ok {
				if _, was := args[arg].(string); !was {
					b.WriteByte('s')
					i = j
					arg++
					continue
				}
			}
		}
		b.WriteByte(format[j])
		i = j
		arg++
	}
	return b.String()
}

// fmtSymbols are the engine's fmt print functions (see above).
func (e *Engine) fmtSymbols() map[string]reflect.Value {
	p := func(args []any) []any { _, out := e.fmtArgs("", false, args); return out }
	f := func(format string, args []any) (string, []any) { return e.fmtArgs(format, true, args) }
	return map[string]reflect.Value{
		"Println":  reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprintln(e.outFile, p(a)...) }),
		"Print":    reflect.ValueOf(func(a ...any) (int, error) { return fmt.Fprint(e.outFile, p(a)...) }),
		"Sprintln": reflect.ValueOf(func(a ...any) string { return fmt.Sprintln(p(a)...) }),
		"Sprint":   reflect.ValueOf(func(a ...any) string { return fmt.Sprint(p(a)...) }),
		"Fprintln": reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprintln(w, p(a)...) }),
		"Fprint":   reflect.ValueOf(func(w io.Writer, a ...any) (int, error) { return fmt.Fprint(w, p(a)...) }),
		"Printf": reflect.ValueOf(func(format string, a ...any) (int, error) {
			format, a = f(format, a)
			return fmt.Fprintf(e.outFile, format, a...)
		}),
		"Sprintf": reflect.ValueOf(func(format string, a ...any) string {
			format, a = f(format, a)
			return fmt.Sprintf(format, a...)
		}),
		"Fprintf": reflect.ValueOf(func(w io.Writer, format string, a ...any) (int, error) {
			format, a = f(format, a)
			return fmt.Fprintf(w, format, a...)
		}),
		"Errorf": reflect.ValueOf(func(format string, a ...any) error {
			format, a = f(format, a)
			return fmt.Errorf(format, a...)
		}),
	}
}

// yaegiTables gives the interpreter's table of compiled packages (binPkg)
// and of the interfaces whose methods it wraps for compiled code
// (mapTypes). The fields are unexported, hence unsafe, after checking
// their types; false if the pinned yaegi changed them.
func yaegiTables(ip *interp.Interpreter) (interp.Exports, map[reflect.Value][]reflect.Type, bool) {
	v := reflect.ValueOf(ip).Elem()
	bp, mt := v.FieldByName("binPkg"), v.FieldByName("mapTypes")
	if !bp.IsValid() || bp.Type() != reflect.TypeOf(interp.Exports{}) ||
		!mt.IsValid() || mt.Type() != reflect.TypeOf(map[reflect.Value][]reflect.Type{}) {
		return nil, nil, false
	}
	binPkg := reflect.NewAt(bp.Type(), unsafe.Pointer(bp.UnsafeAddr())).Elem().Interface().(interp.Exports)
	mapTypes := reflect.NewAt(mt.Type(), unsafe.Pointer(mt.UnsafeAddr())).Elem().Interface().(map[reflect.Value][]reflect.Type)
	return binPkg, mapTypes, true
}

// installFmt puts the engine's print functions into the interpreter's
// package fmt. It writes yaegi's tables directly: Use would run yaegi's
// own set-up of fmt again (which replaces Print, Printf and Println), and
// the functions must keep fmt's entry in yaegi's table of the interfaces
// whose methods it wraps for compiled code (so that String methods of cell
// types still work). The fields are unexported, hence unsafe, after
// checking their types (TestInstallFmt fails if the pinned yaegi changes
// them).
func installFmt(ip *interp.Interpreter, syms map[string]reflect.Value) bool {
	binPkg, mapTypes, ok := yaegiTables(ip)
	if !ok {
		return false
	}
	p := binPkg["fmt"]
	if p == nil {
		return false
	}
	orig := map[string]any{"Println": fmt.Println, "Print": fmt.Print, "Sprintln": fmt.Sprintln, "Sprint": fmt.Sprint,
		"Fprintln": fmt.Fprintln, "Fprint": fmt.Fprint, "Printf": fmt.Printf, "Sprintf": fmt.Sprintf, "Fprintf": fmt.Fprintf, "Errorf": fmt.Errorf}
	for name, f := range syms {
		p[name] = f
		if o, ok := orig[name]; ok {
			mapTypes[f] = mapTypes[reflect.ValueOf(o)]
		}
	}
	return true
}

// noteTypes records the reflect types of the struct types that a
// declaration segment declared, under the names the user gave them.
func (e *Engine) noteTypes(s *segment) {
	if s.kind != segDecl {
		return
	}
	for _, d := range s.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			if ts.TypeParams != nil || ts.Assign.IsValid() {
				continue
			}
			if _, ok := ts.Type.(*ast.StructType); !ok {
				continue
			}
			name := ts.Name.Name
			if r, ok := e.st.renames[name]; ok {
				name = r
			}
			if v, err := e.evalValue(name + "{}"); err == nil && v.IsValid() {
				e.typeNames.set(v.Type(), "main."+ts.Name.Name)
			}
		}
	}
}

// evalValue evaluates engine-made code and returns its value.
func (e *Engine) evalValue(src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return e.ip.Eval(src)
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// errorsAs is errors.As for targets of cell types too: compiled code sees
// a pointer to a cell-declared type as a pointer to a struct without
// methods, which errors.As rejects ("*target must be interface or
// implement error"); yaegi hands the errors of cell types over wrapped in
// a struct whose IValue is the value. For such a target, the chain of err
// is searched for a wrapped value of the target's type.
func errorsAs(err error, target any) bool {
	tv := reflect.ValueOf(target)
	if tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target)
	}
	et := tv.Type().Elem()
	if et.Kind() == reflect.Interface || et.Implements(errorType) {
		return errors.As(err, target)
	}
	found := false
	walkErrors(err, func(e error) bool {
		if iv, ok := stringerValue(e); ok && iv != nil && reflect.TypeOf(iv) == et {
			tv.Elem().Set(reflect.ValueOf(iv))
			found = true
		} else if x, ok := e.(interface{ As(any) bool }); ok && x.As(target) {
			found = true
		}
		return found
	})
	return found
}

// walkErrors calls f for each error in err's tree, depth first as errors.Is
// and errors.As go, until f returns true.
func walkErrors(err error, f func(error) bool) bool {
	for err != nil {
		if f(err) {
			return true
		}
		if errs, ok := multiUnwrap(err); ok {
			for _, x := range errs {
				if walkErrors(x, f) {
					return true
				}
			}
			return false
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				if walkErrors(x, f) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return false
		}
	}
	return false
}
