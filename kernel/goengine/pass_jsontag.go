package goengine

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// jsonTagPass: an unexported field of a struct type written in a cell gets
// the tags json:"-" and xml:"-". yaegi builds cell struct types with
// reflect, which cannot make an unexported field, so it exports the field
// under the name X<name>; encoding/json and encoding/xml would then write
// it ("Xprivate":0) where Go leaves it out. A tag the field already has
// keeps its keys; a json or xml key of its own wins.
func jsonTagPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok || st.Fields == nil {
			return true
		}
		for _, f := range st.Fields.List {
			if !allUnexported(f.Names) {
				continue
			}
			if f.Tag == nil {
				if _, b, in := c.span(f.Type); in {
					edits = append(edits, edit{b, b, " `json:\"-\" xml:\"-\"`"})
				}
				continue
			}
			if f.Tag.Kind != token.STRING || strings.Contains(f.Tag.Value, "\n") {
				continue
			}
			tag, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				continue
			}
			st := reflect.StructTag(tag)
			var add []string
			if _, ok := st.Lookup("json"); !ok {
				add = append(add, `json:"-"`)
			}
			if _, ok := st.Lookup("xml"); !ok {
				add = append(add, `xml:"-"`)
			}
			if len(add) == 0 {
				continue
			}
			a, b, in := c.span(f.Tag)
			if !in {
				continue
			}
			merged := strings.TrimSpace(strings.Join(append([]string{tag}, add...), " "))
			lit := strconv.Quote(merged)
			if !strings.Contains(merged, "`") {
				lit = "`" + merged + "`"
			}
			edits = append(edits, edit{a, b, lit})
		}
		return true
	})
	return edits
}

// allUnexported reports whether a field list entry names only unexported
// fields (an embedded field, which has no names, is left alone: encoding/json
// reads the exported fields of an embedded struct).
func allUnexported(names []*ast.Ident) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if n.IsExported() || n.Name == "_" {
			return false
		}
	}
	return true
}
