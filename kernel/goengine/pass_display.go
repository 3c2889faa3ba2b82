package goengine

import (
	"go/ast"
)

// displayFuncs are display's functions that the engine replaces in cells
// (see the prelude).
var displayFuncs = map[string]string{"Display": "_yakDisplay", "DisplayID": "_yakDisplayID", "Update": "_yakUpdate", "Render": "_yakRender"}

// displayEdits rewrites display.Display(v) and its kin in a cell to the
// prelude's versions, which see the display methods of cell-declared types.
func displayPass(e *Engine, c *passCtx) []edit {
	s := c.s
	var pkg string
	for name, path := range e.st.imports {
		if path == "github.com/yaknb/yak/display" {
			pkg = name
		}
	}
	if pkg == "" {
		return nil
	}
	if s.kind == segPackage {
		return nil
	}
	var edits []edit
	visit := func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		x, ok := sel.X.(*ast.Ident)
		to, replace := displayFuncs[sel.Sel.Name]
		if !ok || x.Name != pkg || !replace {
			return true
		}
		if a, b, in := c.span(sel); in {
			edits = append(edits, edit{a, b, to})
		}
		return false
	}
	c.inspect(visit)
	return edits
}
