package goengine

// Generic parts of the standard library (besides generic.go's slices,
// maps and iter) that reflect-based tables cannot
// hold, supplied as Go source compiled into every fresh interpreter (after
// the binary tables, before the prelude). yaegi resolves a package name to
// the source package once one of that name is compiled, so a supplement
// for a package that also has compiled symbols re-exports all of them
// (as variables holding the compiled functions: calls go straight to
// compiled code). TestErrorsSupplementComplete keeps the list in step with
// the generated table.

// errorsSupplement adds errors.AsType (Go 1.26). It walks the error tree
// as errors.As does. A type assertion cannot see an error value of a type
// declared in a cell once compiled code has wrapped it (fmt.Errorf's %w,
// errors.Join): yaegi fails on it, as it fails on errors.As with such a
// target; compiled error types (*fs.PathError, *exec.ExitError...) work.
const errorsSupplement = `package errors

import _yakerrors "errors"

var (
	ErrUnsupported = _yakerrors.ErrUnsupported
	New            = _yakerrors.New
	Is             = _yakerrors.Is
	As             = _yakerrors.As
	Unwrap         = _yakerrors.Unwrap
	Join           = _yakerrors.Join
)

// AsType finds the first error in err's tree that has type E and returns
// it; ok reports whether there was one.
func AsType[E error](err error) (E, bool) {
	var zero E
	stack := []error{err}
	for len(stack) > 0 {
		err := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if err == nil {
			continue
		}
		if e, ok := err.(E); ok {
			return e, true
		}
		var e E
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(&e) {
			return e, true
		}
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			errs := u.Unwrap()
			for i := len(errs) - 1; i >= 0; i-- {
				stack = append(stack, errs[i])
			}
		} else if next := _yakerrors.Unwrap(err); next != nil {
			stack = append(stack, next)
		}
	}
	return zero, false
}
`

// errorsExports are the names errorsSupplement re-exports.
var errorsExports = []string{"ErrUnsupported", "New", "Is", "As", "Unwrap", "Join"}

// syncSupplement adds sync.OnceValue and sync.OnceValues (Go 1.21), the
// generic functions of package sync. It is compiled when sync's table is
// first handed to the interpreter (lazySupplements), not for every fresh
// interpreter: most notebooks never import sync. f runs once; a panic in
// f is kept and raised again by every call, as the standard library does.
const syncSupplement = `package sync

import _yaksync "sync"

type (
	Cond      = _yaksync.Cond
	Locker    = _yaksync.Locker
	Map       = _yaksync.Map
	Mutex     = _yaksync.Mutex
	Once      = _yaksync.Once
	Pool      = _yaksync.Pool
	RWMutex   = _yaksync.RWMutex
	WaitGroup = _yaksync.WaitGroup
)

var (
	NewCond  = _yaksync.NewCond
	OnceFunc = _yaksync.OnceFunc
)

// OnceValue returns a function that calls f the first time and returns
// f's result every time.
func OnceValue[T any](f func() T) func() T {
	var (
		once    _yaksync.Once
		done    bool
		failure any
		value   T
	)
	first := func() {
		defer func() {
			if !done {
				failure = recover()
				panic(failure)
			}
		}()
		value = f()
		done = true
	}
	return func() T {
		once.Do(first)
		if !done {
			panic(failure)
		}
		return value
	}
}

// OnceValues is OnceValue for a function of two results.
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	var (
		once    _yaksync.Once
		done    bool
		failure any
		v1      T1
		v2      T2
	)
	first := func() {
		defer func() {
			if !done {
				failure = recover()
				panic(failure)
			}
		}()
		v1, v2 = f()
		done = true
	}
	return func() (T1, T2) {
		once.Do(first)
		if !done {
			panic(failure)
		}
		return v1, v2
	}
}
`

// syncExports are the names syncSupplement re-exports.
var syncExports = []string{"Cond", "Locker", "Map", "Mutex", "Once", "Pool", "RWMutex", "WaitGroup", "NewCond", "OnceFunc"}

// lazySupplements are compiled right after their package's table is handed
// to the interpreter, whatever the reason it was needed.
var lazySupplements = map[string]string{"sync": syncSupplement}
