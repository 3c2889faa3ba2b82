package goengine

import (
	"errors"
	"reflect"
)

// errorsIs is errors.Is for errors of cell types too: yaegi hands compiled
// code a value of a cell error type wrapped in a struct with a func field
// (its Error method), which is not comparable, so errors.Is(err,
// Code(4)) would be false where Go compares the two Code values; and the
// engine's wrappers (errwrap.go) have no Unwrap() []error method. The tree
// of err is searched again for a wrapped value equal to the target's, an
// error equal to target or whose Is method says so, through the Unwrap()
// []error of cell types too.
func errorsIs(err, target error) bool {
	if errors.Is(err, target) {
		return true
	}
	if err == nil || target == nil {
		return false
	}
	tv, ok := stringerValue(target)
	valueEq := ok && tv != nil && reflect.TypeOf(tv).Comparable()
	comparable := reflect.TypeOf(target).Comparable()
	return walkErrors(err, func(e error) bool {
		if valueEq {
			if iv, ok := stringerValue(e); ok && iv != nil && reflect.TypeOf(iv) == reflect.TypeOf(tv) && iv == tv {
				return true
			}
		}
		if comparable && reflect.TypeOf(e) == reflect.TypeOf(target) && e == target {
			return true
		}
		x, ok := e.(interface{ Is(error) bool })
		return ok && x.Is(target)
	})
}
