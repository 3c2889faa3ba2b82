package goengine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Printing values whose static type holds a cell type with fmt methods.
// yaegi builds a cell's named type with reflect, which cannot name it, so
// a []Temp reaches compiled fmt as a []float64, and a struct field, map
// value or slice element of a cell type has lost its String, Error,
// Format and GoString methods: fmt.Println([]Temp{1}) would print [1],
// where Go prints [1.0°C]. Nothing at run time tells a []Temp from a
// []float64, so the type must come from the cell: the fmtvalue part of the
// fmtcall pass (pass_fmtvalue.go) finds the static type of each argument
// of a fmt print call and, when it holds such a type, hands fmt
//
//	_yakhook.Fmt(x, "[]Temp", "Temp\x1ffloat64", "Temp=S", func(v Temp, m int, f string) string { switch m { case 1: return v.String() }; return fmt.Sprintf(f, v) })
//
// the value, its type, the cell types it refers to with their underlying
// types, and, for each cell type with fmt methods ("leaf"), the letters of
// its methods (E Error, S String, G GoString, F Format) and an interpreted
// function that calls method m of one value of it (m 3: fmt.Sprintf with
// format f, which reaches a Format method, since interpreted code still
// knows the type). Fmt returns a fmtAdapter, a fmt.Formatter that walks
// the value as fmt's printValue does (slices [a b], maps map[k:v] sorted
// by key, structs {a b} with field names for %+v, the type's name for %#v
// and %T, &{...} for a pointer at the top) and, for each leaf, picks the
// method as fmt's handleMethods does. A value of an interface type inside
// the value goes to the prelude's _yakFmtLeaf, which finds its methods by
// type assertions in interpreted code.

// fmtSep separates the names and types in the pass's strings (printed
// struct types span lines).
const fmtSep = "\x1f"

// fmtTypes is what the pass told about an argument's type.
type fmtTypes struct {
	root  ast.Expr
	named map[string]ast.Expr // cell type name -> underlying type
	leaf  map[string]string   // type text ("Temp", "*P") -> the methods of its leaf function (pass_fmtvalue.go's leafFunc)
}

// fmtTypeCache holds the parsed descriptions: a print in a loop is parsed
// once.
var fmtTypeCache sync.Map // string -> *fmtTypes

func parseFmtTypes(typ, named, leaves string) *fmtTypes {
	key := typ + "\x00" + named + "\x00" + leaves
	if t, ok := fmtTypeCache.Load(key); ok {
		return t.(*fmtTypes)
	}
	root, err := parser.ParseExpr(typ)
	if err != nil {
		return nil
	}
	t := &fmtTypes{root: root, named: map[string]ast.Expr{}, leaf: map[string]string{}}
	lines := strings.Split(named, fmtSep)
	for i := 0; i+1 < len(lines); i += 2 {
		x, err := parser.ParseExpr(lines[i+1])
		if err != nil {
			return nil
		}
		t.named[lines[i]] = x
	}
	for _, l := range strings.Split(leaves, fmtSep) {
		if l != "" {
			k, m, _ := strings.Cut(l, "=")
			t.leaf[k] = m
		}
	}
	fmtTypeCache.Store(key, t)
	return t
}

// fmtValue is the hook behind _yakhook.Fmt: leaves are the leaf functions
// in the order of the names in leafNames.
func (e *Engine) fmtValue(v any, typ, named, leafNames string, leaves ...any) any {
	t := parseFmtTypes(typ, named, leafNames)
	if t == nil {
		return v
	}
	fns := leafFuncs(leafNames, leaves)
	rv := reflect.ValueOf(v)
	if !isValueInterface(v) {
		// (a value of an interface type keeps its holder, which has its
		// dynamic type: see value)
		rv = reflect.ValueOf(plainValue(v))
	}
	return &fmtAdapter{e: e, v: rv, t: t, fns: fns}
}

// plainValue strips yaegi's holders (valueInterface, the Stringer
// wrapper) off a value.
func plainValue(v any) any {
	v = unwrap(v)
	if inner, ok := stringerValue(v); ok {
		return unwrap(inner)
	}
	return v
}

// fmtAdapter formats a value of a type that holds cell types (see above).
type fmtAdapter struct {
	e   *Engine
	v   reflect.Value
	t   *fmtTypes
	fns map[string]reflect.Value
}

// typeName is %T of the value: its static type with main. before the
// cell types.
func (a *fmtAdapter) typeName() string {
	if a.v.IsValid() && a.v.CanInterface() && isValueInterface(a.v.Interface()) {
		// a value of a cell interface type: %T is its dynamic type
		if unwrap(a.v.Interface()) == nil {
			return "<nil>"
		}
		if n := dynamicTypeName(a.v.Interface()); n != "" {
			return n
		}
	}
	return a.t.typeText(a.t.root)
}

func (t *fmtTypes) typeText(x ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), qualify(x, t.named))
	return b.String()
}

// qualify returns a copy of x with the cell type names written main.Name.
func qualify(x ast.Expr, named map[string]ast.Expr) ast.Expr {
	switch x := x.(type) {
	case *ast.Ident:
		if _, ok := named[x.Name]; ok {
			return &ast.SelectorExpr{X: ast.NewIdent("main"), Sel: ast.NewIdent(x.Name)}
		}
		return x
	case *ast.StarExpr:
		return &ast.StarExpr{X: qualify(x.X, named)}
	case *ast.ArrayType:
		return &ast.ArrayType{Len: x.Len, Elt: qualify(x.Elt, named)}
	case *ast.MapType:
		return &ast.MapType{Key: qualify(x.Key, named), Value: qualify(x.Value, named)}
	case *ast.ParenExpr:
		return qualify(x.X, named)
	case *ast.StructType:
		fl := &ast.FieldList{}
		for _, f := range x.Fields.List {
			fl.List = append(fl.List, &ast.Field{Names: f.Names, Type: qualify(f.Type, named)})
		}
		return &ast.StructType{Fields: fl}
	}
	return x
}

func (a *fmtAdapter) Format(f fmt.State, verb rune) {
	w := &fmtWalker{a: a, out: f, verb: verb, format: fmt.FormatString(f, verb), plus: f.Flag('+'), sharp: f.Flag('#') && verb == 'v'}
	if w.sharp {
		w.plus = false
	}
	w.value(a.v, a.t.root, 0)
}

// showText is the text/plain of a cell's value that goes through the
// adapter (exec.go's showForms): what fmt.Sprint prints, stopped once it
// passes maxText, since every element of a []Temp calls into interpreted
// code (about 14 µs each: a million would take seconds to print and
// then be cut to maxText).
func showText(v any) string {
	a, ok := v.(*fmtAdapter)
	if !ok {
		return fmt.Sprint(v)
	}
	out := &cappedText{max: maxText - 64}
	func() {
		defer func() {
			if r := recover(); r != nil && r != errTextFull {
				panic(r)
			}
		}()
		w := &fmtWalker{a: a, out: out, verb: 'v', format: "%v"}
		w.value(a.v, a.t.root, 0)
	}()
	if out.full {
		return out.b.String() + "\n… (the rest of the value not shown)"
	}
	return out.b.String()
}

// cappedText keeps at most max bytes (cut at a rune's start), then stops
// the printing by panicking with errTextFull.
type cappedText struct {
	b    strings.Builder
	max  int
	full bool
}

var errTextFull = errors.New("text full")

func (c *cappedText) Write(p []byte) (int, error) {
	if room := c.max - c.b.Len(); len(p) > room {
		for room > 0 && !utf8.RuneStart(p[room]) {
			room--
		}
		c.b.Write(p[:room])
		c.full = true
		panic(errTextFull)
	}
	return c.b.Write(p)
}

type fmtWalker struct {
	a           *fmtAdapter
	out         io.Writer
	verb        rune
	format      string
	plus, sharp bool
}

func (w *fmtWalker) write(s string) { io.WriteString(w.out, s) }

// value prints v, of static type t, at depth (0: an argument of the
// print call).
func (w *fmtWalker) value(v reflect.Value, t ast.Expr, depth int) {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if fn, ok := w.a.fns["any"]; ok && v.IsValid() && v.CanInterface() && isValueInterface(v.Interface()) {
		// a value of an interface type, with its dynamic type (see
		// pass_fmtvalue.go)
		inner := unwrap(v.Interface())
		if inner == nil {
			w.write("<nil>")
			return
		}
		out := &strings.Builder{}
		sub := *w
		sub.out = out
		if sub.anyLeaf(fn, v, t) {
			s := out.String()
			if dyn := dynamicTypeName(v.Interface()); dyn != "" {
				prefix := "%!" + string(w.verb) + "(" + reflect.TypeOf(plainValue(inner)).String() + "="
				if strings.HasPrefix(s, prefix) {
					s = "%!" + string(w.verb) + "(" + dyn + "=" + s[len(prefix):]
				}
			}
			w.write(s)
			return
		}
	}
	if v.IsValid() && v.CanInterface() {
		if p := plainValue(v.Interface()); p != nil {
			v = reflect.ValueOf(p)
		}
	}
	if !v.IsValid() {
		w.write("<nil>")
		return
	}
	key := w.a.t.text(t)
	if fn, ok := w.a.fns[key]; ok {
		if w.leaf(fn, w.a.t.leaf[key], v, t) {
			return
		}
	}
	switch tt := t.(type) {
	case *ast.ParenExpr:
		w.value(v, tt.X, depth)
		return
	case *ast.Ident:
		if u, ok := w.a.t.named[tt.Name]; ok {
			w.composite(v, u, t, depth)
			return
		}
	case *ast.ArrayType, *ast.MapType, *ast.StructType, *ast.StarExpr:
		w.composite(v, t, t, depth)
		return
	}
	w.plain(v, t, depth)
}

// leafFuncs maps the key of each leaf name (before its "=", which fmt's
// names follow with the methods) to the leaf function given in the same
// place: the hooks' variadic leaves.
func leafFuncs(leafNames string, leaves []any) map[string]reflect.Value {
	fns := map[string]reflect.Value{}
	i := 0
	for _, l := range strings.Split(leafNames, fmtSep) {
		if l == "" {
			continue
		}
		if i < len(leaves) {
			if f := reflect.ValueOf(unwrap(leaves[i])); f.Kind() == reflect.Func {
				k, _, _ := strings.Cut(l, "=")
				fns[k] = f
			}
		}
		i++
	}
	return fns
}

// leafArg is v made the first argument of leaf function fn, which takes
// nin arguments and returns one; false when fn or v does not fit.
func leafArg(fn, v reflect.Value, nin int) (reflect.Value, bool) {
	ft := fn.Type()
	if ft.NumIn() != nin || ft.NumOut() != 1 {
		return v, false
	}
	in := ft.In(0)
	switch {
	case v.Type().AssignableTo(in):
		return v, true
	case v.Type().ConvertibleTo(in):
		return v.Convert(in), true
	}
	return v, false
}

// leaf prints v of a cell type with fmt methods as fmt's handleMethods
// would, calling the method through the type's leaf function; false when
// fmt would print the value itself (the caller does).
func (w *fmtWalker) leaf(fn reflect.Value, methods string, v reflect.Value, t ast.Expr) bool {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		w.write("<nil>") // fmt's answer when a nil receiver panics
		return true
	}
	v, ok := leafArg(fn, v, 3)
	if !ok {
		return false
	}
	m := -1
	switch {
	case strings.Contains(methods, "F"):
		m = 3
	case w.sharp:
		if strings.Contains(methods, "G") {
			m = 2
		}
	case strings.ContainsRune("vsxXq", w.verb):
		if strings.Contains(methods, "E") {
			m = 0
		} else if strings.Contains(methods, "S") {
			m = 1
		}
	}
	if m < 0 {
		return false
	}
	out, r := callLeaf(fn, v, m, w.format)
	if r != nil {
		fmt.Fprintf(w.out, "%%!%c(PANIC=%s method: %v)", w.verb, fmtMethodOrder[m].name, r)
		return true
	}
	switch m {
	case 0, 1:
		out = fmt.Sprintf(w.format, out) // fmt formats the method's string with the verb
	case 3:
		out = w.fixBadVerb(out, v.Type(), t)
	}
	w.write(out)
	return true
}

func callLeaf(fn, v reflect.Value, m int, format string) (out string, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	return fn.Call([]reflect.Value{v, reflect.ValueOf(m), reflect.ValueOf(format)})[0].String(), nil
}

// anyLeaf prints a value of an interface type with the leaf function of
// an any parameter (the prelude's _yakFmtLeaf finds the methods); false
// when it cannot be called with v.
func (w *fmtWalker) anyLeaf(fn reflect.Value, v reflect.Value, t ast.Expr) (done bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		// fmt prints <nil> for a nil pointer whose method panics
		w.write("<nil>")
		return true
	}
	v, ok := leafArg(fn, v, 2)
	if !ok {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			done = false
		}
	}()
	out := fn.Call([]reflect.Value{v, reflect.ValueOf(w.format)})[0].String()
	w.write(w.fixBadVerb(out, v.Type(), t))
	return true
}

// fixBadVerb puts the cell type's name into fmt's complaint about a verb
// (%!d(float64=2) -> %!d(main.Temp=2)): fmt saw the underlying type.
func (w *fmtWalker) fixBadVerb(out string, rt reflect.Type, t ast.Expr) string {
	prefix := "%!" + string(w.verb) + "(" + rt.String() + "="
	if strings.HasPrefix(out, prefix) {
		return "%!" + string(w.verb) + "(" + w.a.t.typeText(t) + "=" + out[len(prefix):]
	}
	return out
}

// composite prints v, whose underlying static type is u and whose type as
// written is t (a name, for %#v).
func (w *fmtWalker) composite(v reflect.Value, u, t ast.Expr, depth int) {
	name := w.a.t.typeText(t)
	switch u := u.(type) {
	case *ast.ParenExpr:
		w.composite(v, u.X, t, depth)
	case *ast.Ident:
		// a cell type defined as another named type
		if uu, ok := w.a.t.named[u.Name]; ok && uu != u {
			w.composite(v, uu, t, depth)
			return
		}
		w.plain(v, t, depth)
	case *ast.ArrayType:
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			w.plain(v, t, depth)
			return
		}
		if w.sharp {
			if v.Kind() == reflect.Slice && v.IsNil() {
				w.write(name + "(nil)")
				return
			}
			w.write(name + "{")
		} else {
			w.write("[")
		}
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				w.sep()
			}
			w.value(v.Index(i), u.Elt, depth+1)
		}
		w.close()
	case *ast.MapType:
		if v.Kind() != reflect.Map {
			w.plain(v, t, depth)
			return
		}
		if w.sharp {
			if v.IsNil() {
				w.write(name + "(nil)")
				return
			}
			w.write(name + "{")
		} else {
			w.write("map[")
		}
		keys := v.MapKeys()
		sort.SliceStable(keys, func(i, j int) bool { return compareKeys(keys[i], keys[j]) < 0 })
		for i, k := range keys {
			if i > 0 {
				w.sep()
			}
			w.value(k, u.Key, depth+1)
			w.write(":")
			w.value(v.MapIndex(k), u.Value, depth+1)
		}
		w.close()
	case *ast.StructType:
		if v.Kind() != reflect.Struct {
			w.plain(v, t, depth)
			return
		}
		if w.sharp {
			w.write(name)
		}
		w.write("{")
		i := 0
		for _, f := range u.Fields.List {
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{ast.NewIdent(embeddedName(f.Type))}
			}
			for _, n := range names {
				if i >= v.NumField() {
					break
				}
				if i > 0 {
					w.sep()
				}
				if w.plus || w.sharp {
					w.write(n.Name + ":")
				}
				w.value(v.Field(i), f.Type, depth+1)
				i++
			}
		}
		w.write("}")
	case *ast.StarExpr:
		if v.Kind() != reflect.Pointer {
			w.plain(v, t, depth)
			return
		}
		if v.IsNil() {
			if w.sharp {
				w.write("(" + name + ")(nil)")
			} else {
				w.write("<nil>")
			}
			return
		}
		if depth == 0 {
			switch v.Elem().Kind() {
			case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
				w.write("&")
				w.value(v.Elem(), u.X, depth+1)
				return
			}
		}
		if w.sharp {
			fmt.Fprintf(w.out, "(%s)(%#x)", name, v.Pointer())
			return
		}
		w.plain(v, t, depth)
	default:
		w.plain(v, t, depth)
	}
}

func (w *fmtWalker) sep() {
	if w.sharp {
		w.write(", ")
	} else {
		w.write(" ")
	}
}

func (w *fmtWalker) close() {
	if w.sharp {
		w.write("}")
	} else {
		w.write("]")
	}
}

// plain prints a value that holds no cell type with fmt methods as fmt
// would (through the engine's handling of cell struct types).
func (w *fmtWalker) plain(v reflect.Value, t ast.Expr, depth int) {
	if !v.CanInterface() {
		fmt.Fprint(w.out, v)
		return
	}
	if depth > 0 && v.Kind() == reflect.Pointer && !v.IsNil() {
		// fmt prints the address of a pointer below the top
		fmt.Fprintf(w.out, "%#x", v.Pointer())
		return
	}
	format, args := w.a.e.fmtArgs(w.format, true, []any{v.Interface()})
	w.write(w.fixBadVerb(fmt.Sprintf(format, args...), v.Type(), t))
}

// text is the Go syntax of a type expression, the key of leaf functions.
func (t *fmtTypes) text(x ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, token.NewFileSet(), x)
	return b.String()
}

// embeddedName is the field name of an embedded field of type x.
func embeddedName(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.StarExpr:
		return embeddedName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return embeddedName(x.X)
	}
	return ""
}

// compareKeys orders map keys as fmt does (internal/fmtsort): numbers
// by value, strings, false before true, pointers by address, arrays and
// structs field by field.
func compareKeys(a, b reflect.Value) int {
	if a.Kind() == reflect.Interface {
		a = a.Elem()
	}
	if b.Kind() == reflect.Interface {
		b = b.Elem()
	}
	if !a.IsValid() || !b.IsValid() || a.Kind() != b.Kind() {
		switch {
		case !a.IsValid() && !b.IsValid():
			return 0
		case !a.IsValid():
			return -1
		case !b.IsValid():
			return 1
		}
		return cmpOrdered(a.Kind(), b.Kind())
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmpOrdered(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmpOrdered(a.Uint(), b.Uint())
	case reflect.String:
		return cmpOrdered(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return cmpOrdered(a.Float(), b.Float())
	case reflect.Bool:
		switch {
		case a.Bool() == b.Bool():
			return 0
		case !a.Bool():
			return -1
		}
		return 1
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return cmpOrdered(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	}
	return 0
}

func cmpOrdered[T int64 | uint64 | string | float64 | uintptr | reflect.Kind](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dynamicTypeName is the Go name of the dynamic type of a value that
// yaegi hands over in its holder of an interface value (the holder's
// node has the type), "" when v is not such a holder.
func dynamicTypeName(v any) (name string) {
	if !isValueInterface(v) {
		return ""
	}
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	n := reflect.ValueOf(v).FieldByName("node")
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return ""
	}
	t := n.Elem().FieldByName("typ")
	if !t.IsValid() || t.Kind() != reflect.Pointer || t.IsNil() {
		return ""
	}
	s := t.Elem().FieldByName("str")
	if !s.IsValid() || s.Kind() != reflect.String {
		return ""
	}
	return unmangle(s.String())
}

// plainAdapters gives the adapters among args back their values: a
// format with explicit argument indexes ([n]) may use %T, which fmt
// prints itself from the argument's type (the adapter's), before any
// Formatter.
func plainAdapters(args []any) []any {
	var out []any
	for i, a := range args {
		if ad, ok := a.(*fmtAdapter); ok {
			if out == nil {
				out = append([]any(nil), args...)
			}
			out[i] = nil
			if ad.v.IsValid() && ad.v.CanInterface() {
				out[i] = plainValue(ad.v.Interface())
			}
		}
	}
	if out == nil {
		return args
	}
	return out
}
