package goengine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
)

// Writing JSON of a value that holds cell values inside interfaces
// ([]any{Box{5}}, map[string]any{"a": b}, a struct field of type any). A
// value of a cell type with methods stays in an any as yaegi's holder of
// the value and its type, a struct without exported fields, so
// encoding/json wrote {} for it. The jsonvalue pass calls the engine's
// _yakhook.JSONHeld (JSONHeldIndent) instead of json.Marshal
// (MarshalIndent) for such an argument, which replaces each holder by the
// value it holds, or by what the value's MarshalJSON (an interpreted
// method, called through the prelude's _yakJSONAny) returned, before
// encoding/json writes it.
// Containers are copied only where something inside them changed.

// jsonHeld is json.Marshal behind _yakhook.JSONHeld.
func (e *Engine) jsonHeld(v any) ([]byte, error) {
	out, _, err := e.unhold(reflect.ValueOf(&v).Elem(), 0)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out.Interface())
}

// jsonHeldIndent is json.MarshalIndent behind _yakhook.JSONHeldIndent.
func (e *Engine) jsonHeldIndent(v any, prefix, indent string) ([]byte, error) {
	out, _, err := e.unhold(reflect.ValueOf(&v).Elem(), 0)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(out.Interface(), prefix, indent)
}

// unhold returns v with the holders inside it replaced; changed reports
// whether there were any.
func (e *Engine) unhold(v reflect.Value, depth int) (out reflect.Value, changed bool, err error) {
	if depth > 64 || !v.IsValid() {
		return v, false, nil // as deep as encoding/json goes before it reports a cycle
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() || !v.Elem().CanInterface() {
			return v, false, nil
		}
		inner := v.Elem()
		var repl reflect.Value
		if x := inner.Interface(); isValueInterface(x) {
			if b, ok, err := e.heldMarshalJSON(x); err != nil {
				return v, false, err
			} else if ok {
				repl = reflect.ValueOf(json.RawMessage(b))
			} else if p := unwrap(x); p == nil {
				repl = reflect.Zero(v.Type())
			} else {
				repl, _, err = e.unhold(reflect.ValueOf(p), depth+1)
				if err != nil {
					return v, false, err
				}
			}
		} else {
			r, ch, err := e.unhold(inner, depth+1)
			if err != nil || !ch {
				return v, false, err
			}
			repl = r
		}
		nv := reflect.New(v.Type()).Elem()
		if repl.IsValid() && !(repl.Kind() == reflect.Interface && repl.IsNil()) {
			nv.Set(repl)
		}
		return nv, true, nil
	case reflect.Pointer:
		if v.IsNil() {
			return v, false, nil
		}
		r, ch, err := e.unhold(v.Elem(), depth+1)
		if err != nil || !ch {
			return v, false, err
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(r)
		return p, true, nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return v, false, nil
		}
		if k := v.Type().Elem().Kind(); k != reflect.Interface && k != reflect.Pointer && k != reflect.Struct &&
			k != reflect.Slice && k != reflect.Array && k != reflect.Map {
			return v, false, nil // []byte, []int...: nothing held
		}
		var nv reflect.Value
		for i := 0; i < v.Len(); i++ {
			r, ch, err := e.unhold(v.Index(i), depth+1)
			if err != nil {
				return v, false, err
			}
			if ch && !nv.IsValid() {
				if v.Kind() == reflect.Slice {
					nv = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
				} else {
					nv = reflect.New(v.Type()).Elem()
				}
				reflect.Copy(nv, v)
			}
			if ch {
				nv.Index(i).Set(r)
			}
		}
		if nv.IsValid() {
			return nv, true, nil
		}
		return v, false, nil
	case reflect.Map:
		if v.IsNil() {
			return v, false, nil
		}
		var nv reflect.Value
		it := v.MapRange()
		for it.Next() {
			r, ch, err := e.unhold(it.Value(), depth+1)
			if err != nil {
				return v, false, err
			}
			if ch && !nv.IsValid() {
				nv = reflect.MakeMapWithSize(v.Type(), v.Len())
				it2 := v.MapRange()
				for it2.Next() {
					nv.SetMapIndex(it2.Key(), it2.Value())
				}
			}
			if ch {
				nv.SetMapIndex(it.Key(), r)
			}
		}
		if nv.IsValid() {
			return nv, true, nil
		}
		return v, false, nil
	case reflect.Struct:
		var nv reflect.Value
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue // encoding/json does not write it
			}
			r, ch, err := e.unhold(v.Field(i), depth+1)
			if err != nil {
				return v, false, err
			}
			if ch && !nv.IsValid() {
				nv = reflect.New(v.Type()).Elem()
				nv.Set(v)
			}
			if ch {
				nv.Field(i).Set(r)
			}
		}
		if nv.IsValid() {
			return nv, true, nil
		}
	}
	return v, false, nil
}

// noMarshalJSON holds the types (yaegi's itype pointers) of held values
// that have no MarshalJSON method, found once by an interpreted call.
var noMarshalJSON sync.Map // uintptr -> bool

// heldMarshalJSON calls the MarshalJSON method of the value that holder x
// holds, in the interpreter; false when its type has none.
func (e *Engine) heldMarshalJSON(x any) ([]byte, bool, error) {
	fn := e.jsonAny.Load()
	if fn == nil || !fn.IsValid() {
		return nil, false, nil
	}
	key := holderType(x)
	if _, none := noMarshalJSON.Load(key); none && key != 0 {
		return nil, false, nil
	}
	out := fn.Call([]reflect.Value{reflect.ValueOf(&x).Elem()})
	if !out[1].Bool() {
		if key != 0 {
			noMarshalJSON.Store(key, true)
		}
		return nil, false, nil
	}
	if err, _ := out[2].Interface().(error); err != nil {
		return nil, true, fmt.Errorf("json: error calling MarshalJSON for type %s: %w", dynamicTypeName(x), err)
	}
	return out[0].Bytes(), true, nil
}
