package goengine

import (
	"fmt"
	"go/ast"
	"strings"
)

// deferPass: Go evaluates the arguments of a deferred call when the defer
// statement runs; yaegi reads the variables they name when the call runs,
// at the function's end (`x := 1; defer fmt.Println(x); x = 2` prints 2,
// and a loop's defers all see its last value). The arguments go into
// temporaries first (constants stay, so they keep taking the parameter's
// type):
//
//	defer fmt.Println("x", x)   =>   _yakD1 := x; defer fmt.Println("x", _yakD1)
func deferPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		a, b, in := c.span(d)
		if !in {
			return true
		}
		var tmps, vals, args []string
		for _, x := range d.Call.Args {
			if e.constLike(x) {
				args = append(args, c.text(x))
				continue
			}
			e.st.tmp++
			t := fmt.Sprintf("_yakD%d", e.st.tmp)
			tmps = append(tmps, t)
			vals = append(vals, c.text(x))
			args = append(args, t)
		}
		if len(tmps) == 0 {
			return true
		}
		ellipsis := ""
		if d.Call.Ellipsis.IsValid() {
			ellipsis = "..."
		}
		edits = append(edits, edit{a, b, fmt.Sprintf("%s := %s; defer %s(%s%s)",
			strings.Join(tmps, ", "), strings.Join(vals, ", "), c.text(d.Call.Fun), strings.Join(args, ", "), ellipsis)})
		return true
	})
	return edits
}
