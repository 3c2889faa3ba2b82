package goengine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
)

// run executes a cell (magics already removed), segment by segment.
func (e *Engine) run(ctx context.Context, code string) (*display.Bundle, error) {
	segs, errs := split(code)
	if len(errs) > 0 {
		return nil, parseError(code, errs)
	}
	if _, errs := parse(code, segs); len(errs) > 0 {
		return nil, parseError(code, errs)
	}
	e.varsAsStatements(code, segs)
	if err := unsupported(code, segs); err != nil {
		return nil, err
	}
	if err := e.st.checkPoisoned(code, segs); err != nil {
		return nil, err
	}
	if err := e.st.checkPending(code, segs); err != nil {
		return nil, err
	}
	if paths := e.autoImports(segs); len(paths) > 0 {
		if err := e.importFor(paths); err != nil {
			return nil, compileError(code, err)
		}
	}
	var result *display.Bundle
	program := false // the cell is a Go program: run its main
	for i := range segs {
		s := &segs[i]
		if s.kind == segPackage {
			program = true
			continue
		}
		src := e.source(code, s, s.start, s.end)
		if s.kind == segImport {
			src = e.importSource(code, s)
		}
		var last ast.Expr
		if i == len(segs)-1 && s.kind == segStmt {
			if x, ok := s.stmts[len(s.stmts)-1].(*ast.ExprStmt); ok {
				last = x.X
				src = e.source(code, s, s.start, s.offset(x.Pos()))
			}
		}
		if e.showGo && src != "" {
			e.debugRewrite(outWriter{e}, s, src)
		}
		var err error
		ran := true
		recCode := code
		switch {
		case s.kind == segDecl:
			// Declarations waiting for a name are blanked out of what
			// was compiled (pending.go).
			recCode, s, err = e.evalDeclsPending(ctx, code, s)
		case strings.Trim(src, stmtLead+" \t\r\n") != "":
			var again []string
			if s.kind == segStmt {
				for _, n := range defined(s) {
					if _, ok := e.st.names[n]; ok {
						again = append(again, n)
					}
				}
			}
			if _, err = e.eval(ctx, code, src); err == nil && len(again) > 0 {
				e.afterStatements(ctx, again)
			}
		default:
			ran = false // only the last expression
		}
		if errName(err) == "CompileError" {
			if strings.Contains(err.Error(), "definition loop") {
				err = e.undefinedError(code, s, err)
			}
			e.st.poison(recCode, s)
			return nil, err
		}
		// After a panic or an interrupt, what the segment declared exists
		// (with the values it had reached), as in other notebook kernels.
		if ran {
			e.st.record(recCode, s)
			if err == nil {
				e.noteTypes(s)
			}
		}
		if err != nil {
			return nil, err
		}
		if last != nil {
			b, err := e.evalLast(ctx, code, s, last)
			if err != nil {
				return nil, err
			}
			result = b
		}
	}
	if len(e.st.pending) > 0 && !e.retrying {
		e.retrying = true
		e.retryPending(ctx)
		e.retrying = false
	}
	if program && declaresMain(segs) {
		if _, err := e.eval(ctx, code, "\n"+e.st.renames["main"]+"()"); err != nil {
			return nil, err
		}
	}
	return result, nil
}

func declaresMain(segs []segment) bool {
	for _, s := range segs {
		if s.kind != segDecl {
			continue
		}
		for _, d := range s.file.Decls {
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == "main" {
				return true
			}
		}
	}
	return false
}

// importSource drops the imports that an earlier cell made already (yaegi
// rejects importing a package twice); an import of another package under a
// taken name replaces the name's meaning, as a new declaration would.
func (e *Engine) importSource(code string, s *segment) string {
	var keep []string
	for _, d := range s.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range g.Specs {
			is := sp.(*ast.ImportSpec)
			path, _ := strconv.Unquote(is.Path.Value)
			name := importName(is)
			if e.st.imports[name] == path {
				continue
			}
			keep = append(keep, code[s.offset(is.Pos()):s.offset(is.End())])
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return pad(code, s.start) + "import (" + strings.Join(keep, "; ") + ")"
}

// stmtLead starts every statement segment: yaegi takes a source whose
// first token is `func` for a declaration and, when that fails to parse
// (a function literal called at the top level), wraps it in a real func
// main, which it then runs again after every later cell. An empty
// statement first keeps it on the statement path; it sits on yaegi's
// header line, so positions do not move.
const stmtLead = ";"

// source is the text of s (from start to end) as yaegi gets it: padded to
// its place in the cell, with the engine's rewrites applied.
func (e *Engine) source(code string, s *segment, start, end int) string {
	p := pad(code, start)
	if s.kind == segStmt {
		p = stmtLead + p
	}
	return p + applyEdits(code, start, end, e.rewrites(code, s, start, end))
}

// evalLast shows the value of the cell's last expression: it is passed to
// _yakShow, which takes any number of values (f(g()) spreads g's results),
// and a call that returns nothing is run as it is.
func (e *Engine) evalLast(ctx context.Context, code string, s *segment, x ast.Expr) (*display.Bundle, error) {
	start, end := s.offset(x.Pos()), s.offset(x.End())
	inner := applyEdits(code, start, end, e.rewrites(code, s, start, end))
	p := pad(code, start)
	if strings.HasSuffix(p, strings.Repeat(" ", len("_yakShow("))) {
		p = p[:len(p)-len("_yakShow(")] // keep the expression's column
	}
	var prog *interp.Program
	err := errors.New("not shown")
	if !printLike(x) {
		prog, err = e.compile(code, p+"_yakShow("+inner+")")
	}
	if err != nil {
		// Most likely a call with no results: run it as a statement.
		if _, err := e.eval(ctx, code, stmtLead+pad(code, start)+inner); err != nil {
			return nil, err
		}
		return nil, nil
	}
	e.takeShown()
	if _, err := e.exec(ctx, code, prog); err != nil {
		return nil, err
	}
	return bundle(e.takeShown()), nil
}

// printLike reports calls whose results nobody wants to see after every
// print: fmt.Println's (n, err) and the like.
func printLike(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	var name string
	switch f := call.Fun.(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
	}
	for _, p := range []string{"Print", "Fprint", "Write", "Scan", "Fscan", "Sscan"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (e *Engine) eval(ctx context.Context, code string, src string) (reflect.Value, error) {
	prog, err := e.compile(code, src)
	if err != nil {
		return reflect.Value{}, err
	}
	return e.exec(ctx, code, prog)
}

// compile hands src to yaegi, turning its panics (yaegi panics on some
// input it does not support) into errors.
func (e *Engine) compile(code, src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = compileError(code, fmt.Errorf("the interpreter failed on this cell (%v)%s", r, hintFor(code)))
		}
	}()
	if err := e.useImports(src); err != nil { // stdimport.go
		return nil, compileError(code, err)
	}
	prog, err = e.ip.Compile(src)
	if err != nil {
		return nil, compileError(code, err)
	}
	return prog, nil
}

// exec runs a compiled segment; ctx cancels it (interrupt).
func (e *Engine) exec(ctx context.Context, code string, prog *interp.Program) (reflect.Value, error) {
	v, err := e.ip.ExecuteWithContext(ctx, prog)
	if err == nil {
		return v, nil
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return reflect.Value{}, &kernel.ExecError{
			Name:      "Interrupted",
			Value:     "the cell was interrupted; variables keep the values they had when it stopped",
			Traceback: []string{"Interrupted: the cell was interrupted"},
		}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return reflect.Value{}, e.panicError(code, p.Value)
	}
	return reflect.Value{}, e.panicError(code, err)
}

// panicError builds the error of a panic, with the interpreted call stack
// that yaegi reported while the panic unwound.
func (e *Engine) panicError(code string, r any) *kernel.ExecError {
	e.syncOutput()
	lines, funcs := frames(e.trace.take())
	value := unmangle(explainPanic(e.panicValue(r)))
	tb := []string{"panic: " + value}
	if len(lines) > 0 {
		tb = append(tb, "", "interpreted call stack (innermost first):")
		for i, l := range lines {
			tb = append(tb, l)
			src := code
			// A function's lines are those of the cell that declared it
			// (f.func is a function literal inside f).
			if f, _, _ := strings.Cut(funcs[i], "."); f != "" {
				src = e.st.funcCell[f]
			}
			if line := cellLine(src, l); line != "" {
				tb = append(tb, "        "+line)
			}
		}
	}
	return &kernel.ExecError{Name: "panic", Value: value, Traceback: tb}
}

// explainPanic translates panics that yaegi raises in its own machinery
// for errors of the user's program.
func explainPanic(v string) string {
	switch {
	case strings.HasPrefix(v, "reflect: call of reflect.Value.") && strings.HasSuffix(v, " on zero Value"),
		strings.HasPrefix(v, "reflect: indirection through nil pointer"):
		return "invalid memory address or nil pointer dereference (" + v + ")"
	case v == "reflect: slice index out of range", v == "reflect: array index out of range", v == "reflect: string index out of range":
		return "runtime error: index out of range (" + v + ")"
	}
	return v
}

// trimRoots drops yaegi's list of every compiled root node. Only its
// debugger reads the list, and keeping it makes the interpreter grow with
// every cell (about 4 kB for `1 + 1`); the nodes that later cells need stay
// reachable from the scopes. The field is unexported, hence unsafe, after
// checking its type (TestTrimRoots fails if the pinned yaegi changes it).
func trimRoots(ip *interp.Interpreter) bool {
	if ip == nil {
		return false
	}
	f := reflect.ValueOf(ip).Elem().FieldByName("roots")
	if !f.IsValid() || f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Ptr {
		return false
	}
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.Zero(f.Type()))
	return true
}

func errName(err error) string {
	if x, ok := err.(*kernel.ExecError); ok {
		return x.Name
	}
	return ""
}

// undefinedError replaces yaegi's "constant definition loop", which it
// reports for an undefined name in a top-level `x := ...`, by "undefined:
// name" for the first name the segment uses that nothing declares.
func (e *Engine) undefinedError(code string, s *segment, err error) error {
	if s.kind != segStmt {
		return err
	}
	local := map[string]bool{}
	for _, st := range s.stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							local[id.Name] = true
						}
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					local[id.Name] = true
				}
			case *ast.Field:
				for _, id := range n.Names {
					local[id.Name] = true
				}
			case *ast.TypeSpec:
				local[n.Name.Name] = true
			case *ast.LabeledStmt:
				local[n.Label.Name] = true
			}
			return true
		})
	}
	var found *ast.Ident
	for _, st := range s.stmts {
		names(st, func(id *ast.Ident) {
			n := id.Name
			if found != nil || local[n] || isBuiltin(n) || n == "_" || strings.HasPrefix(n, "_yak") {
				return
			}
			if _, ok := e.st.names[n]; ok {
				return
			}
			if _, ok := e.st.imports[n]; ok {
				return
			}
			found = id
		})
	}
	if found == nil {
		return err
	}
	pos := s.fset.Position(found.Pos())
	return compileError(code, fmt.Errorf("%d:%d: undefined: %s", pos.Line, pos.Column, found.Name))
}
