package goengine

// preludeHeld is the part of the prelude (prelude.go) that hands compiled
// code the methods of cell values which yaegi keeps in its holders: in an
// any for fmt (fmtheld.go) and encoding/json (jsonheld.go), in an error
// for assertions (errwrap.go).
const preludeHeld = `
// _yakFmtKind tells which of the methods that fmt calls the type of v has
// (1 Error, 2 String, 4 GoString, 8 Format), for the engine's print
// functions, which get a cell value held in an any as yaegi's holder
// (fmtheld.go).
func _yakFmtKind(v any) int {
	k := 0
	if _, ok := v.(_yakErrorer); ok {
		k |= 1
	}
	if _, ok := v.(_yakStringer); ok {
		k |= 2
	}
	if _, ok := v.(_yakGoStringer); ok {
		k |= 4
	}
	if _, ok := v.(_yakFormatter); ok {
		k |= 8
	}
	return k
}

// _yakFmtCall calls method m (as _yakFmtKind numbers them) of v, whose
// type has it.
func _yakFmtCall(v any, m int) string {
	switch m {
	case 1:
		switch x := v.(type) {
		case _yakErrorer:
			return x.Error()
		}
	case 2:
		switch x := v.(type) {
		case _yakStringer:
			return x.String()
		}
	case 4:
		switch x := v.(type) {
		case _yakGoStringer:
			return x.GoString()
		}
	}
	return ""
}

// _yakFmtFormat calls the Format method of v, whose type is a
// fmt.Formatter (_yakFmtKind's 8).
func _yakFmtFormat(v any, s _yakfmt.State, verb rune) {
	switch x := v.(type) {
	case _yakFormatter:
		x.Format(s, verb)
	}
}

// _yakJSONAny calls the MarshalJSON method of v, a value of a cell type
// that an any inside a value given to json.Marshal held (jsonheld.go);
// false when its type has none.
func _yakJSONAny(v any) ([]byte, bool, error) {
	if _, ok := v.(_yakJSONMarshaler); ok {
		// (the comma-ok form's value panics in yaegi: see _yakText)
		switch m := v.(type) {
		case _yakJSONMarshaler:
			b, err := m.MarshalJSON()
			return b, true, err
		}
	}
	return nil, false, nil
}

type _yakJSONMarshaler interface{ MarshalJSON() ([]byte, error) }

// _yakErrSelf is the value of a cell type that err holds (errwrap.go),
// for an assertion err.(T) (the errself pass).
func _yakErrSelf(err any) any { return _yakhook.ErrSelf(err)[0] }
`
