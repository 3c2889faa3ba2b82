package goengine

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/goengine/gobuild"
)

// Compiled programs. The interpreter cannot run all of Go as Go runs it
// (reflection on a cell's types, some generics, some panics). When a cell
// runs the program — its only statement is main() calling the main a
// cell declared, or the cell is a whole program with its package clause —
// and a Go toolchain is installed, the engine builds the program with it
// and runs it in a child process, as `go run` does:
//
//   - The program is every declaration the cells made, as written (the
//     latest of each name, pending ones included), with the imports the
//     cells made; a whole-program cell is its own file alone. Only what
//     main, the init functions and the package variables use is compiled.
//   - It starts fresh: package variables from their declarations, init
//     functions run, goroutines end with main, os.Exit and panics as Go
//     has them. The interpreter's variables are not seen and not changed;
//     a whole-program cell declares nothing in the interpreter.
//   - Output streams to the cell; the stop button sends SIGINT, then
//     SIGKILL after two seconds, to the program's process group. On Linux
//     the program dies with the kernel, even a SIGKILLed one (gobuild).
//   - A whole-program cell must be package main, as go run wants.
//   - A compile error is Go's, at the cell's lines; it is not retried in
//     the interpreter.
//
// The interpreter runs main() as before when no toolchain is found
// (YAK_GO names the go command, else go on PATH; YAK_GO=off turns
// compiling off; a YAK_GO that names no go command says so once), when the
// program imports a package that is neither standard nor of a module that
// go get fetched (compiledmod.go), reads standard input (the interpreter
// asks the front end),
// uses a name that only a cell's statements or yak's prelude make, or
// when the cell starts with %%interp.

// compiledRuns is the engine's toolchain and build directory, found and
// made at the first compiled run.
type compiledRuns struct {
	builder *gobuild.Builder
	setting string // the YAK_GO the builder was made for
	noted   bool   // the once-per-kernel note was printed
	warned  string // the YAK_GO whose error was printed
	builds  buildTimes
	// toldReason is the reason %debug rewrite printed in this cell for
	// the interpreter running main() (a cell may ask twice).
	toldReason string
	// kept counts the cells kept for compiled runs only (keepForCompiled):
	// a pending declaration retried may be one.
	kept int

	mu   sync.Mutex
	stop context.CancelFunc // stops the running program (Close: nothing is left running)
}

// stopRunning interrupts the compiled program that runs, if one does.
func (c *compiledRuns) stopRunning() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop != nil {
		c.stop()
	}
}

// toolchains caches the toolchain lookup per YAK_GO setting for the
// process: `go env GOVERSION` takes tens of milliseconds.
var toolchains sync.Map // YAK_GO -> toolchainResult

type toolchainResult struct {
	tc  *gobuild.Toolchain
	err error
}

func findToolchain() (*gobuild.Toolchain, error) {
	setting := os.Getenv("YAK_GO")
	if strings.EqualFold(strings.TrimSpace(setting), "off") {
		return nil, gobuild.ErrOff
	}
	if r, ok := toolchains.Load(setting); ok {
		return r.(toolchainResult).tc, r.(toolchainResult).err
	}
	tc, err := gobuild.Find()
	toolchains.Store(setting, toolchainResult{tc, err})
	return tc, err
}

// builder returns the engine's builder, or nil when there is no toolchain.
func (e *Engine) builder() *gobuild.Builder {
	setting := os.Getenv("YAK_GO")
	if e.compiled.builder != nil && e.compiled.setting == setting {
		return e.compiled.builder
	}
	if e.compiled.builder != nil {
		e.compiled.builder.Close()
		e.compiled.builder = nil
	}
	tc, err := findToolchain()
	if err != nil {
		e.toolchainNote(setting, err)
		return nil
	}
	b, err := gobuild.NewBuilder(tc)
	if err != nil {
		return nil
	}
	e.compiled.builder, e.compiled.setting = b, setting
	return b
}

// toolchainNote says, once per YAK_GO setting (and in each cell under
// %debug rewrite), why a YAK_GO that the user set does not compile: a
// wrong path would otherwise fall back to the interpreter in silence. No
// go on PATH, with YAK_GO unset, is no mistake: the interpreter runs
// main() without a word.
func (e *Engine) toolchainNote(setting string, err error) {
	if strings.TrimSpace(setting) == "" || errors.Is(err, gobuild.ErrOff) {
		return
	}
	if e.compiled.warned == setting && !e.showGo {
		return
	}
	e.compiled.warned = setting
	msg := strings.TrimPrefix(err.Error(), "gobuild: ")
	e.tellInterp(fmt.Sprintf("yak: %s; main() runs in the interpreter\n", msg))
}

// tellInterp prints msg once per cell.
func (e *Engine) tellInterp(msg string) {
	if e.compiled.toldReason == msg {
		return
	}
	e.compiled.toldReason = msg
	fmt.Fprint(errWriter{e}, msg)
}

// onlyCallsMain reports whether the cell's only statement is main(),
// calling the main that a cell declared (declarations may come before it).
func (e *Engine) onlyCallsMain(segs []segment) bool {
	n := 0
	for _, s := range segs {
		if s.kind == segStmt {
			n += len(s.stmts)
		}
	}
	return n == 1 && e.callsMain(segs) && e.st.prog["main"] != nil
}

// runCompiled runs the notebook's program (whole is false) or the cell's
// own file (whole is true) compiled. ran is false when the interpreter
// must run it instead.
func (e *Engine) runCompiled(ctx context.Context, code string, whole bool) (ran bool, err error) {
	bin, ran, err := e.buildCompiled(ctx, code, whole)
	if !ran || err != nil {
		return ran, err
	}
	return true, e.runBinary(ctx, bin)
}

// buildCompiled builds what runCompiled runs and returns the binary. ran
// is false when the interpreter must run it instead; err is an error of
// the cell (a CompileError, an interrupted build).
func (e *Engine) buildCompiled(ctx context.Context, code string, whole bool) (bin string, ran bool, err error) {
	if e.forceInterp {
		return "", false, nil
	}
	b := e.builder()
	if b == nil {
		return "", false, nil
	}
	var src, reason string
	if whole {
		if err := mainPackage(code); err != nil {
			return "", true, err
		}
		src, reason, _ = e.withImports(b.Toolchain(), "//line cell:1:1\n", code, true)
	} else {
		src, reason, _ = e.programSource(b.Toolchain())
	}
	if reason != "" {
		if e.showGo {
			e.tellInterp(fmt.Sprintf("yak: main() runs in the interpreter: %s\n", reason))
		}
		return "", false, nil
	}
	if e.showGo {
		fmt.Fprintf(outWriter{e}, "// the program compiled with %s:\n%s\n", b.Toolchain().Version, src)
	}
	bin, err = e.timedBuild(ctx, b, []byte(src))
	if err != nil {
		var be *gobuild.BuildError
		switch {
		case errors.As(err, &be):
			return "", true, compileErrorQuoting(code, be, e.progLine)
		case ctx.Err() != nil:
			return "", true, interrupted("the build was interrupted")
		}
		// The toolchain itself failed (no build cache directory, a broken
		// installation): not the user's code, which the interpreter can
		// still run.
		first, _, _ := strings.Cut(err.Error(), "\n")
		fmt.Fprintf(errWriter{e}, "yak: %s; main() runs in the interpreter\n", first)
		return "", false, nil
	}
	return bin, true, nil
}

// runBinary runs a program that buildCompiled built, with its output in
// the cell; err is the cell's error (an exit status, an interrupt).
func (e *Engine) runBinary(ctx context.Context, bin string) error {
	b := e.compiled.builder
	if !e.compiled.noted {
		e.compiled.noted = true
		fmt.Fprintf(errWriter{e}, "yak: the program ran compiled by %s in a fresh process, as go run does: package variables start from their declarations, the cells' values are not seen (%%%%interp runs main() in the interpreter)\n", b.Toolchain().Version)
	}
	e.syncOutput()
	ctx, stop := context.WithCancel(ctx)
	e.compiled.mu.Lock()
	e.compiled.stop = stop
	e.compiled.mu.Unlock()
	status, err := gobuild.Run(ctx, bin, gobuild.RunOptions{
		Env: e.cellEnv(), Stdout: e.outFile, Stderr: e.errFile,
	})
	e.compiled.mu.Lock()
	e.compiled.stop = nil
	e.compiled.mu.Unlock()
	stop()
	e.syncOutput()
	switch {
	case errors.Is(err, gobuild.ErrInterrupted):
		return interrupted("the program was interrupted (SIGINT, then SIGKILL after 2 s to what was left)")
	case err != nil:
		return &kernel.ExecError{Name: "ProgramError", Value: err.Error(), Traceback: []string{err.Error()}}
	case status == 2:
		msg := "exit status 2: the program panicked or hit a fatal error such as a deadlock (Go's message and goroutine trace are above), or called os.Exit(2)"
		return &kernel.ExecError{Name: "ExitError", Value: msg, Traceback: []string{msg}}
	case status != 0:
		msg := fmt.Sprintf("exit status %d: the program called os.Exit(%d)", status, status)
		return &kernel.ExecError{Name: "ExitError", Value: msg, Traceback: []string{msg}}
	}
	return nil
}

// mainPackage refuses a whole-program cell whose package is not main, as
// go run does, before go build makes a package archive of it (which would
// then fail to start with "permission denied").
func mainPackage(code string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", code, parser.PackageClauseOnly)
	if err != nil || f.Name.Name == "main" {
		return nil // the build says what is wrong
	}
	pos := fset.Position(f.Name.Pos())
	return compileError(code, fmt.Errorf("cell:%d:%d: package %s is not a main package: a cell with a package clause runs as go run runs a file, which must be package main (write package main, or leave the package clause out to declare into the notebook)",
		pos.Line, pos.Column, f.Name.Name))
}

// progLine is the text of line line of the cell that a compiled
// program's position names ("cell[4]"), from the declarations kept for
// programs; "" when none has it.
func (e *Engine) progLine(file string, line int) string {
	var n int
	if _, err := fmt.Sscanf(file, "cell[%d]", &n); err != nil {
		return ""
	}
	for _, d := range e.st.prog {
		if d.cell != n || line < d.line {
			continue
		}
		if lines := strings.Split(d.text, "\n"); line-d.line < len(lines) {
			src := lines[line-d.line]
			if line == d.line {
				// The declaration starts at d.col: the cell's line has
				// what comes before it (spaces, or another declaration).
				src = strings.Repeat(" ", d.col-1) + src
			}
			return strings.TrimRight(src, " \t\r")
		}
	}
	return ""
}

func interrupted(msg string) error {
	return &kernel.ExecError{Name: "Interrupted", Value: msg, Traceback: []string{"Interrupted: " + msg}}
}

// hasPackageClause reports whether the cell is a whole program.
func hasPackageClause(segs []segment) bool {
	for _, s := range segs {
		if s.kind == segPackage {
			return true
		}
	}
	return false
}

// isMainCall reports whether the cell is main() alone: the compiled run
// then comes before the interpreter's checks, so that a main that only
// the toolchain compiles (keepForCompiled) runs.
func (e *Engine) isMainCall(segs []segment) bool {
	if len(segs) != 1 || segs[0].kind != segStmt || len(segs[0].stmts) != 1 || !isMainCallStmt(segs[0].stmts[0]) {
		return false
	}
	d := e.st.prog["main"]
	n, declared := e.st.names["main"]
	return d != nil && d.kind == "func" && (!declared || n.kind == "func")
}

// keepForCompiled is asked when the interpreter failed to compile the
// declaration segment from of a cell made of declarations only (yaegi's
// generics, say), or refused the cell for a name whose declaration failed
// there (then from is 0). When the toolchain builds the notebook's program with
// the cell's declarations, they are kept for compiled runs of main(), with
// a note, and the cell succeeds; the interpreter does not have them.
func (e *Engine) keepForCompiled(ctx context.Context, segs []segment, kept map[int][]*progDecl, from int) bool {
	if e.forceInterp {
		return false
	}
	for _, s := range segs {
		if s.kind == segStmt || s.kind == segPackage {
			return false
		}
	}
	b := e.builder()
	if b == nil {
		return false
	}
	saved, seq := e.st.saveProg()
	var added []*progDecl
	for j := from; j < len(segs); j++ {
		added = append(added, kept[j]...)
	}
	if len(added) == 0 {
		return false
	}
	e.st.keepProg(added)
	src, reason, lacks := e.programSource(b.Toolchain(), added...)
	if reason == "" || e.undeclared(lacks) {
		_, err := e.build(ctx, b, []byte(src))
		if err == nil {
			// The interpreter's message (and its hints) would mislead here.
			fmt.Fprintln(errWriter{e}, "yak: the interpreter cannot compile this cell, the Go toolchain can: its declarations are kept for main(), which runs compiled; other cells do not see them")
			e.compiled.kept++
			return true
		}
		lacks = e.onlyUndefined(err)
	} else {
		lacks = nil
	}
	// The program lacks only names that no cell has declared yet (cells
	// in the order of a file whose main comes first): the declarations
	// wait for them, as pending ones do; main() builds the whole program
	// and reports Go's errors then.
	if len(lacks) > 0 {
		fmt.Fprintf(errWriter{e}, "yak: the interpreter cannot compile this cell; the program lacks %s, which no cell has declared yet: its declarations are kept for main(), which runs compiled (with Go's errors, if any); other cells do not see them\n", strings.Join(lacks, ", "))
		e.compiled.kept++
		return true
	}
	e.st.restoreProg(saved, seq)
	return false
}

// onlyUndefinedRE is the compiler's message for a name nothing declares,
// or for a builtin used as a value (a function of that name that a later
// cell declares shadows it).
var onlyUndefinedRE = regexp.MustCompile(`^(?:undefined: ([A-Za-z_][A-Za-z0-9_]*)|([a-z]+) \(built-in\) must be called)$`)

// onlyUndefined returns the names a failed build lacks when every message
// of err is of a name that no cell declares, else nil.
func (e *Engine) onlyUndefined(err error) []string {
	var be *gobuild.BuildError
	if !errors.As(err, &be) || len(be.Messages) == 0 {
		return nil
	}
	var names []string
	for _, m := range be.Messages {
		g := onlyUndefinedRE.FindStringSubmatch(m.Text)
		if g == nil {
			return nil
		}
		if n := g[1] + g[2]; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if !e.undeclared(names) {
		return nil
	}
	return names
}

// undeclared reports whether no cell declares any of names (a name a
// cell declared and the program lacks is an error, not a wait).
func (e *Engine) undeclared(names []string) bool {
	for _, n := range names {
		if e.st.prog[n] != nil || e.isDeclared(n) || e.isPackageName(n) {
			return false
		}
	}
	return len(names) > 0
}
