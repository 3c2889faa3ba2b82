package goengine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writing JSON of values whose static type holds a cell type with a
// MarshalJSON method below the top (see pass_jsonvalue.go). The adapter is
// a json.Marshaler that writes the value as encoding/json would, struct
// fields by the tags the user wrote (name, omitempty, "-"), embedded
// structs' fields promoted, map keys sorted, and calls the interpreted
// function of a cell type for each value of it. encoding/json then checks
// and compacts what it wrote.

// jsonAdapter writes a value of a type that holds cell types.
type jsonAdapter struct {
	v   reflect.Value
	t   *fmtTypes
	fns map[string]reflect.Value
}

// jsonValue is the hook behind _yakhook.JSON.
func (e *Engine) jsonValue(v any, typ, named, leafNames string, leaves ...any) any {
	t := parseFmtTypes(typ, named, leafNames)
	if t == nil {
		return v
	}
	return &jsonAdapter{v: reflect.ValueOf(plainValue(v)), t: t, fns: leafFuncs(leafNames, leaves)}
}

func (a *jsonAdapter) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := a.write(&b, a.v, a.t.root); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (a *jsonAdapter) write(b *bytes.Buffer, v reflect.Value, t ast.Expr) error {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.IsValid() && v.CanInterface() {
		if p := plainValue(v.Interface()); p != nil {
			v = reflect.ValueOf(p)
		}
	}
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	if fn, ok := a.fns[a.t.text(t)]; ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			b.WriteString("null")
			return nil
		}
		if in := fn.Type().In(0); v.Type().ConvertibleTo(in) {
			out := fn.Call([]reflect.Value{v.Convert(in)})
			if err, _ := out[1].Interface().(error); err != nil {
				return fmt.Errorf("json: error calling MarshalJSON for type %s: %w", a.t.typeText(t), err)
			}
			b.Write(out[0].Bytes())
			return nil
		}
	}
	switch tt := t.(type) {
	case *ast.ParenExpr:
		return a.write(b, v, tt.X)
	case *ast.Ident:
		if u, ok := a.t.named[tt.Name]; ok && u != t {
			return a.write(b, v, u)
		}
	case *ast.StarExpr:
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				b.WriteString("null")
				return nil
			}
			return a.write(b, v.Elem(), tt.X)
		}
	case *ast.ArrayType:
		if v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
			if v.Kind() == reflect.Slice && v.IsNil() {
				b.WriteString("null")
				return nil
			}
			b.WriteByte('[')
			for i := 0; i < v.Len(); i++ {
				if i > 0 {
					b.WriteByte(',')
				}
				if err := a.write(b, v.Index(i), tt.Elt); err != nil {
					return err
				}
			}
			b.WriteByte(']')
			return nil
		}
	case *ast.MapType:
		if v.Kind() == reflect.Map {
			return a.writeMap(b, v, tt)
		}
	case *ast.StructType:
		if v.Kind() == reflect.Struct {
			b.WriteByte('{')
			first := true
			if err := a.writeFields(b, v, tt, &first, map[string]bool{}); err != nil {
				return err
			}
			b.WriteByte('}')
			return nil
		}
	}
	if !v.CanInterface() {
		return fmt.Errorf("json: cannot write a value of type %s", v.Type())
	}
	out, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	b.Write(out)
	return nil
}

func (a *jsonAdapter) writeMap(b *bytes.Buffer, v reflect.Value, t *ast.MapType) error {
	if v.IsNil() {
		b.WriteString("null")
		return nil
	}
	type kv struct {
		k string
		v reflect.Value
	}
	var kvs []kv
	for _, k := range v.MapKeys() {
		var s string
		switch k.Kind() {
		case reflect.String:
			s = k.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			s = strconv.FormatInt(k.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			s = strconv.FormatUint(k.Uint(), 10)
		default:
			return fmt.Errorf("json: unsupported map key type %s", a.t.typeText(t.Key))
		}
		kvs = append(kvs, kv{s, v.MapIndex(k)})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
	b.WriteByte('{')
	for i, p := range kvs {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(p.k)
		b.Write(key)
		b.WriteByte(':')
		if err := a.write(b, p.v, t.Value); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeFields writes the fields of struct value v of type t, the fields of
// untagged embedded structs in their place; seen holds the names written
// (an outer field hides a promoted one of the same name).
func (a *jsonAdapter) writeFields(b *bytes.Buffer, v reflect.Value, t *ast.StructType, first *bool, seen map[string]bool) error {
	i := 0
	for _, f := range t.Fields.List {
		tag := ""
		if f.Tag != nil {
			if s, err := strconv.Unquote(f.Tag.Value); err == nil {
				tag = reflect.StructTag(s).Get("json")
			}
		}
		name, opts, _ := strings.Cut(tag, ",")
		names := f.Names
		embedded := len(names) == 0
		if embedded {
			names = []*ast.Ident{ast.NewIdent(embeddedName(f.Type))}
		}
		for _, n := range names {
			if i >= v.NumField() {
				return nil
			}
			fv := v.Field(i)
			i++
			if tag == "-" {
				continue
			}
			if embedded && name == "" {
				et := f.Type
				if s, ok := et.(*ast.StarExpr); ok {
					et = s.X
					if fv.Kind() == reflect.Pointer {
						if fv.IsNil() {
							continue
						}
						fv = fv.Elem()
					}
				}
				u := et
				if id, ok := et.(*ast.Ident); ok {
					if nu, ok := a.t.named[id.Name]; ok {
						u = nu
					}
				}
				if st, ok := u.(*ast.StructType); ok && fv.Kind() == reflect.Struct {
					if err := a.writeFields(b, fv, st, first, seen); err != nil {
						return err
					}
					continue
				}
			}
			if r, _ := utf8.DecodeRuneInString(n.Name); !unicode.IsUpper(r) {
				continue // unexported
			}
			key := n.Name
			if name != "" {
				key = name
			}
			if seen[key] {
				continue
			}
			if strings.Contains(","+opts+",", ",omitempty,") && emptyJSONValue(fv) {
				continue
			}
			seen[key] = true
			if !*first {
				b.WriteByte(',')
			}
			*first = false
			k, _ := json.Marshal(key)
			b.Write(k)
			b.WriteByte(':')
			if err := a.write(b, fv, f.Type); err != nil {
				return err
			}
		}
	}
	return nil
}

// emptyJSONValue is encoding/json's test for omitempty.
func emptyJSONValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
