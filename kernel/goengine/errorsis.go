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
	return walkErrors(err, func(e error) bool {
		iv, ok := stringerValue(e)
		return ok && iv != nil && reflect.TypeOf(iv) == reflect.TypeOf(tv) && iv == tv
	})
}
