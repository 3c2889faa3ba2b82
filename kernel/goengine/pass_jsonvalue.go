package goengine

import (
	"go/ast"
	"go/token"
	"strings"
)

// jsonValuePass: a json.Marshal or json.MarshalIndent whose argument's
// static type holds an interface (any, error, a cell's interface), or is
// not known, calls the engine's instead (jsonheld.go), which hands
// encoding/json the cell values that yaegi keeps in interfaces as its
// holders (written {}):
//
//	json.Marshal([]any{Box{5}})   =>   _yakhook.JSONHeld([]any{Box{5}})
//
// Otherwise the argument of json.Marshal or json.MarshalIndent whose
// static type holds a cell type with a MarshalJSON method below the top
// (a field, an element, a map value) goes to encoding/json through the
// engine's adapter (jsonadapt.go), with its type and one function per such
// cell type that calls the method: yaegi hands compiled code a cell
// value's underlying value, so encoding/json would not see the method of
// a nested value (a Temp field would be written as its number).
//
//	json.Marshal(r)   =>   json.Marshal(_yakhook.JSON(r, "R", "R\x1fstruct{ T Temp }\x1fTemp\x1ffloat64", "Temp", func(v Temp) ([]byte, error) { return v.MarshalJSON() }))
func jsonValuePass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Marshal" && sel.Sel.Name != "MarshalIndent" && sel.Sel.Name != "Unmarshal" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Name != "json" || c.lookup(pkg) != nil || e.st.names["json"] != nil && e.st.names["json"].kind != "import" {
			return true
		}
		if p, ok := e.st.imports["json"]; ok && p != "encoding/json" {
			return true
		}
		if sel.Sel.Name == "Unmarshal" {
			edits = append(edits, c.unmarshalEdits(e, call)...)
			return true
		}
		if es := c.jsonValueEdits(e, call.Args[0]); len(es) > 0 {
			edits = append(edits, es...)
			return true
		}
		if t := c.fmtTypeOf(e, call.Args[0], 0); t == nil || c.holdsInterface(e, t) {
			// a cell value inside an interface: the engine's Marshal
			// (jsonheld.go)
			if a, z, in := c.span(call.Fun); in {
				edits = append(edits, edit{a, z, "_yakhook.JSONHeld" + strings.TrimPrefix(sel.Sel.Name, "Marshal")})
			}
		}
		return true
	})
	return edits
}

// unmarshalEdits: yaegi hands json.Unmarshal(data, &x), x of a cell type
// with an UnmarshalJSON method, a wrapper holding a copy of x, and
// encoding/json refuses it ("json: Unmarshal(non-pointer ...)"). As for any
// Unmarshaler at the top, encoding/json checks the whole input and calls
// the method with the value's text (json.RawMessage holds exactly that);
// the method is then called in the interpreter:
//
//	json.Unmarshal(b, &t)   =>   func(_yakD []byte, _yakP interface{ UnmarshalJSON([]byte) error }) error { var _yakR json.RawMessage; ...; return _yakP.UnmarshalJSON(_yakR) }(b, &t)
//
// Only for &x: a pointer variable may be nil, which encoding/json reports
// as an error where the method would panic.
func (c *passCtx) unmarshalEdits(e *Engine, call *ast.CallExpr) []edit {
	if len(call.Args) != 2 {
		return nil
	}
	if u, ok := call.Args[1].(*ast.UnaryExpr); !ok || u.Op != token.AND {
		return nil
	}
	p, ok := c.fmtTypeOf(e, call.Args[1], 0).(*ast.StarExpr)
	if !ok {
		return nil
	}
	id, ok := p.X.(*ast.Ident)
	if !ok || c.cellTypeExpr(e, id.Name) == nil {
		return nil
	}
	if c.cellMethod(e, id.Name, "UnmarshalJSON") == nil {
		return c.fieldUnmarshalEdits(e, call, id.Name)
	}
	a, z, in := c.span(call.Fun)
	if !in {
		return nil
	}
	pkg := call.Fun.(*ast.SelectorExpr).X.(*ast.Ident).Name
	return []edit{{a, z, "func(_yakD []byte, _yakP interface{ UnmarshalJSON([]byte) error }) error { var _yakR " + pkg + ".RawMessage; " +
		"if err := " + pkg + ".Unmarshal(_yakD, &_yakR); err != nil { return err }; return _yakP.UnmarshalJSON(_yakR) }"}}
}

// jsonValueEdits are the edits that hand arg to encoding/json through the
// adapter, nil when its type holds no cell type with MarshalJSON below
// the top, or a type the adapter does not write (interfaces, generics).
func (c *passCtx) jsonValueEdits(e *Engine, arg ast.Expr) []edit {
	t := c.fmtTypeOf(e, arg, 0)
	if t == nil {
		return nil
	}
	named := map[string]ast.Expr{}
	var order []string
	leaves := map[string]string{}
	var leafOrder []string
	ok, needs := true, false
	addLeaf := func(key, typ string) {
		if _, seen := leaves[key]; !seen {
			leaves[key] = ", func(v " + typ + ") ([]byte, error) { return v.MarshalJSON() }"
			leafOrder = append(leafOrder, key)
		}
	}
	var walk func(x ast.Expr, ptr, top bool)
	walk = func(x ast.Expr, ptr, top bool) {
		switch x := x.(type) {
		case *ast.Ident:
			u := c.cellTypeExpr(e, x.Name)
			if u == nil {
				if x.Name == "any" || x.Name == "error" {
					ok = false
				}
				return
			}
			if c.isInterfaceType(e, x) {
				ok = false
				return
			}
			if fd := c.cellMethod(e, x.Name, "MarshalJSON"); fd != nil {
				_, ptrRecv := fd.Recv.List[0].Type.(*ast.StarExpr)
				typ := e.internalName(x.Name)
				if !ptrRecv {
					addLeaf(x.Name, typ)
					addLeaf("*"+x.Name, "*"+typ)
				} else if ptr {
					addLeaf("*"+x.Name, "*"+typ)
				}
				if !top && (!ptrRecv || ptr) {
					needs = true
				}
			}
			if _, seen := named[x.Name]; seen {
				return
			}
			named[x.Name] = u
			order = append(order, x.Name)
			walk(u, false, false)
		case *ast.StarExpr:
			walk(x.X, true, top)
		case *ast.ParenExpr:
			walk(x.X, ptr, top)
		case *ast.ArrayType:
			walk(x.Elt, false, false)
		case *ast.MapType:
			walk(x.Value, false, false)
		case *ast.StructType:
			for _, f := range x.Fields.List {
				walk(f.Type, false, false)
			}
		case *ast.SelectorExpr, *ast.FuncType, *ast.ChanType:
		default:
			ok = false
		}
	}
	walk(t, false, true)
	if !ok || !needs {
		return nil
	}
	a, b, in := c.span(arg)
	if !in {
		return nil
	}
	return []edit{{a, a, "_yakhook.JSON("}, {b, b, ", " + adapterArgs(t, order, named, leafOrder, leaves)}}
}

// holdsInterface reports whether the type t is, or holds in an element, a
// map value or a struct field, an interface type (any, error, a cell's
// interface), where yaegi keeps a cell value as its holder.
func (c *passCtx) holdsInterface(e *Engine, t ast.Expr) bool {
	seen := map[string]bool{}
	var walk func(x ast.Expr) bool
	walk = func(x ast.Expr) bool {
		switch x := x.(type) {
		case *ast.Ident:
			u := c.cellTypeExpr(e, x.Name)
			if u == nil {
				return x.Name == "any" || x.Name == "error"
			}
			if seen[x.Name] {
				return false
			}
			seen[x.Name] = true
			return walk(u)
		case *ast.InterfaceType:
			return true
		case *ast.StarExpr:
			return walk(x.X)
		case *ast.ParenExpr:
			return walk(x.X)
		case *ast.ArrayType:
			return walk(x.Elt)
		case *ast.MapType:
			return walk(x.Value)
		case *ast.StructType:
			for _, f := range x.Fields.List {
				if walk(f.Type) {
					return true
				}
			}
		}
		return false
	}
	return walk(t)
}
