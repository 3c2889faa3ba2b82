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
	if hasPackageClause(segs) && declaresMain(segs) {
		// A whole program runs compiled, as its own file (compiled.go).
		if ran, err := e.runCompiled(ctx, code, true); ran {
			return nil, err
		}
	}
	if e.isMainCall(segs) {
		if ran, err := e.runCompiled(ctx, code, false); ran {
			return nil, err
		}
	}
	// The declarations as written, kept for compiled programs once made
	// (var declarations too, which the interpreter may run as statements).
	kept := map[int][]*progDecl{}
	for i := range segs {
		if segs[i].kind == segDecl {
			kept[i] = progDecls(code, &segs[i], e.cellNo)
		}
	}
	e.varsAsStatements(code, segs)
	if err := unsupported(code, segs); err != nil {
		return nil, err
	}
	if err := e.st.checkPoisoned(code, segs); err != nil {
		if e.keepForCompiled(ctx, segs, kept, 0) {
			return nil, nil
		}
		return nil, err
	}
	if err := e.st.checkPending(code, segs); err != nil {
		if e.keepForCompiled(ctx, segs, kept, 0) {
			return nil, nil
		}
		return nil, err
	}
	if paths := e.autoImports(segs); len(paths) > 0 {
		if err := e.importFor(paths); err != nil {
			return nil, compileError(code, err)
		}
	}
	// Compile everything before running anything: a cell that does not
	// compile has no effects (imports and declarations, which have none,
	// are made on the way; their variable initializers run in order
	// because varsAsStatements made statements of the ones that follow a
	// statement).
	type step struct {
		s     *segment
		prog  *interp.Program
		again []string    // variables declared again (redefine.go)
		keep  []*progDecl // var declarations run as statements (compiledsrc.go)
		last  ast.Expr
		show  *interp.Program // the last expression, shown
		stmt  *interp.Program // the last expression, run as a statement
	}
	var steps []step
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
		recCode := code
		st := step{s: s, last: last}
		if s.kind == segStmt {
			st.keep = kept[i]
			// %T of Pair[int]{} while the statements run.
			e.noteInstances(s)
		}
		switch {
		case s.kind == segDecl:
			// Declarations waiting for a name are blanked out of what
			// was compiled (pending.go).
			recCode, s, err = e.evalDeclsPending(ctx, code, s)
			st.s = s
			if errName(err) == "panic" && !runsCode(s) {
				// Funcs, types and consts run nothing of the user's: a
				// panic is the interpreter failing on them (yaegi converts
				// constants while it sets functions up).
				err = compileError(code, fmt.Errorf("the interpreter failed on this cell (%s)", err.(*kernel.ExecError).Value))
			}
			if err == nil || errName(err) != "CompileError" {
				// After a panic (a variable's initializer), what the
				// segment declared exists, as in other notebook kernels.
				e.st.record(recCode, s)
				e.st.keepProg(kept[i])
				if err == nil {
					e.noteTypes(s)
					e.noteInstances(s)
				}
			}
		case s.kind == segImport:
			if strings.TrimSpace(src) != "" {
				_, err = e.eval(ctx, code, src)
			}
			if err == nil {
				e.st.record(code, s)
			}
		case strings.Trim(src, stmtLead+" \t\r\n") != "":
			for _, n := range defined(s) {
				if _, ok := e.st.names[n]; ok {
					st.again = append(st.again, n)
				}
			}
			st.prog, err = e.compile(code, src)
		}
		// The last expression compiles now, unless the statements
		// declare again variables that earlier declarations use: those
		// are compiled again after the statements ran (afterStatements),
		// and the expression must see them.
		if err == nil && last != nil && len(st.again) == 0 {
			st.show, st.stmt, err = e.compileLast(code, s, last)
		}
		if errName(err) == "CompileError" {
			if strings.Contains(err.Error(), "definition loop") {
				err = e.undefinedError(code, s, err)
			}
			e.st.poison(recCode, s)
			if s.kind == segDecl && e.keepForCompiled(ctx, segs, kept, i) {
				return nil, nil
			}
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	if e.onlyCallsMain(segs) {
		// main() runs compiled when it can (compiled.go).
		if ran, err := e.runCompiled(ctx, code, false); ran {
			return nil, err
		}
	}
	var result *display.Bundle
	endsMain := e.callsMain(segs) // the cell ends with main(): the program ends there (progend.go)
	for _, st := range steps {
		if st.prog != nil {
			_, err := e.exec(ctx, code, st.prog)
			// After a panic or an interrupt, what the segment declared
			// exists (with the values it had reached).
			e.st.record(code, st.s)
			e.st.keepProg(st.keep)
			if err != nil {
				return nil, err
			}
			if len(st.again) > 0 {
				e.afterStatements(ctx, st.again)
			}
		}
		if st.last != nil {
			if st.show == nil && st.stmt == nil {
				var err error
				if st.show, st.stmt, err = e.compileLast(code, st.s, st.last); err != nil {
					return nil, err
				}
			}
			b, err := e.execLast(ctx, code, st.show, st.stmt)
			if err != nil {
				return nil, err
			}
			result = b
			if endsMain {
				e.endProgram()
			}
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
		e.endProgram()
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

// compileLast compiles the cell's last expression: passed to one of the
// prelude's show functions (showForms), or, for a call that returns
// nothing (or a print), as a statement.
func (e *Engine) compileLast(code string, s *segment, x ast.Expr) (show, stmt *interp.Program, err error) {
	start, end := s.offset(x.Pos()), s.offset(x.End())
	inner := applyEdits(code, start, end, e.rewrites(code, s, start, end))
	p := pad(code, start)
	if !printLike(x) {
		for _, f := range e.showForms(code, s, x, start, end) {
			lead := p
			if strings.HasSuffix(p, strings.Repeat(" ", len(f.open))) {
				lead = p[:len(p)-len(f.open)] // keep the expression's column
			}
			if strings.HasPrefix(f.open, "func") {
				lead = stmtLead + lead
			}
			if show, err = e.compile(code, lead+f.open+inner+f.close); err == nil {
				return show, nil, nil
			}
		}
	}
	// Most likely a call with no results: run it as a statement.
	stmt, err = e.compile(code, stmtLead+pad(code, start)+inner)
	return nil, stmt, err
}

// showForm is a call of a prelude show function around the last
// expression.
type showForm struct{ open, close string }

// showForms are the calls that may show the cell's last expression, to
// compile in turn until one compiles; none for a call of a cell function
// without results.
//
// A single value goes to _yakShow1, of one parameter: yaegi spreads a
// []any handed to a variadic ...any parameter without "...", so
// _yakShow([]any{1, 2}) showed the tuple (1, 2) where Go has one slice.
// When the value's static type holds a cell type with fmt methods ([]Temp,
// a struct with a Temp field, []any), compiled code would print it without
// them ([1 2.5] for [1.0°C 2.5°C]): _yakShowFmt's text/plain comes from
// the fmt adapter that print calls use (pass_fmtvalue.go), as fmt.Print
// would print it in Go.
//
// yaegi hands over the result of a call of a cell function as its
// underlying value, without its cell type's methods (a Temp returned by
// f() showed as 3, not 3.0°C; the fmtcall pass has the same cure for
// print calls): one result is parenthesized; several go to a function
// literal whose parameters have the declared result types, so that each
// keeps its type. A call of unknown results (a compiled function, a
// function value) tries one result, then the variadic _yakShow, which
// takes any number.
func (e *Engine) showForms(code string, s *segment, x ast.Expr, start, end int) []showForm {
	c := &passCtx{code: code, s: s, start: start, end: end, e: e, fmtPkg: "_yakfmt"}
	call, isCall := ast.Unparen(x).(*ast.CallExpr)
	results := -1
	var types []ast.Expr
	if isCall {
		if results = c.cellResults(e, call); results > 1 {
			types, _ = c.cellResultTypes(e, call)
		}
	}
	switch {
	case results == 0:
		return nil
	case results > 1 && len(types) == results:
		var params, shows strings.Builder
		for i, t := range types {
			if i > 0 {
				params.WriteString(", ")
			}
			fmt.Fprintf(&params, "_yak%d %s", i, exprText(t))
			fmt.Fprintf(&shows, " _yakShow1(_yak%d);", i)
		}
		// (the variadic form if the literal does not compile: a result
		// type the cell cannot name)
		return []showForm{{"func(" + params.String() + ") {" + shows.String() + " }(", ")"}, {"_yakShow(", ")"}}
	}
	var forms []showForm
	paren := ""
	if results == 1 {
		paren = "("
	}
	unparen := strings.Repeat(")", len(paren))
	if ed := c.fmtValueEdits(e, x, 'v'); len(ed) == 2 {
		forms = append(forms, showForm{"_yakShowFmt(" + paren, unparen + ", func(_yakv any) any { return " + ed[0].text + "_yakv" + ed[1].text + " })"})
	}
	forms = append(forms, showForm{"_yakShow1(" + paren, unparen + ")"})
	if results != 1 && isCall {
		forms = append(forms, showForm{"_yakShow(", ")"})
	}
	return forms
}

// execLast runs the last expression and returns what it showed.
func (e *Engine) execLast(ctx context.Context, code string, show, stmt *interp.Program) (*display.Bundle, error) {
	if show == nil {
		_, err := e.exec(ctx, code, stmt)
		return nil, err
	}
	e.takeShown()
	if _, err := e.exec(ctx, code, show); err != nil {
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
		if exitedZero(p.Value) {
			e.trace.take()
			return reflect.Value{}, errExit0 // progend.go
		}
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
	value = e.explainIndex(code, lines, funcs, value)
	tb := []string{"panic: " + value}
	if len(lines) > 0 {
		tb = append(tb, "", "interpreted call stack (innermost first):")
		tb = append(tb, e.stackLines(code, lines, funcs)...)
	}
	return &kernel.ExecError{Name: "panic", Value: value, Traceback: tb}
}

// stackLines are the frames of an interpreted call stack, each with its
// source line. A function's lines are those of the cell that declared it
// (f.func is a function literal inside f), labelled cell[N] when that is
// not the cell that runs, as compiled programs' tracebacks are; the
// cell's own statements are in code ("" when unknown).
func (e *Engine) stackLines(code string, lines, funcs []string) []string {
	var tb []string
	for i, l := range lines {
		src, label := code, ""
		if f, _, _ := strings.Cut(funcs[i], "."); f != "" {
			src = e.st.funcCell[f]
			if d := e.st.prog[f]; d != nil && d.kind == "func" && d.cell != e.cellNo && d.cell > 0 {
				label = cellLabel(d.cell, e.cellNo)
			}
		}
		line := cellLine(src, l)
		if label != "" {
			l = strings.Replace(l, "cell:", label+":", 1)
		}
		tb = append(tb, l)
		if line != "" {
			tb = append(tb, "        "+line)
		}
	}
	return tb
}

// explainPanic translates panics that yaegi raises in its own machinery
// for errors of the user's program.
func explainPanic(v string) string {
	switch {
	case strings.HasPrefix(v, "reflect: call of reflect.Value.") && strings.HasSuffix(v, " on zero Value"),
		strings.HasPrefix(v, "reflect: indirection through nil pointer"),
		v == "reflect.Value.Call: call of nil function":
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

// runsCode reports whether a declaration segment runs code of the cell's
// when it is declared: a var declaration's initializer does, and an init
// function.
func runsCode(s *segment) bool {
	for _, d := range s.file.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok == token.VAR {
				return true
			}
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" {
				return true
			}
		}
	}
	return false
}
