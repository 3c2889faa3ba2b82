package goengine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/yaknb/yak/kernel/goengine/gobuild"
)

// The source of a compiled program (compiled.go): every declaration the
// cells made, as the user wrote it (not as the interpreter's passes
// rewrote it), the latest of each name, pending ones included. Each
// declaration is preceded by a //line directive, so that the compiler's
// messages and the runtime's tracebacks name the cell and line the user
// wrote: "cell:L:C" in the cell that runs, "cell[N]:L:C" in the Nth cell
// that the kernel ran.

// progDecl is one top-level declaration kept for compiled programs.
type progDecl struct {
	keys []string // what it declares: "f", "T", "T.M", "init@<text>" (Go allows many inits)
	kind string   // "func", "method", "type", "var", "const"
	head string   // "type (" or "var (" when text is one spec of a group, else ""
	text string
	cell int // the engine's count of the cell that declared it
	line int // position of text in that cell
	col  int
	refs map[string]bool
	seq  int
	// aliasOf names the type that a type alias stands for ("T" in
	// type A = T), "" otherwise.
	aliasOf string
}

// progDecls lists the declarations of a declaration segment.
func progDecls(code string, s *segment, cell int) []*progDecl {
	var out []*progDecl
	add := func(kind, head string, from, to token.Pos, node ast.Node, keys ...string) {
		start, end := s.offset(from), s.offset(to)
		if start < 0 || end > len(code) || start > end {
			return
		}
		text := code[start:end]
		line := 1 + strings.Count(code[:start], "\n")
		col := start - strings.LastIndex(code[:start], "\n")
		for i, k := range keys {
			if k == "_" || k == "init" {
				keys[i] = k + "@" + text
			}
		}
		out = append(out, &progDecl{keys: keys, kind: kind, head: head, text: text, cell: cell,
			line: line, col: col, refs: progRefs(node)})
	}
	for _, d := range s.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				add("method", "", d.Pos(), d.End(), d, recvName(d.Recv.List[0].Type)+"."+d.Name.Name)
			} else if d.Recv == nil {
				add("func", "", d.Pos(), d.End(), d, d.Name.Name)
			}
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					add("type", "type (", sp.Pos(), sp.End(), sp, ts.Name.Name)
					if ts.Assign.IsValid() {
						out[len(out)-1].aliasOf = recvName(ts.Type)
					}
				}
			case token.CONST:
				// A group stays whole: its specs may repeat the one above
				// (iota).
				var keys []string
				for _, sp := range d.Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						keys = append(keys, id.Name)
					}
				}
				add("const", "", d.Pos(), d.End(), d, keys...)
			case token.VAR:
				for _, sp := range d.Specs {
					var keys []string
					for _, id := range sp.(*ast.ValueSpec).Names {
						keys = append(keys, id.Name)
					}
					if allBlank(keys) {
						keys = []string{"_"}
					}
					add("var", "var (", sp.Pos(), sp.End(), sp, keys...)
				}
			}
		}
	}
	return out
}

// progRefs is refs with the identifier keys of composite literals: in
// [...]int{r0: 1} or http.Header{acceptEncoding: nil} the key is a
// constant or variable the program needs. Without type information a key
// of a struct literal (T{Name: 1}) looks the same; when a top-level
// declaration happens to share the field's name it is put in the program
// too, which is harmless: Go accepts an unused package-level declaration.
func progRefs(n ast.Node) map[string]bool {
	r := refs(n)
	ast.Inspect(n, func(n ast.Node) bool {
		if cl, ok := n.(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						r[id.Name] = true
					}
				}
			}
		}
		return true
	})
	return r
}

func allBlank(names []string) bool {
	for _, n := range names {
		if n != "_" {
			return false
		}
	}
	return true
}

// keepProg records declarations that the cell made: each replaces the
// earlier ones that declared one of its names.
func (st *state) keepProg(ds []*progDecl) {
	if st.prog == nil {
		st.prog = map[string]*progDecl{}
	}
	for _, d := range ds {
		for _, k := range d.keys {
			if old := st.prog[k]; old != nil {
				for _, ok := range old.keys {
					if st.prog[ok] == old {
						delete(st.prog, ok)
					}
				}
			}
		}
		st.progSeq++
		d.seq = st.progSeq
		for _, k := range d.keys {
			st.prog[k] = d
		}
	}
}

// reachable returns the declarations a program whose entry is main runs:
// main, the init functions, the package variables (their initializers run
// in a Go program) and everything they use; a type brings its methods
// (an interface may call them), and so do its aliases: a method declared
// on type A = T is a method of T. Declarations nothing uses are left out, so
// that an unrelated cell (one that uses yak's packages, say) does not keep
// the program from compiling.
func (st *state) reachable(extra ...*progDecl) []*progDecl {
	in := map[*progDecl]bool{}
	var queue []*progDecl
	reach := func(d *progDecl) {
		if d != nil && !in[d] {
			in[d] = true
			queue = append(queue, d)
		}
	}
	for _, d := range extra {
		reach(d)
	}
	for k, d := range st.prog {
		if k == "main" || d.kind == "var" || strings.HasPrefix(k, "init@") || strings.HasPrefix(k, "_@") {
			reach(d)
		}
	}
	methods := map[string][]*progDecl{}
	for k, d := range st.prog {
		if t, _, ok := strings.Cut(k, "."); ok && d.kind == "method" {
			methods[t] = append(methods[t], d)
		}
	}
	aliases := map[string][]string{} // T -> the names of type A = T
	for k, d := range st.prog {
		if d.kind == "type" && d.aliasOf != "" {
			aliases[d.aliasOf] = append(aliases[d.aliasOf], k)
		}
	}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		names := slices.Clone(d.keys)
		for i := 0; i < len(names); i++ {
			// The aliases of aliases too; a cycle is a compile error, not
			// a loop here.
			for _, a := range aliases[names[i]] {
				if !slices.Contains(names, a) {
					names = append(names, a)
				}
			}
		}
		for _, k := range names {
			for _, m := range methods[k] {
				reach(m)
			}
		}
		if d.kind == "method" {
			t, _, _ := strings.Cut(d.keys[0], ".")
			reach(st.prog[t])
		}
		for n := range d.refs {
			reach(st.prog[n])
		}
	}
	out := make([]*progDecl, 0, len(in))
	for d := range in {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

// cellLabel names a cell in the program's positions: "cell" for the one
// that runs (as the interpreter's messages do), "cell[N]" for the Nth
// that the kernel ran.
func cellLabel(cell, current int) string {
	if cell == current {
		return "cell"
	}
	return fmt.Sprintf("cell[%d]", cell)
}

// programSource assembles the program of the notebook's declarations. It
// returns why the program cannot be compiled (the interpreter runs it
// then) as reason, and the names it uses that no cell declares as lacks.
func (e *Engine) programSource(tc *gobuild.Toolchain, extra ...*progDecl) (src, reason string, lacks []string) {
	decls := e.st.reachable(extra...)
	var body strings.Builder
	for _, d := range decls {
		body.WriteString("\n")
		if d.head != "" {
			body.WriteString(d.head + "\n")
		}
		fmt.Fprintf(&body, "//line %s:%d:%d\n%s\n", cellLabel(d.cell, e.cellNo), d.line, d.col, d.text)
		if d.head != "" {
			body.WriteString(")\n")
		}
	}
	if e.st.prog["main"] == nil {
		// Checking declarations before a cell declared main.
		body.WriteString("\nfunc main() {}\n")
	}
	return e.withImports(tc, "package main\n", body.String(), false)
}

// saveProg and restoreProg undo keepProg.
func (st *state) saveProg() (map[string]*progDecl, int) {
	m := make(map[string]*progDecl, len(st.prog))
	for k, d := range st.prog {
		m[k] = d
	}
	return m, st.progSeq
}

func (st *state) restoreProg(m map[string]*progDecl, seq int) { st.prog, st.progSeq = m, seq }

// withImports checks a program and adds the imports its package names
// need (the imports that cells made). file is true when body is a whole
// file with its own imports. lacks are the names that body uses and
// nothing declares or imports (then reason says so, and src is the
// program that lacks them).
func (e *Engine) withImports(tc *gobuild.Toolchain, header, body string, file bool) (src, reason string, lacks []string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "program.go", header+body, 0)
	if err != nil {
		return "", "it does not parse as one file: " + err.Error(), nil
	}
	imports := map[string]string{} // name -> path
	if file {
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			imports[importName(im)] = p
		}
	}
	var used []string
	for _, id := range f.Unresolved {
		if _, ok := imports[id.Name]; ok || types.Universe.Lookup(id.Name) != nil {
			continue
		}
		p, ok := e.st.imports[id.Name]
		if !ok || file {
			if !slices.Contains(lacks, id.Name) {
				lacks = append(lacks, id.Name)
			}
			continue
		}
		imports[id.Name] = p
		used = append(used, id.Name)
	}
	for _, p := range imports {
		if r := e.compiledImport(tc, p); r != "" {
			return "", r, nil
		}
	}
	if r := readsStdin(f, imports); r != "" {
		return "", "it reads standard input (" + r + "), which the interpreter asks the front end for", nil
	}
	if len(lacks) > 0 {
		// src too: keepForCompiled builds it to see whether the names
		// are all it lacks.
		reason = fmt.Sprintf("it uses %s, which no declaration of the cells makes", lacks[0])
	}
	if file {
		return header + body, reason, lacks
	}
	sort.Strings(used)
	var b strings.Builder
	b.WriteString(header)
	if len(used) > 0 {
		b.WriteString("\nimport (\n")
		for _, n := range used {
			fmt.Fprintf(&b, "\t%s %q\n", n, imports[n])
		}
		b.WriteString(")\n")
	}
	b.WriteString(body)
	return b.String(), reason, lacks
}

// readsStdin reports how the program reads os.Stdin, if it does.
func readsStdin(f *ast.File, imports map[string]string) string {
	found := ""
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || found != "" {
			return found == ""
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Obj != nil {
			return true
		}
		switch p := imports[x.Name]; {
		case p == "os" && sel.Sel.Name == "Stdin",
			p == "syscall" && sel.Sel.Name == "Stdin",
			p == "fmt" && (sel.Sel.Name == "Scan" || sel.Sel.Name == "Scanln" || sel.Sel.Name == "Scanf"):
			found = x.Name + "." + sel.Sel.Name
		}
		return true
	})
	return found
}
