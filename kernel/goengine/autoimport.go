package goengine

import (
	"fmt"
	"go/ast"
	"sort"
	"strconv"
	"strings"
)

// Auto-import: a cell that uses pkg.Name where pkg is neither declared nor
// imported gets the import, as goimports would add it, when exactly one
// package of the symbol tables (the standard library and yak's packages)
// or of the generic standard packages has that name and a member Name; the
// cell prints a one-line note. The import runs as its own segment before
// the cell, so the cell's lines do not move.

// sourcePackages are the packages that the interpreter has as source (no
// symbol table), with members that cells use.
var sourcePackages = map[string]string{"slices": "slices", "maps": "maps", "cmp": "cmp", "iter": "iter"}

// stdPackage finds the import path of the package named name that has
// member, "" when none or several do.
func (e *Engine) stdPackage(name, member string) string {
	if p, ok := sourcePackages[name]; ok {
		return p
	}
	var found []string
	for key, m := range e.syms {
		i := strings.LastIndexByte(key, '/')
		if i < 0 || pathName(key[:i]) != name {
			continue
		}
		if _, ok := m[member]; ok {
			found = append(found, key[:i])
		}
	}
	if len(found) == 0 {
		return ""
	}
	// math/rand and crypto/rand both have Int: prefer the shorter path, as
	// goimports does; a v2 loses to its v1.
	sort.Slice(found, func(i, j int) bool {
		if len(found[i]) != len(found[j]) {
			return len(found[i]) < len(found[j])
		}
		return found[i] < found[j]
	})
	if strings.HasSuffix(found[0], "/internal") {
		return ""
	}
	return found[0]
}

// autoImports lists the imports that the cell needs and lacks.
func (e *Engine) autoImports(segs []segment) []string {
	declared := map[string]bool{}
	for i := range segs {
		s := &segs[i]
		switch s.kind {
		case segImport:
			for _, d := range s.file.Decls {
				for _, sp := range d.(*ast.GenDecl).Specs {
					declared[importName(sp.(*ast.ImportSpec))] = true
				}
			}
		case segStmt:
			for _, n := range defined(s) {
				declared[n] = true
			}
		case segDecl:
			for _, d := range s.file.Decls {
				for _, k := range declNames(d) {
					declared[k] = true
				}
			}
		}
	}
	need := map[string]string{}
	for i := range segs {
		s := &segs[i]
		if s.kind != segStmt && s.kind != segDecl {
			continue
		}
		c := &passCtx{s: s, e: e}
		c.inspect(func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok || declared[pkg.Name] || need[pkg.Name] != "" || isBuiltin(pkg.Name) {
				return true
			}
			if _, ok := e.st.names[pkg.Name]; ok {
				return true
			}
			if _, ok := e.st.imports[pkg.Name]; ok {
				return true
			}
			if c.lookup(pkg) != nil {
				return true
			}
			if p := e.stdPackage(pkg.Name, sel.Sel.Name); p != "" {
				need[pkg.Name] = p
			}
			return true
		})
	}
	var out []string
	for _, p := range need {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// importFor runs the auto-imports and notes them in the cell's output.
func (e *Engine) importFor(paths []string) error {
	var quoted []string
	for _, p := range paths {
		quoted = append(quoted, strconv.Quote(p))
	}
	src := "import (" + strings.Join(quoted, "; ") + ")"
	if err := e.evalRecover(src); err != nil {
		return err
	}
	for _, p := range paths {
		name := pathName(p)
		e.st.add(name, "import")
		e.st.imports[name] = p
	}
	note := "import " + strings.Join(quoted, ", ")
	fmt.Fprintf(errWriter{e}, "yak: added %s (used without an import)\n", note)
	return nil
}

// declNames lists the names a top-level declaration declares.
func declNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				out = append(out, sp.Name.Name)
			case *ast.ValueSpec:
				for _, id := range sp.Names {
					out = append(out, id.Name)
				}
			}
		}
	}
	return out
}
