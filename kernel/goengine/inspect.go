package goengine

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yaknb/yak/kernel"
)

// Inspect describes the symbol at cursor: the declaration and doc comment
// of a package member (from the Go sources, see docs below), the source of
// a function or type that a cell declared, or the type and value of a
// notebook variable.
func (e *Engine) Inspect(code string, cursor int, detail int) kernel.Inspection {
	cursor = max(0, min(cursor, len(code)))
	start, end, chain := wordAt(code, cursor)
	if start == end && cursor > 0 && cursor <= len(code) && code[cursor-1] == '(' {
		start, end, chain = wordAt(code, cursor-1)
	}
	name := code[start:end]
	if name == "" {
		return kernel.Inspection{}
	}
	if !e.mu.TryLock() {
		// A cell is running: only what needs no interpreter state.
		if text, ok := e.packageMember(newState(), chain, name); ok {
			return found(text)
		}
		return kernel.Inspection{}
	}
	defer e.mu.Unlock()
	if text, ok := e.packageMember(e.st, chain, name); ok {
		return found(text)
	}
	if chain == "" {
		if path, ok := e.packagePath(name); ok && (e.st.names[name] == nil || e.st.names[name].kind == "import") {
			return found(docs.synopsis(path))
		}
		if d, ok := e.st.names[name]; ok {
			return found(e.describe(d))
		}
		if isBuiltin(name) {
			return found(docs.member("builtin", name))
		}
		return kernel.Inspection{}
	}
	root := strings.SplitN(chain, ".", 2)[0]
	if d, ok := e.st.names[root]; ok && (d.kind == "var" || d.kind == "const") {
		// A method of a compiled type: its documentation.
		if recv, err := e.value(chain); err == nil {
			if text := methodDoc(recv.Type(), name); text != "" {
				return found(text)
			}
		}
		v, err := e.value(chain + "." + name)
		if err == nil {
			return found(fmt.Sprintf("%s.%s: %s = %s", chain, name, e.typeName(v.Type()), valueText(v)))
		}
	}
	return kernel.Inspection{}
}

func isBuiltin(name string) bool {
	for _, b := range builtins {
		if b == name {
			return true
		}
	}
	return false
}

// methodDoc documents method name of a compiled type (or of the type a
// pointer points to).
func methodDoc(t reflect.Type, name string) string {
	if t.Kind() == reflect.Ptr && t.Name() == "" {
		t = t.Elem()
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return ""
	}
	return docs.method(t.PkgPath(), t.Name(), name)
}

func found(text string) kernel.Inspection {
	if text == "" {
		return kernel.Inspection{}
	}
	return kernel.Inspection{Found: true, Data: map[string]any{"text/plain": text}}
}

// packageMember documents chain.name when chain is a package.
func (e *Engine) packageMember(st *state, chain, name string) (string, bool) {
	if chain == "" || strings.Contains(chain, ".") {
		return "", false
	}
	if d, ok := st.names[chain]; ok && d.kind != "import" {
		return "", false
	}
	path, ok := e.packagePathIn(st, chain)
	if !ok {
		return "", false
	}
	if text := docs.member(path, name); text != "" {
		return text, true
	}
	if v, ok := e.exports(path)[name]; ok {
		// No sources: the signature that the symbol table knows.
		if v.Kind() == reflect.Ptr && v.IsNil() {
			return fmt.Sprintf("type %s.%s %s", chain, name, v.Type().Elem()), true
		}
		return fmt.Sprintf("%s.%s %s", chain, name, v.Type()), true
	}
	return "", false
}

// describe shows a name that cells declared.
func (e *Engine) describe(d *declared) string {
	switch d.kind {
	case "var", "const":
		v, err := e.value(d.name)
		if err != nil {
			return d.kind + " " + d.name
		}
		return fmt.Sprintf("%s %s %s = %s", d.kind, d.name, e.typeName(v.Type()), valueText(v))
	case "func", "type":
		var b strings.Builder
		if def, ok := e.st.defs[d.name]; ok {
			b.WriteString(def.text)
		}
		var methods []string
		for k, def := range e.st.defs {
			if strings.HasPrefix(k, d.name+".") {
				methods = append(methods, firstLine(def.text))
			}
		}
		sort.Strings(methods)
		if len(methods) > 0 {
			b.WriteString("\n\nmethods:\n  " + strings.Join(methods, "\n  "))
		}
		return b.String()
	}
	return d.kind + " " + d.name
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "//") {
		_, s, _ = strings.Cut(s, "\n")
	}
	l, _, _ := strings.Cut(s, "\n")
	return strings.TrimSuffix(strings.TrimSpace(l), "{")
}

// value evaluates an identifier chain (no calls: nothing runs).
func (e *Engine) value(chain string) (v reflect.Value, err error) {
	if e.ip == nil {
		return v, fmt.Errorf("no interpreter")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	v, err = e.ip.Eval(e.renamedChain(chain))
	if err != nil {
		return v, err
	}
	if !v.IsValid() {
		return v, fmt.Errorf("no value")
	}
	if v.CanInterface() {
		if u := unwrap(v.Interface()); u != nil {
			v = reflect.ValueOf(u)
		}
	}
	return v, nil
}

func (e *Engine) renamedChain(chain string) string {
	root, rest, _ := strings.Cut(chain, ".")
	if to, ok := e.st.renames[root]; ok {
		root = to
	}
	if rest != "" {
		return root + "." + rest
	}
	return root
}

func valueText(v reflect.Value) string {
	if !v.CanInterface() {
		return v.String()
	}
	s := fmt.Sprintf("%v", v.Interface())
	if len(s) > 500 {
		s = s[:497] + "..."
	}
	return s
}

// typeName names a value's type: a type that cells declared by its name
// (reflect only knows its structure), other types as reflect does.
func (e *Engine) typeName(t reflect.Type) string {
	if n := e.cellType(t); n != "" {
		return n
	}
	if t.Kind() == reflect.Ptr {
		if n := e.cellType(t.Elem()); n != "" {
			return "*" + n
		}
	}
	return unmangle(t.String())
}

// cellType finds the cell-declared type whose reflect type is t.
func (e *Engine) cellType(t reflect.Type) string {
	for k, d := range e.st.defs {
		if d.kind != "type" {
			continue
		}
		v, err := e.value("(*" + k + ")(nil)")
		if err == nil && v.Type().Kind() == reflect.Ptr && v.Type().Elem() == t {
			return k
		}
	}
	return ""
}

// valueMembers lists fields and methods of the notebook value chain names.
func (e *Engine) valueMembers(chain string) []candidate {
	root := strings.SplitN(chain, ".", 2)[0]
	if d, ok := e.st.names[root]; !ok || (d.kind != "var" && d.kind != "const") {
		return nil
	}
	v, err := e.value(chain)
	if err != nil {
		return nil
	}
	t := v.Type()
	var out []candidate
	name := e.cellType(t)
	if name == "" && t.Kind() == reflect.Ptr {
		name = e.cellType(t.Elem())
	}
	if name != "" {
		// Fields as declared (yaegi renames unexported ones), and methods.
		if d, ok := e.st.defs[name]; ok {
			for _, f := range declFields(d.text) {
				out = append(out, candidate{f, "instance"})
			}
		}
		for k := range e.st.defs {
			if m, ok := strings.CutPrefix(k, name+"."); ok {
				out = append(out, candidate{m, "function"})
			}
		}
		return out
	}
	st := t
	if st.Kind() == reflect.Ptr {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				out = append(out, candidate{f.Name, "instance"})
			}
		}
	}
	mt := t
	if t.Kind() != reflect.Ptr && t.Kind() != reflect.Interface {
		mt = reflect.PointerTo(t) // variables are addressable
	}
	for i := 0; i < mt.NumMethod(); i++ {
		out = append(out, candidate{mt.Method(i).Name, "function"})
	}
	return out
}

// declFields lists the field names of a struct type declaration.
func declFields(text string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+text, 0)
	if err != nil {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		st, ok := n.(*ast.StructType)
		if !ok {
			return true
		}
		for _, fl := range st.Fields.List {
			for _, id := range fl.Names {
				out = append(out, id.Name)
			}
			if len(fl.Names) == 0 { // embedded
				out = append(out, recvName(fl.Type))
			}
		}
		return false
	})
	return out
}

// Documentation of package members comes from Go source, read with go/doc
// the first time a package is inspected: the standard library's from
// GOROOT/src (GOROOT from the environment, the toolchain that built yak,
// or `go env GOROOT`), yak's own packages from the module source that the
// binary was built from (found through this file's build path) or from
// $YAK_SRC. Without sources, Inspect shows the signature that the symbol
// table knows (types without parameter names, no doc comment).
var docs = &docIndex{pkgs: map[string]*doc.Package{}}

type docIndex struct {
	mu     sync.Mutex
	pkgs   map[string]*doc.Package // nil entry: no source found
	fset   *token.FileSet
	goroot string
	gotOK  bool
}

const yakModule = "github.com/yaknb/yak"

func (d *docIndex) dir(path string) string {
	if rest, ok := strings.CutPrefix(path, yakModule); ok {
		return filepath.Join(yakSource(), filepath.FromSlash(strings.TrimPrefix(rest, "/")))
	}
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return ""
	}
	if !d.gotOK {
		d.goroot, d.gotOK = findGoroot(), true
	}
	if d.goroot == "" {
		return ""
	}
	return filepath.Join(d.goroot, "src", filepath.FromSlash(path))
}

func findGoroot() string {
	for _, dir := range []string{os.Getenv("GOROOT"), runtime.GOROOT()} {
		if dir != "" && isDir(filepath.Join(dir, "src", "fmt")) {
			return dir
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if dir := strings.TrimSpace(string(out)); err == nil && isDir(filepath.Join(dir, "src", "fmt")) {
		return dir
	}
	return ""
}

func yakSource() string {
	if dir := os.Getenv("YAK_SRC"); dir != "" {
		return dir
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil && bytes.Contains(b, []byte("module "+yakModule+"\n")) {
		return root
	}
	return ""
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func (d *docIndex) pkg(path string) *doc.Package {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p, ok := d.pkgs[path]; ok {
		return p
	}
	d.pkgs[path] = nil
	dir := d.dir(path)
	if dir == "" {
		return nil
	}
	if d.fset == nil {
		d.fset = token.NewFileSet()
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []*ast.File
	want := path[strings.LastIndexByte(path, '/')+1:]
	for _, en := range entries {
		n := en.Name()
		if en.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(d.fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil || f.Name.Name == "main" || f.Name.Name == "documentation" {
			continue
		}
		if f.Name.Name != want && len(files) > 0 && files[0].Name.Name == want {
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	var mode doc.Mode
	if path == "builtin" {
		mode = doc.AllDecls // its declarations are lower case
	}
	p, err := doc.NewFromFiles(d.fset, files, path, mode)
	if err != nil {
		return nil
	}
	d.pkgs[path] = p
	return p
}

// synopsis is a package's first doc sentence.
func (d *docIndex) synopsis(path string) string {
	p := d.pkg(path)
	if p == nil {
		return "package " + path
	}
	return "package " + p.Name + " // import \"" + path + "\"\n\n" + strings.TrimSpace(p.Doc)
}

// method documents a method of a named type of a package.
func (d *docIndex) method(path, typ, name string) string {
	p := d.pkg(path)
	if p == nil {
		return ""
	}
	for _, t := range p.Types {
		if t.Name != typ {
			continue
		}
		for _, m := range t.Methods {
			if m.Name != name {
				continue
			}
			c := *m.Decl
			c.Body, c.Doc = nil, nil
			var b bytes.Buffer
			d.mu.Lock()
			printer.Fprint(&b, d.fset, &c)
			d.mu.Unlock()
			if doc := strings.TrimSpace(m.Doc); doc != "" {
				b.WriteString("\n\n" + doc)
			}
			return b.String()
		}
	}
	return ""
}

// member documents one exported name of a package.
func (d *docIndex) member(path, name string) string {
	p := d.pkg(path)
	if p == nil {
		return ""
	}
	show := func(decl ast.Decl, text string) string {
		var b bytes.Buffer
		if fd, ok := decl.(*ast.FuncDecl); ok {
			c := *fd
			c.Body, c.Doc = nil, nil
			decl = &c
		}
		d.mu.Lock()
		printer.Fprint(&b, d.fset, decl)
		d.mu.Unlock()
		if s := strings.TrimSpace(text); s != "" {
			b.WriteString("\n\n" + s)
		}
		return b.String()
	}
	for _, f := range p.Funcs {
		if f.Name == name {
			return show(f.Decl, f.Doc)
		}
	}
	for _, t := range p.Types {
		if t.Name == name {
			s := show(t.Decl, t.Doc)
			var ms []string
			for _, m := range append(append([]*doc.Func{}, t.Funcs...), t.Methods...) {
				c := *m.Decl
				c.Body, c.Doc = nil, nil
				var b bytes.Buffer
				d.mu.Lock()
				printer.Fprint(&b, d.fset, &c)
				d.mu.Unlock()
				ms = append(ms, b.String())
			}
			if len(ms) > 0 {
				s += "\n\n" + strings.Join(ms, "\n")
			}
			return s
		}
		for _, f := range t.Funcs {
			if f.Name == name {
				return show(f.Decl, f.Doc)
			}
		}
	}
	for _, vs := range [][]*doc.Value{p.Vars, p.Consts} {
		for _, v := range vs {
			for _, n := range v.Names {
				if n == name {
					return show(v.Decl, v.Doc)
				}
			}
		}
	}
	return ""
}
