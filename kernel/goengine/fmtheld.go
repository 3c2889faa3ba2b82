package goengine

import (
	"fmt"
	"io"
	"reflect"
	"sync"
)

// Printing a cell value that an any (or an error) held. yaegi keeps a
// value of a cell type with methods in an interface as its holder
// (valueInterface: the value and its type's node), and hands that holder
// to the engine's print functions, which printed the value's fields
// where Go calls its Error or String method ({4} for "code 4"). The
// holder's type decides, once per type, which of fmt's methods it has (an
// interpreted call of the prelude's _yakFmtKind, cached by the type);
// each print of a value with Format calls it in the interpreter
// (_yakFmtFormat), and of one with Error, String or GoString calls that
// method (_yakFmtCall) and formats the result, as fmt's handleMethods
// does. A type with none of them prints its value, with the cell type's
// name for %#v. Only a Format of fmt's signature counts: the interpreter's
// assertion that _yakFmtKind makes checks it, where yaegi's own choice of
// a wrapper for fmt goes by the method's name (time.Time's
// Format(string) string).

// heldFmtFuncs are the prelude's functions that the engine calls.
type heldFmtFuncs struct {
	kind, call, format reflect.Value // _yakFmtKind, _yakFmtCall, _yakFmtFormat
}

// heldArg is a print function's argument as the interpreter held it
// (_yakhook.Held: yaegi's holder of a cell value, which has its type).
type heldArg struct{ v any }

// fmtKinds caches _yakFmtKind by the holder's type (its itype pointer).
var fmtKinds sync.Map // uintptr -> int

// heldFmt is what a print function hands fmt for holder h of a cell value:
// an anyFmt where the value's type has a method fmt calls, else the value
// (named by its type for %#v); false where h holds nil.
func (e *Engine) heldFmt(h any) (any, bool) {
	fns := e.fmtHeld.Load()
	if fns == nil || unwrap(h) == nil {
		return nil, false
	}
	key := holderType(h)
	var kind int
	if k, ok := fmtKinds.Load(key); ok && key != 0 {
		kind = k.(int)
	} else {
		kind = int(fns.kind.Call([]reflect.Value{reflect.ValueOf(&h).Elem()})[0].Int())
		if key != 0 {
			fmtKinds.Store(key, kind)
		}
	}
	plain := e.plainArg(unwrap(h), dynamicTypeName(h))
	if kind == 0 {
		return plain, true
	}
	return anyFmt{fns, h, kind, plain}, true
}

// holderType is the address of the type (yaegi's itype) in holder h, 0
// when it cannot be read.
func holderType(h any) (p uintptr) {
	defer func() {
		if recover() != nil {
			p = 0
		}
	}()
	n := reflect.ValueOf(h).FieldByName("node")
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return 0
	}
	t := n.Elem().FieldByName("typ")
	if !t.IsValid() || t.Kind() != reflect.Pointer || t.IsNil() {
		return 0
	}
	return t.Pointer()
}

// anyFmt prints a held cell value by the methods fmt would call.
type anyFmt struct {
	fns   *heldFmtFuncs
	v     any // the holder
	kind  int // its type's methods (_yakFmtKind)
	plain any // what fmt prints without the methods (plainArg)
}

func (a anyFmt) method(m int) string {
	return a.fns.call.Call([]reflect.Value{reflect.ValueOf(&a.v).Elem(), reflect.ValueOf(m)})[0].String()
}

// Format picks the method as fmt's handleMethods does: Format for every
// verb, else GoString for %#v, Error then String for %v %s %x %X %q, the
// value itself otherwise.
func (a anyFmt) Format(s fmt.State, verb rune) {
	if a.kind&8 != 0 {
		a.fns.format.Call([]reflect.Value{reflect.ValueOf(&a.v).Elem(), reflect.ValueOf(s), reflect.ValueOf(verb)})
		return
	}
	f := fmt.FormatString(s, verb)
	if verb == 'v' && s.Flag('#') {
		if a.kind&4 != 0 {
			io.WriteString(s, a.method(4))
			return
		}
	} else {
		switch verb {
		case 'v', 's', 'x', 'X', 'q':
			if a.kind&1 != 0 {
				fmt.Fprintf(s, f, a.method(1))
				return
			}
			if a.kind&2 != 0 {
				fmt.Fprintf(s, f, a.method(2))
				return
			}
		}
	}
	fmt.Fprintf(s, f, a.plain)
}

// plainArg is what a print function hands fmt for v, a value without
// yaegi's holder: a cellValue, which names cell struct types for %#v,
// where v holds one (name: of v's type, "" for the engine's record).
func (e *Engine) plainArg(v any, name string) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !holdsSynthesized(rv.Type()) {
		return v
	}
	return cellValue{rv, &e.typeNames, name}
}
