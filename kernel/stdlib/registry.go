package stdlib

import (
	"path"
	"reflect"
	"sort"
	"sync"

	"github.com/traefik/yaegi/interp"
	yaegiunsafe "github.com/traefik/yaegi/stdlib/unsafe"
)

// table is one package's symbols as yaegi keys them ("import/path/name").
type table struct {
	key   string
	build func() map[string]reflect.Value
}

// tables maps an import path to its table. The generated files register
// a function per package, so that starting yak builds no map: a table is
// built when the interpreter first needs the package.
var tables = map[string]table{}

// built caches the tables built so far: one map per package for the
// whole process (the interpreter copies what it is given, so every
// interpreter can share them).
var built struct {
	sync.Mutex
	m map[string]map[string]reflect.Value
}

func (t table) get() map[string]reflect.Value {
	built.Lock()
	defer built.Unlock()
	if m, ok := built.m[t.key]; ok {
		return m
	}
	if built.m == nil {
		built.m = map[string]map[string]reflect.Value{}
	}
	m := t.build()
	built.m[t.key] = m
	return m
}

func register(key string, build func() map[string]reflect.Value) {
	tables[path.Dir(key)] = table{key, build}
}

// Has reports whether importPath is a standard package with a table.
func Has(importPath string) bool {
	if importPath == "unsafe" {
		return true
	}
	_, ok := tables[importPath]
	return ok
}

// Paths lists the import paths that have tables, sorted.
func Paths() []string {
	ps := make([]string, 0, len(tables)+1)
	for p := range tables {
		ps = append(ps, p)
	}
	ps = append(ps, "unsafe")
	sort.Strings(ps)
	return ps
}

// Symbols builds the tables of the given import paths, ready for
// (*interp.Interpreter).Use; paths without a table are left out. The
// tables are built once per process and shared: callers must not change
// them (copy a package's map to override symbols). The
// result always has the "." entry (MapTypes), which yaegi needs before
// fmt's functions are used on values of interpreted types.
func Symbols(importPaths ...string) interp.Exports {
	x := interp.Exports{".": {"MapTypes": reflect.ValueOf(mapTypes())}}
	for _, p := range importPaths {
		if p == "unsafe" {
			for k, v := range yaegiunsafe.Symbols {
				x[k] = v
			}
			continue
		}
		if t, ok := tables[p]; ok {
			x[t.key] = t.get()
		}
	}
	return x
}

// All builds every table (what yaegi's own stdlib.Symbols holds, for this
// Go version).
func All() interp.Exports {
	return Symbols(Paths()...)
}
