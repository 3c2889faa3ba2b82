package goengine

import (
	"fmt"
	"go/ast"
	"strings"
)

// methodExprPass: a method expression of a cell type, (*T).M or T.M, is a
// function whose first parameter is the receiver; yaegi's panics when it
// is called ("reflect: Call with too many input arguments"). It becomes a
// function literal that calls the method, with the parameters and
// results of the method's declaration:
//
//	(*Counter).Add   =>   func(_yakR *Counter, n int) int { return _yakR.Add(n) }
func methodExprPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		recv, typ := methodExprRecv(sel.X)
		if typ == "" {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok {
			// T.M where T is a value (x.M) is a method value, not this.
			if d := c.lookup(id); d != nil && d.kind != "type" {
				return true
			}
			if d, ok := e.st.names[id.Name]; ok && d.kind != "type" {
				return true
			}
		}
		fd := c.methodDecl(typ, sel.Sel.Name)
		if fd == nil {
			return true
		}
		a, b, in := c.span(sel)
		if !in {
			return true
		}
		recvText := c.text(sel.X)
		if strings.HasPrefix(recv, "*") {
			recvText = "*" + c.text(sel.X.(*ast.ParenExpr).X.(*ast.StarExpr).X)
		}
		var params, args []string
		params = append(params, "_yakR "+recvText)
		k := 0
		for _, f := range fd.Type.Params.List {
			t := exprString(f.Type)
			for range max(1, len(f.Names)) {
				name := fmt.Sprintf("_yakA%d", k)
				k++
				if el, ok := f.Type.(*ast.Ellipsis); ok {
					params = append(params, name+" ..."+exprString(el.Elt))
					args = append(args, name+"...")
					continue
				}
				params = append(params, name+" "+t)
				args = append(args, name)
			}
		}
		results := ""
		if fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
			var rs []string
			for _, t := range fieldTypes(fd.Type.Results) {
				rs = append(rs, exprString(t))
			}
			results = " (" + strings.Join(rs, ", ") + ")"
		}
		call := fmt.Sprintf("_yakR.%s(%s)", sel.Sel.Name, strings.Join(args, ", "))
		if results != "" {
			call = "return " + call
		}
		edits = append(edits, edit{a, b, fmt.Sprintf("func(%s)%s { %s }", strings.Join(params, ", "), results, call)})
		return false
	})
	return edits
}

// methodExprRecv recognizes the receiver of a method expression: (*T) or
// T, returning "*T" or "T" and the type's name.
func methodExprRecv(x ast.Expr) (string, string) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		if st, ok := x.X.(*ast.StarExpr); ok {
			if id, ok := st.X.(*ast.Ident); ok {
				return "*" + id.Name, id.Name
			}
		}
	case *ast.Ident:
		return x.Name, x.Name
	}
	return "", ""
}

// methodDecl finds the declaration of method m of the cell type t.
func (c *passCtx) methodDecl(t, m string) *ast.FuncDecl {
	for _, r := range c.roots() {
		var found *ast.FuncDecl
		ast.Inspect(r, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 && fd.Name.Name == m && recvName(fd.Recv.List[0].Type) == t {
				found = fd
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	if d, ok := c.e.st.defs[t+"."+m]; ok {
		return parseFuncDecl(d.text)
	}
	return nil
}
