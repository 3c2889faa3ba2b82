package goengine

import "go/ast"

// renamePass gives redefined types (and main) their internal names: yaegi
// cannot declare a type twice, and would run a declared main after every
// later cell. See redefine.go.
func renamePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	for _, r := range c.roots() {
		edits = append(edits, e.renameEdits(c.s, r, c.start, c.end)...)
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
