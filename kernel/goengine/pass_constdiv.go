package goengine

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"strings"
)

// constDivPass: Go divides two untyped integer constants as integers
// (3 / 2 is 1, also in `var f float64 = 3 / 2`), but yaegi converts them
// to the type the result goes to first, so a float variable gets 1.5. A
// constant expression of untyped integers that divides becomes its value:
//
//	var ratio float64 = 3 / 2   =>   var ratio float64 = (1)
//
// Its operands are integer literals and untyped constants whose values
// the engine can see (declared in the cell or by an earlier cell, from
// such operands); an expression that spans lines is left alone, so that
// every line keeps its number.
func constDivPass(e *Engine, c *passCtx) []edit {
	var edits []edit
	c.inspect(func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || !divides(b) {
			return true
		}
		v, ok := c.untypedInt(b, 0)
		if !ok {
			return true
		}
		a, z, in := c.span(b)
		if !in || strings.Contains(c.code[a:z], "\n") {
			return true
		}
		edits = append(edits, edit{a, z, "(" + v.ExactString() + ")"})
		return false
	})
	return edits
}

// divides reports whether x has an integer division in it.
func divides(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.QUO {
			found = true
		}
		return !found
	})
	return found
}

// untypedInt is the value of x when x is a constant expression of untyped
// integers that the engine can evaluate; depth bounds the constants it
// follows (a constant defined by another).
func (c *passCtx) untypedInt(x ast.Expr, depth int) (constant.Value, bool) {
	if depth > 8 {
		return nil, false
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind != token.INT {
			return nil, false
		}
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		return v, v.Kind() == constant.Int
	case *ast.ParenExpr:
		return c.untypedInt(x.X, depth)
	case *ast.UnaryExpr:
		if x.Op != token.ADD && x.Op != token.SUB && x.Op != token.XOR {
			return nil, false
		}
		v, ok := c.untypedInt(x.X, depth)
		if !ok {
			return nil, false
		}
		return constant.UnaryOp(x.Op, v, 0), true
	case *ast.BinaryExpr:
		l, ok := c.untypedInt(x.X, depth)
		if !ok {
			return nil, false
		}
		r, ok := c.untypedInt(x.Y, depth)
		if !ok {
			return nil, false
		}
		switch x.Op {
		case token.SHL, token.SHR:
			s, ok := constant.Uint64Val(r)
			if !ok || s > 1024 {
				return nil, false
			}
			return constant.Shift(l, x.Op, uint(s)), true
		case token.QUO, token.REM:
			if constant.Sign(r) == 0 {
				return nil, false // Go rejects it: the interpreter says so
			}
			op := x.Op
			if op == token.QUO {
				op = token.QUO_ASSIGN // integer division
			}
			return constant.BinaryOp(l, op, r), true
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT:
			return constant.BinaryOp(l, x.Op, r), true
		}
	case *ast.Ident:
		if d := c.lookup(x); d != nil {
			if d.kind != "const" || d.typ != nil || d.val == nil {
				return nil, false
			}
			return c.untypedInt(d.val, depth+1)
		}
		if n, ok := c.e.st.names[x.Name]; !ok || n.kind != "const" {
			return nil, false
		}
		if val := earlierConst(c.e, x.Name); val != nil {
			return c.untypedInt(val, depth+1)
		}
	}
	return nil, false
}

// earlierConst is the value expression of an untyped constant that an
// earlier cell declared, nil when it has a type or no expression of its
// own (iota's repetitions).
func earlierConst(e *Engine, name string) ast.Expr {
	d, ok := e.st.defs[name]
	if !ok || d.kind != "const" {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.text, 0)
	if err != nil {
		return nil
	}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name == name && vs.Type == nil && i < len(vs.Values) && !usesIota(vs.Values[i]) {
					return vs.Values[i]
				}
			}
		}
	}
	return nil
}

func usesIota(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			found = true
		}
		return !found
	})
	return found
}
