package goengine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"reflect"
	"strconv"
	"strings"
)

// fieldUnmarshalEdits: json.Unmarshal(b, &x), x of a cell struct type
// whose fields' own types (cell types) have an UnmarshalJSON method, as
// in
//
//	type Order struct { DateOrdered RFC822ZTime `json:"date_ordered"`; ... }
//	func (rt *RFC822ZTime) UnmarshalJSON(b []byte) error
//
// yaegi hands encoding/json x's struct without the fields' methods, which
// then fails ("cannot unmarshal string into Go struct field ..."). The
// object is split into its members (json.RawMessage), each matched to a
// field as encoding/json matches them (the tag's name or the field's,
// exactly or else without regard to ASCII case), and a field of such a
// type gets its method called in the interpreter; the others go to
// json.Unmarshal. Only for &x of a struct whose fields are all named
// (an embedded field's members would be promoted), without ",string"
// options, and whose methodful fields are values, not pointers.
func (c *passCtx) fieldUnmarshalEdits(e *Engine, call *ast.CallExpr, typ string) []edit {
	st, ok := c.cellTypeExpr(e, typ).(*ast.StructType)
	if !ok {
		return nil
	}
	pkg := call.Fun.(*ast.SelectorExpr).X.(*ast.Ident).Name
	var exact, folded []string // an exact match goes first, as in encoding/json
	methods := false
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			return nil
		}
		name, omit := "", false
		if f.Tag != nil {
			tag, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				return nil
			}
			j, has := reflect.StructTag(tag).Lookup("json")
			if has && j == "-" {
				omit = true
			}
			n, opts, _ := strings.Cut(j, ",")
			if strings.Contains(","+opts+",", ",string,") {
				return nil
			}
			name = n
		}
		leaf := false
		if id, ok := f.Type.(*ast.Ident); ok && c.cellTypeExpr(e, id.Name) != nil && c.cellMethod(e, id.Name, "UnmarshalJSON") != nil {
			leaf = true
		} else if p, ok := f.Type.(*ast.StarExpr); ok {
			if id, ok := p.X.(*ast.Ident); ok && c.cellMethod(e, id.Name, "UnmarshalJSON") != nil {
				return nil
			}
		}
		for _, id := range f.Names {
			if omit || !ast.IsExported(id.Name) {
				continue
			}
			key := name
			if key == "" {
				key = id.Name
			}
			do := pkg + ".Unmarshal(_yakV, &_yakP." + id.Name + ")"
			if leaf {
				do = "_yakP." + id.Name + ".UnmarshalJSON(_yakV)"
				methods = true
			}
			exact = append(exact, "case _yakK == "+strconv.Quote(key)+": _yakErr = "+do)
			folded = append(folded, "case _yakFold(_yakK, "+strconv.Quote(key)+"): _yakErr = "+do)
		}
	}
	if !methods {
		return nil
	}
	a, z, in := c.span(call.Fun)
	if !in {
		return nil
	}
	return []edit{{a, z, "func(_yakD []byte, _yakP *" + e.internalName(typ) + ") error { " +
		"_yakFold := func(a, b string) bool { if len(a) != len(b) { return false }; for i := 0; i < len(a); i++ { x, y := a[i], b[i]; if 'A' <= x && x <= 'Z' { x += 'a' - 'A' }; if 'A' <= y && y <= 'Z' { y += 'a' - 'A' }; if x != y { return false } }; return true }; " +
		"_yakKs, _yakVs, _yakErr := _yakhook.JSONMembers(_yakD, " + strconv.Quote("main."+typ) + "); if _yakErr != nil { return _yakErr }; " +
		"for _yakI, _yakK := range _yakKs { _yakV := _yakVs[_yakI]; switch { " + strings.Join(append(exact, folded...), "; ") + " }; if _yakErr != nil { return _yakErr } }; return nil }"}}
}

// jsonMembers is the hook behind _yakhook.JSONMembers: the members of the
// JSON object data, in their order, after checking all of data as
// json.Unmarshal does; none for null; for another value, the error
// json.Unmarshal gives for a struct of type typ.
func jsonMembers(data []byte, typ string) ([]string, []json.RawMessage, error) {
	var check any
	if err := json.Unmarshal(data, &check); err != nil {
		return nil, nil, err
	}
	kind := "bool"
	switch check.(type) {
	case nil:
		return nil, nil, nil
	case map[string]any:
		kind = ""
	case []any:
		kind = "array"
	case string:
		kind = "string"
	case float64:
		kind = "number"
	}
	if kind != "" {
		return nil, nil, fmt.Errorf("json: cannot unmarshal %s into Go value of type %s", kind, typ)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return nil, nil, err
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, k.(string))
		vals = append(vals, v)
	}
	return keys, vals, nil
}
