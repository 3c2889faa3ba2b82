package goengine

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// renamePass gives redefined types (and main) their internal names: yaegi
// cannot declare a type twice, and would run a declared main after every
// later cell. See redefine.go.
func renamePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	for _, r := range c.roots() {
		edits = append(edits, e.renameEdits(c.s, r, c.start, c.end)...)
	}
	return append(edits, c.embeddedFieldRenames(e)...)
}

// embeddedFieldRenames: an embedded field takes its type's name, so a
// struct that embeds a renamed type T (T_ʸ1) has a field T_ʸ1 in yaegi:
// the key of a composite literal (rover{gps: g}) and a selector (r.gps)
// that name the field T are renamed too, where no cell struct has a field
// of its own named T.
func (c *passCtx) embeddedFieldRenames(e *Engine) []edit {
	if len(e.st.renames) < 2 { // main's is always there
		return nil
	}
	var keys []*ast.Ident
	c.inspect(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && e.st.renames[id.Name] != "" {
						keys = append(keys, id)
					}
				}
			}
		case *ast.SelectorExpr:
			if e.st.renames[n.Sel.Name] != "" {
				if x, ok := n.X.(*ast.Ident); !ok || e.st.imports[x.Name] == "" || c.lookup(x) != nil {
					keys = append(keys, n.Sel)
				}
			}
		}
		return true
	})
	if len(keys) == 0 {
		return nil
	}
	embedded, named := map[string]bool{}, map[string]bool{}
	note := func(st *ast.StructType) {
		for _, f := range st.Fields.List {
			for _, id := range f.Names {
				named[id.Name] = true
			}
			if len(f.Names) == 0 {
				t := f.Type
				if p, ok := t.(*ast.StarExpr); ok {
					t = p.X
				}
				if id, ok := t.(*ast.Ident); ok {
					embedded[id.Name] = true
				}
			}
		}
	}
	for _, d := range e.st.defs {
		if d.kind != "type" {
			continue
		}
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0); err == nil {
			ast.Inspect(f, func(n ast.Node) bool {
				if st, ok := n.(*ast.StructType); ok {
					note(st)
				}
				return true
			})
		}
	}
	c.inspect(func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok {
			note(st)
		}
		return true
	})
	var edits []edit
	for _, id := range keys {
		if !embedded[id.Name] || named[id.Name] {
			continue
		}
		if a, b, in := c.span(id); in {
			edits = append(edits, edit{a, b, e.st.renames[id.Name]})
		}
	}
	return edits
}

// renameEdits renames the identifiers of a segment part to the engine's
// internal type names.
func (e *Engine) renameEdits(s *segment, root ast.Node, start, end int) []edit {
	if len(e.st.renames) == 0 {
		return nil
	}
	var edits []edit
	names(root, func(id *ast.Ident) {
		to, ok := e.st.renames[id.Name]
		if !ok {
			return
		}
		at := s.offset(id.Pos())
		if at >= start && at+len(id.Name) <= end {
			edits = append(edits, edit{at, at + len(id.Name), to})
		}
	})
	return edits
}
