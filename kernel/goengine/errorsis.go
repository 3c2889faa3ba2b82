package goengine

import (
	"errors"
	"reflect"
)

// errorsIs is errors.Is for errors of cell types too: yaegi hands compiled
// code a value of a cell error type wrapped in a struct with a func field
// (its Error method), which is not comparable, so errors.Is(err,
// Code(4)) would be false where Go compares the two Code values. For such
// a target, the chain of err is searched for a wrapped value equal to the
// target's.
func errorsIs(err, target error) bool {
	if errors.Is(err, target) {
		return true
	}
	tv, ok := stringerValue(target)
	if !ok || tv == nil || !reflect.TypeOf(tv).Comparable() {
		return false
	}
	var walk func(e error) bool
	walk = func(e error) bool {
		for e != nil {
			if iv, ok := stringerValue(e); ok && iv != nil && reflect.TypeOf(iv) == reflect.TypeOf(tv) && iv == tv {
				return true
			}
			if m, ok := e.(interface{ Unwrap() []error }); ok {
				for _, x := range m.Unwrap() {
					if walk(x) {
						return true
					}
				}
				return false
			}
			e = errors.Unwrap(e)
		}
		return false
	}
	return walk(err)
}
