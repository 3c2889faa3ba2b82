package goengine

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yaknb/yak/kernel"
)

// Redefinitions. yaegi binds a name when code using it is compiled: after a
// cell redefines f, functions declared earlier still call the old f, and a
// redefined type or method is silently ignored. The engine makes a
// redefinition take effect everywhere, as recompiling the whole notebook
// would:
//
//   - It keeps the source of every top-level declaration (func, method,
//     type, const) and the names each one uses.
//   - When a cell declares a name again (with a different text), the
//     declarations of earlier cells that use it, directly or through
//     others, are evaluated again together with the cell's, so that they
//     bind to the new definition.
//   - Types cannot be declared twice in yaegi, so a type that is redefined
//     (or whose methods change, or that uses a redefined name) gets a new
//     internal name, T_ʸ2, and every later cell's T is rewritten to it. The
//     user never sees that name: messages are unmangled.
//
// Variables are never evaluated again (their initializers may have effects
// or be slow): a variable made before its type was redefined keeps the old
// type. A declaration of an earlier cell that no longer compiles with the
// new definitions keeps its old meaning, and the cell prints a warning.

// def is one top-level declaration that a redefinition may re-evaluate.
type def struct {
	key  string // "f", "T", "T.M" for methods
	kind string // "func", "method", "type", "const"
	text string // source as the user wrote it
	refs map[string]bool
}

const mangleMark = "_ʸ"

var mangledRE = regexp.MustCompile(`(\w)` + mangleMark + `\d+`)

// unmangle replaces the engine's internal type names in messages by the
// user's.
func unmangle(s string) string { return mangledRE.ReplaceAllString(s, "$1") }

// declKeys returns the keys a declaration defines and, for each, its def
// (nil for variables, which are never re-evaluated).
func declKeys(code string, s *segment, d ast.Decl) map[string]*def {
	out := map[string]*def{}
	text := code[s.offset(d.Pos()):s.offset(d.End())]
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			key := recvName(d.Recv.List[0].Type) + "." + d.Name.Name
			out[key] = &def{key: key, kind: "method", text: text, refs: refs(d)}
		} else if d.Recv == nil {
			out[d.Name.Name] = &def{key: d.Name.Name, kind: "func", text: text, refs: refs(d)}
		}
	case *ast.GenDecl:
		switch d.Tok {
		case token.TYPE:
			for _, sp := range d.Specs {
				ts := sp.(*ast.TypeSpec)
				t := "type " + code[s.offset(ts.Pos()):s.offset(ts.End())]
				out[ts.Name.Name] = &def{key: ts.Name.Name, kind: "type", text: t, refs: refs(ts)}
			}
		case token.CONST:
			// A const group stays whole: its specs may repeat the one above.
			r := refs(d)
			for _, sp := range d.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					out[id.Name] = &def{key: id.Name, kind: "const", text: text, refs: r}
				}
			}
		case token.VAR:
			for _, sp := range d.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					out[id.Name] = nil
				}
			}
		}
	}
	return out
}

func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// names walks the identifiers of n that refer to declarations: not field
// or method names, selectors or composite literal keys.
func names(n ast.Node, f func(id *ast.Ident)) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				for _, id := range fl.Names {
					skip[id] = true
				}
			}
		case *ast.InterfaceType:
			for _, fl := range n.Methods.List {
				for _, id := range fl.Names {
					skip[id] = true
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.FuncDecl:
			if n.Recv != nil {
				skip[n.Name] = true
			}
		case *ast.BranchStmt:
			if n.Label != nil {
				skip[n.Label] = true
			}
		case *ast.LabeledStmt:
			skip[n.Label] = true
		case *ast.Ident:
			if !skip[n] {
				f(n)
			}
		}
		return true
	})
}

func refs(n ast.Node) map[string]bool {
	r := map[string]bool{}
	names(n, func(id *ast.Ident) { r[id.Name] = true })
	return r
}

// redefinition is the plan for a declaration segment that redeclares names.
type redefinition struct {
	deps []*def // declarations of earlier cells to evaluate again
}

// plan finds what a declaration segment redefines and what depends on it,
// and gives the types among them new internal names (in e.st.renames; the
// caller restores the saved map if evaluation fails).
func (e *Engine) plan(code string, s *segment) *redefinition {
	own := map[string]*def{}
	for _, d := range s.file.Decls {
		for k, v := range declKeys(code, s, d) {
			own[k] = v
		}
	}
	changed := map[string]bool{}
	for t := range e.st.broken {
		if _, ok := e.st.defs[t]; ok {
			changed[t] = true // made anew: see state.broken
		}
	}
	for k, d := range own {
		old, seen := e.st.defs[k]
		_, isVar := e.st.names[k]
		switch {
		case !seen && d != nil && d.kind == "type" && e.st.poisoned[k]:
			// A cell that did not compile declared the type: yaegi may
			// have made it, without its methods; it is made anew.
			changed[k] = true
		case seen && d != nil && old.text == d.text && d.kind == "type" && newMethodOf(k, own, e.st.defs):
			// The same type with a method it did not have: yaegi would
			// keep the type it made without it (calls of the method
			// then fail inside yaegi), so the type is made anew.
			changed[k] = true
		case !seen && d != nil && d.kind == "method" && e.forwardsMethod(k):
			// The type has a method of that name that calls its embedded
			// compiled value's (the embedfwd pass wrote it), which yaegi
			// would keep: the type is made anew, without it (declaring).
			changed[k[:strings.IndexByte(k, '.')]] = true
		case seen && d != nil && old.text == d.text:
			// the same text again: nothing to redo
		case seen || (isVar && !strings.Contains(k, ".")):
			changed[k] = true
			if i := strings.IndexByte(k, '.'); i > 0 {
				changed[k[:i]] = true // a changed method makes a new type
			}
		}
	}
	return e.closure(changed, own)
}

// closure extends the changed names with the earlier declarations that use
// them, renames the types among them, and lists what must be re-evaluated.
func (e *Engine) closure(changed map[string]bool, own map[string]*def) *redefinition {
	if len(changed) == 0 {
		return nil
	}
	for grew := true; grew; {
		grew = false
		for k, d := range e.st.defs {
			if changed[k] {
				continue
			}
			for r := range d.refs {
				if changed[r] {
					changed[k] = true
					grew = true
					if i := strings.IndexByte(k, '.'); i > 0 && !changed[k[:i]] {
						changed[k[:i]] = true
					}
					break
				}
			}
		}
	}
	// Methods of a type that gets a new name must be declared on it again.
	for k := range e.st.defs {
		if i := strings.IndexByte(k, '.'); i > 0 && changed[k[:i]] {
			changed[k] = true
		}
	}
	plan := &redefinition{}
	keys := make([]string, 0, len(changed))
	for k := range changed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	seenText := map[string]bool{}
	for _, k := range keys {
		isType := false
		if d, ok := own[k]; ok {
			isType = d != nil && d.kind == "type"
		} else if d, ok := e.st.defs[k]; ok {
			isType = d.kind == "type"
			if !seenText[d.text] {
				seenText[d.text] = true
				plan.deps = append(plan.deps, d)
			}
		}
		if isType {
			e.st.gen++
			e.st.renames[k] = k + mangleMark + strconv.Itoa(e.st.gen)
		}
	}
	return plan
}

// evalDecls evaluates a declaration segment with the re-evaluation its
// redefinitions need. An earlier declaration that fails to compile again is
// left out (with a warning) and the rest retried.
func (e *Engine) evalDecls(ctx context.Context, code string, s *segment) error {
	saved := copyMap(e.st.renames)
	plan := e.plan(code, s)
	if plan == nil || len(plan.deps) == 0 {
		_, err := e.eval(ctx, code, e.source(code, s, s.start, s.end))
		if err != nil {
			e.st.renames = saved
		}
		return err
	}
	deps := plan.deps
	e.st.declaring = map[string]bool{}
	defer func() { e.st.declaring = nil }()
	for _, d := range s.file.Decls {
		for k, v := range declKeys(code, s, d) {
			if v != nil && v.kind == "method" {
				e.st.declaring[k] = true
			}
		}
	}
	for attempt := 0; ; attempt++ {
		src := e.source(code, s, s.start, s.end)
		line := strings.Count(src, "\n") + 1
		var starts []int
		for _, d := range deps {
			starts = append(starts, line)
			text := e.renamed(d.text)
			src += "\n" + text
			line += strings.Count(text, "\n") + 1
		}
		olds := e.oldTypes(saved)
		_, err := e.eval(ctx, code, src)
		if err == nil {
			e.convertValues(olds)
			for _, d := range deps {
				delete(e.st.broken, d.key)
			}
			return nil
		}
		bad := depAt(err, starts)
		if bad < 0 || attempt > 20 {
			e.st.renames = saved
			return err
		}
		fmt.Fprintf(errWriter{e}, "warning: %s (declared in an earlier cell) no longer compiles, so it keeps its old definition: %s\n",
			deps[bad].key, errMessage(err))
		deps = append(deps[:bad:bad], deps[bad+1:]...)
		// A failed compile may have half-declared the new type names:
		// start again with fresh ones.
		e.st.renames = copyMap(saved)
		e.plan(code, s)
	}
}

// afterStatements re-evaluates the declarations that use variables a
// statement segment declared again (x := ... once more).
func (e *Engine) afterStatements(ctx context.Context, declared []string) {
	changed := map[string]bool{}
	for _, n := range declared {
		changed[n] = true
	}
	plan := e.closure(changed, nil)
	if plan == nil || len(plan.deps) == 0 {
		return
	}
	src := ""
	for _, d := range plan.deps {
		src += "\n" + e.renamed(d.text)
	}
	if _, err := e.eval(ctx, "", src); err != nil {
		fmt.Fprintf(errWriter{e}, "warning: declarations of earlier cells that use %s could not be updated: %s\n",
			strings.Join(declared, ", "), errMessage(err))
	}
}

// renamed is a stored declaration with the current internal names and the
// engine's rewrites.
func (e *Engine) renamed(text string) string {
	segs, errs := split(text)
	if len(errs) > 0 {
		return text
	}
	if _, errs := parse(text, segs); len(errs) > 0 {
		return text
	}
	var b strings.Builder
	for i := range segs {
		s := &segs[i]
		b.WriteString(applyEdits(text, s.start, s.end, e.rewrites(text, s, s.start, s.end)))
	}
	return b.String()
}

var cellPosRE = regexp.MustCompile(`cell:(\d+):\d+:? ?`)

// depAt finds which appended declaration an error points at (-1: the
// cell). starts are the source lines after which each one begins; error
// positions are cell lines, one less than source lines.
func depAt(err error, starts []int) int {
	m := cellPosRE.FindStringSubmatch(err.Error())
	if m == nil {
		return -1
	}
	line, _ := strconv.Atoi(m[1])
	line++
	for i := len(starts) - 1; i >= 0; i-- {
		if line > starts[i] {
			return i
		}
	}
	return -1
}

type errWriter struct{ e *Engine }

func (w errWriter) Write(p []byte) (int, error) {
	w.e.out.writeErr(p)
	return len(p), nil
}

// recordDefs stores the declarations of an executed segment.
func (st *state) recordDefs(code string, s *segment) {
	for _, d := range s.file.Decls {
		for k, v := range declKeys(code, s, d) {
			if v != nil {
				st.defs[k] = v
			}
		}
	}
}

func copyMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// errMessage is an error's message without its position in the engine's
// combined source (meaningless to the user).
func errMessage(err error) string {
	msg := err.Error()
	if x, ok := err.(*kernel.ExecError); ok {
		msg = x.Value
	}
	return unmangle(cellPosRE.ReplaceAllString(msg, ""))
}

// remakeBroken makes the broken types anew at once, with their methods and
// what uses them, as a redefinition of each would.
func (e *Engine) remakeBroken(ctx context.Context) {
	changed := map[string]bool{}
	for t := range e.st.broken {
		if _, ok := e.st.defs[t]; ok {
			changed[t] = true
		}
	}
	saved := copyMap(e.st.renames)
	plan := e.closure(changed, nil)
	if plan == nil || len(plan.deps) == 0 {
		e.st.renames = saved
		return
	}
	src := ""
	for _, d := range plan.deps {
		src += "\n" + e.renamed(d.text)
	}
	olds := e.oldTypes(saved)
	if _, err := e.eval(ctx, "", src); err != nil {
		e.st.renames = saved
		return
	}
	e.convertValues(olds)
	for _, d := range plan.deps {
		delete(e.st.broken, d.key)
	}
}

// markBroken notes the types declared by earlier cells (or waiting for a
// name) that a segment which failed to compile declared methods of
// (state.broken).
func (e *Engine) markBroken(s *segment) {
	for _, d := range s.file.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Recv != nil && len(f.Recv.List) == 1 {
			t := recvName(f.Recv.List[0].Type)
			if def, ok := e.st.defs[t]; ok && def.kind == "type" || e.st.pendingName(t) != nil {
				e.st.broken[t] = true // a waiting type: made anew once it exists
			}
		}
	}
}

// newMethodOf reports whether own declares a method of type t that defs
// does not hold.
func newMethodOf(t string, own map[string]*def, defs map[string]*def) bool {
	for k := range own {
		if strings.HasPrefix(k, t+".") {
			if _, ok := defs[k]; !ok {
				return true
			}
		}
	}
	return false
}

// oldType is a type that a redefinition gives a new internal name.
type oldType struct {
	name, to string // the user's name, the new internal name
	rt       reflect.Type
}

// oldTypes lists the types that the plan renamed, with their reflect
// types before the redefinition.
func (e *Engine) oldTypes(saved map[string]string) []oldType {
	var out []oldType
	for k, to := range e.st.renames {
		from, ok := saved[k]
		if !ok {
			from = k
		}
		if from == to || k == "main" {
			continue
		}
		if v, err := e.evalValue("*new(" + from + ")"); err == nil && v.IsValid() {
			out = append(out, oldType{k, to, v.Type()})
		}
	}
	return out
}

// convertValues makes the variables of a redefined type values of the new
// one where the conversion is legal (the type's fields did not change: a
// method was redefined), so that the new methods reach existing values as
// they would if the notebook ran again. A pointer variable is converted
// too (it keeps pointing at the same value). The conversion goes through a
// temporary: yaegi evaluates `p := T(p)` with the new p already zero.
// Functions of earlier cells that use the variable keep the value it had
// (re-evaluating them would rename the type once more).
func (e *Engine) convertValues(olds []oldType) {
	if len(olds) == 0 {
		return
	}
	for _, d := range e.st.sorted() {
		if d.kind != "var" {
			continue
		}
		v, ok := e.globalValue(d.name)
		if !ok {
			continue
		}
		for _, o := range olds {
			conv := ""
			switch v.Type() {
			case o.rt:
				conv = o.to + "(" + d.name + ")"
			case reflect.PointerTo(o.rt):
				conv = "(*" + o.to + ")(" + d.name + ")"
			default:
				continue
			}
			if err := e.evalRecover("_yakCv := " + conv); err != nil {
				continue
			}
			e.evalRecover(d.name + " := _yakCv")
		}
	}
}
