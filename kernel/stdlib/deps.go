package stdlib

import (
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// yaegi needs more than the tables of the packages that code imports: to
// hand a value of a type declared in interpreted code to compiled code as
// an interface, it looks for the interface's wrapper in the table of the
// interface's own package (encoding.TextMarshaler for json.Marshal, a
// hash.Hash, an io.Reader). So a package's table comes with the tables of
// every standard package whose types its API mentions.

var deps struct {
	sync.Mutex
	m map[string][]string
}

// WithDeps returns importPaths and, transitively, the standard packages
// whose named types appear in their exported API (function signatures,
// struct fields, methods), each once, sorted.
func WithDeps(importPaths ...string) []string {
	all := map[string]bool{}
	var add func(p string)
	add = func(p string) {
		if all[p] || !Has(p) {
			return
		}
		all[p] = true
		for _, d := range apiDeps(p) {
			add(d)
		}
	}
	for _, p := range importPaths {
		add(p)
	}
	out := make([]string, 0, len(all))
	for p := range all {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// apiDeps lists the standard packages (with tables) that p's API names.
func apiDeps(p string) []string {
	deps.Lock()
	if d, ok := deps.m[p]; ok {
		deps.Unlock()
		return d
	}
	deps.Unlock()
	t, ok := tables[p]
	if !ok {
		return nil
	}
	seen := map[reflect.Type]bool{}
	found := map[string]bool{}
	var visit func(reflect.Type)
	visit = func(rt reflect.Type) {
		if rt == nil || seen[rt] {
			return
		}
		seen[rt] = true
		if pp := rt.PkgPath(); pp != "" {
			if pp != p && Has(pp) {
				found[pp] = true
			}
			if pp != p {
				return // that package's own API is its own tables' business
			}
		}
		switch rt.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			visit(rt.Elem())
		case reflect.Map:
			visit(rt.Key())
			visit(rt.Elem())
		case reflect.Func:
			for i := range rt.NumIn() {
				visit(rt.In(i))
			}
			for i := range rt.NumOut() {
				visit(rt.Out(i))
			}
		case reflect.Struct:
			for i := range rt.NumField() {
				if f := rt.Field(i); f.IsExported() {
					visit(f.Type)
				}
			}
		case reflect.Interface:
			for i := range rt.NumMethod() {
				visit(rt.Method(i).Type)
			}
		}
		if rt.Kind() != reflect.Interface {
			for i := range rt.NumMethod() {
				visit(rt.Method(i).Type)
			}
		}
	}
	for _, v := range t.get() {
		if !v.IsValid() {
			continue
		}
		visit(v.Type())
		if v.Kind() == reflect.Pointer && v.IsNil() { // a type: *T(nil)
			visit(v.Type().Elem())
		}
	}
	// The interfaces that functions taking `any` look for (mapTypes):
	// json.Marshal needs encoding.TextMarshaler's wrapper.
	for f, ifaces := range mapTypes() {
		if funcPackage(f) == p {
			for _, it := range ifaces {
				if pp := it.PkgPath(); pp != p && Has(pp) {
					found[pp] = true
				}
			}
		}
	}
	d := make([]string, 0, len(found))
	for q := range found {
		d = append(d, q)
	}
	sort.Strings(d)
	deps.Lock()
	if deps.m == nil {
		deps.m = map[string][]string{}
	}
	deps.m[p] = d
	deps.Unlock()
	return d
}

// funcPackage is the import path of the package of function f.
func funcPackage(f reflect.Value) string {
	fn := runtime.FuncForPC(f.Pointer())
	if fn == nil {
		return ""
	}
	name := fn.Name() // import/path.Func
	slash := strings.LastIndexByte(name, '/')
	dot := strings.IndexByte(name[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return name[:slash+1+dot]
}
