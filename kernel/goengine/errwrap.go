package goengine

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// A value of a cell type that becomes an error (a variable, a result or a
// parameter of type error, fmt.Errorf's %w) is wrapped by yaegi in its
// _error struct: the value (IValue) and a func field per method (WError).
// That wrapper has an Error method alone, so compiled errors.Is, errors.As
// and errors.Unwrap did not see a cell type's Unwrap, Is or As methods,
// and an interpreted assertion to interface{ Unwrap() error } on it was
// false. yaegi picks, for each value, the first of a list of composed
// wrappers (its mapTypes) whose methods the value's type has; the engine
// lists these, one per set of those methods, each with methods of its own
// that call the interpreted ones.
//
// The IValue of a struct value is not the value: yaegi stores a struct
// without (reflect) methods as its last field (a MyErr{Code: 7} as 7), so
// neither errors.As nor an assertion err.(MyErr) could find it. The
// errself pass gives each cell type with a value-receiver Error method a
// method _yakSelf that returns the value; the wrappers with a W_yakSelf
// field let errSelf find it (errorsAs, errorsIs, the prelude's
// _yakErrSelf before an assertion err.(T)).
//
// The func fields of the other methods are of type any, so that a method
// of another signature than the interface's (Unwrap() []error) fills
// them too; the wrapper's method then finds no func of its signature and
// does what a missing method would (nil, false). WError keeps its func
// type: the wrapper is then not comparable, as yaegi's own is not, which
// keeps errors.Is from comparing wrappers with ==.
type errUIAS struct {
	IValue    any
	WError    func() string
	WUnwrap   any
	WIs       any
	WAs       any
	W_yakSelf any
}

func (w errUIAS) Error() string        { return w.WError() }
func (w errUIAS) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w errUIAS) Is(target error) bool { return callIs(w.WIs, target) }
func (w errUIAS) As(target any) bool   { return callAs(w.WAs, target) }

type errUIA struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WIs     any
	WAs     any
}

func (w errUIA) Error() string        { return w.WError() }
func (w errUIA) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w errUIA) Is(target error) bool { return callIs(w.WIs, target) }
func (w errUIA) As(target any) bool   { return callAs(w.WAs, target) }

type errUIS struct {
	IValue    any
	WError    func() string
	WUnwrap   any
	WIs       any
	W_yakSelf any
}

func (w errUIS) Error() string        { return w.WError() }
func (w errUIS) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w errUIS) Is(target error) bool { return callIs(w.WIs, target) }

type errUAS struct {
	IValue    any
	WError    func() string
	WUnwrap   any
	WAs       any
	W_yakSelf any
}

func (w errUAS) Error() string      { return w.WError() }
func (w errUAS) Unwrap() error      { return callUnwrap(w.WUnwrap) }
func (w errUAS) As(target any) bool { return callAs(w.WAs, target) }

type errIAS struct {
	IValue    any
	WError    func() string
	WIs       any
	WAs       any
	W_yakSelf any
}

func (w errIAS) Error() string        { return w.WError() }
func (w errIAS) Is(target error) bool { return callIs(w.WIs, target) }
func (w errIAS) As(target any) bool   { return callAs(w.WAs, target) }

type errUI struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WIs     any
}

func (w errUI) Error() string        { return w.WError() }
func (w errUI) Unwrap() error        { return callUnwrap(w.WUnwrap) }
func (w errUI) Is(target error) bool { return callIs(w.WIs, target) }

type errUA struct {
	IValue  any
	WError  func() string
	WUnwrap any
	WAs     any
}

func (w errUA) Error() string      { return w.WError() }
func (w errUA) Unwrap() error      { return callUnwrap(w.WUnwrap) }
func (w errUA) As(target any) bool { return callAs(w.WAs, target) }

type errUS struct {
	IValue    any
	WError    func() string
	WUnwrap   any
	W_yakSelf any
}

func (w errUS) Error() string { return w.WError() }
func (w errUS) Unwrap() error { return callUnwrap(w.WUnwrap) }

type errIA struct {
	IValue any
	WError func() string
	WIs    any
	WAs    any
}

func (w errIA) Error() string        { return w.WError() }
func (w errIA) Is(target error) bool { return callIs(w.WIs, target) }
func (w errIA) As(target any) bool   { return callAs(w.WAs, target) }

type errIS struct {
	IValue    any
	WError    func() string
	WIs       any
	W_yakSelf any
}

func (w errIS) Error() string        { return w.WError() }
func (w errIS) Is(target error) bool { return callIs(w.WIs, target) }

type errAS struct {
	IValue    any
	WError    func() string
	WAs       any
	W_yakSelf any
}

func (w errAS) Error() string      { return w.WError() }
func (w errAS) As(target any) bool { return callAs(w.WAs, target) }

type errU struct {
	IValue  any
	WError  func() string
	WUnwrap any
}

func (w errU) Error() string { return w.WError() }
func (w errU) Unwrap() error { return callUnwrap(w.WUnwrap) }

type errI struct {
	IValue any
	WError func() string
	WIs    any
}

func (w errI) Error() string        { return w.WError() }
func (w errI) Is(target error) bool { return callIs(w.WIs, target) }

type errA struct {
	IValue any
	WError func() string
	WAs    any
}

func (w errA) Error() string      { return w.WError() }
func (w errA) As(target any) bool { return callAs(w.WAs, target) }

type errS struct {
	IValue    any
	WError    func() string
	W_yakSelf any
}

func (w errS) Error() string { return w.WError() }

// errWrappers are the composed wrappers, each before those with a subset
// of its methods (yaegi takes the first that fits).
var errWrappers = []reflect.Type{
	reflect.TypeOf(errUIAS{}),
	reflect.TypeOf(errUIA{}),
	reflect.TypeOf(errUIS{}),
	reflect.TypeOf(errUAS{}),
	reflect.TypeOf(errIAS{}),
	reflect.TypeOf(errUI{}),
	reflect.TypeOf(errUA{}),
	reflect.TypeOf(errUS{}),
	reflect.TypeOf(errIA{}),
	reflect.TypeOf(errIS{}),
	reflect.TypeOf(errAS{}),
	reflect.TypeOf(errU{}),
	reflect.TypeOf(errI{}),
	reflect.TypeOf(errA{}),
	reflect.TypeOf(errS{}),
}

func callUnwrap(f any) error {
	if fn, ok := f.(func() error); ok {
		return fn()
	}
	return nil
}

func callIs(f any, target error) bool {
	if fn, ok := f.(func(error) bool); ok {
		return fn(target)
	}
	return false
}

func callAs(f any, target any) bool {
	if fn, ok := f.(func(any) bool); ok {
		return fn(target)
	}
	return false
}

// installErrorWrappers lists the composed wrappers for yaegi's error
// wrapper (in the tables that installFmt writes; false if their layout
// changed).
func installErrorWrappers(ip *interp.Interpreter) bool {
	binPkg, mapTypes, ok := yaegiTables(ip)
	if !ok {
		return false
	}
	w, ok := binPkg[""]["_error"]
	if !ok || w.Kind() != reflect.Pointer {
		return false
	}
	if f, ok := w.Type().Elem().FieldByName("IValue"); !ok || f.Index[0] != 0 {
		return false
	}
	mapTypes[w] = errWrappers
	return true
}

// multiUnwrap calls the Unwrap() []error method of a cell error type
// that err wraps (its wrapper's Unwrap, for Unwrap() error, gives nil).
func multiUnwrap(err error) ([]error, bool) {
	rv := reflect.ValueOf(err)
	if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().PkgPath() != errWrapperPkg {
		return nil, false
	}
	f := rv.FieldByName("WUnwrap")
	if !f.IsValid() || !f.CanInterface() {
		return nil, false
	}
	fn, ok := f.Interface().(func() []error)
	if !ok {
		return nil, false
	}
	return fn(), true
}

// errWrapperPkg is the package path of the wrappers' types.
var errWrapperPkg = reflect.TypeOf(errU{}).PkgPath()

// errorsAsFunc is errors.As for a target of an interface type that the
// interpreter declared (the errself pass): match, an interpreted function,
// is asked for the value that each error in err's tree holds, in errors.As's
// order, until it sets the target and reports true.
func errorsAsFunc(err error, match func(any) bool) bool {
	return walkErrors(err, func(e error) bool { return match(errSelfAny(e)[0]) })
}

// errSelfAny is the prelude's _yakErrSelf: v (an error, possibly through
// an any already: the okassert pass) as a one-element []any whose element
// is what the error holds, yaegi's holder of the value with its type where
// the value's type has a _yakSelf method (a slice keeps the holder on its
// way back to interpreted code, where an assertion to an interface then
// sees the value's methods).
func errSelfAny(v any) []any {
	if err, ok := v.(error); ok && !isValueInterface(v) {
		if s := selfOf(err); s != nil {
			return s
		}
		if iv, ok := stringerValue(err); ok {
			return []any{iv}
		}
	}
	return []any{v}
}

// selfOf is the result of the _yakSelf method of the cell value that err,
// one of the engine's wrappers, holds; nil when there is none.
func selfOf(err error) []any {
	rv := reflect.ValueOf(err)
	if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().PkgPath() != errWrapperPkg {
		return nil
	}
	f := rv.FieldByName("W_yakSelf")
	if !f.IsValid() || !f.CanInterface() {
		return nil
	}
	fn, ok := f.Interface().(func() []any)
	if !ok {
		return nil
	}
	if s := fn(); len(s) == 1 {
		return s
	}
	return nil
}
