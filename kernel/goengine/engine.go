package goengine

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/cellctx"
	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/kernel"
	"github.com/yaknb/yak/kernel/stdlib"
)

// Magic runs a line magic (a cell line `%name args`). args is the text after
// the name; out is the cell's standard output. It has the signature of
// registry.Magic, so plugin magics convert directly.
type Magic func(args string, out io.Writer) error

// Options configure an Engine.
type Options struct {
	// Symbols are extra yaegi symbol tables (the generated plugins/symbols),
	// used after the standard library's.
	Symbols []interp.Exports
	// Magics adds line magics by name (without the %). Built-in names
	// (see %help) cannot be replaced.
	Magics map[string]Magic
	// MagicHelp documents magics that the engine does not implement itself
	// (those of Magics, FindMagic): name without the %, then its help text,
	// whose first line is the one-line usage that %help lists.
	MagicHelp map[string]string
	// FindMagic, when set, is asked for a magic that is neither built in nor
	// in Magics (plugins can add magics while the kernel runs).
	FindMagic func(name string) (Magic, bool)
	// Stdout and Stderr receive output written when no cell has run yet
	// (e.g. by source plugins loaded at start); default os.Stdout/os.Stderr.
	Stdout, Stderr io.Writer
	// OnReset, when set, runs after Reset and %reset have made a fresh
	// interpreter (e.g. to load the source plugins of YAK_PLUGIN_PATH
	// again); it may call LoadSource.
	OnReset func()
	// GoPath is the GOPATH through which the interpreter imports packages
	// from Go source (source plugins). Empty: the engine makes a private one
	// in a temporary directory, which LoadSource links plugin directories into.
	GoPath string
	// Version is yak's version, which kernel_info reports as the
	// implementation version (the one `yak version` prints); "dev" when empty.
	Version string
}

// Engine is the yaegi-backed kernel.Interpreter. One engine serves one
// kernel; it runs one cell at a time.
type Engine struct {
	opts Options

	mu        sync.Mutex // one Execute (or Reset, Complete of state) at a time
	jobs      shellJobs  // what shell commands left running (magic_shell_jobs.go)
	ip        *interp.Interpreter
	st        *state
	out       router
	stdout    *pipe
	stderr    *pipe
	in        *stdin
	inFile    *os.File // the os.Stdin that interpreted code sees (always at EOF)
	outFile   *os.File
	errFile   *os.File
	trace     traceBuf
	procs     procs   // GOMAXPROCS while a cell's goroutines run (goprocs.go)
	ends      progEnd // output after a program's main returned (progend.go)
	gopath    string
	ownPath   bool
	prevPub   display.Publisher
	closed    bool
	timeCell  *cellTimer
	showGo    bool // %debug rewrite: print the Go each segment became
	retrying  bool // compiling pending declarations (pending.go)
	inMagic   bool // a magic or OnReset runs (under mu): LoadSource must not lock
	initErr   error
	typeNames typeNames                     // cell struct types by their reflect type (fmtvalues.go)
	fmtHeld   atomic.Pointer[heldFmtFuncs]  // the prelude's functions for fmtheld.go
	jsonAny   atomic.Pointer[reflect.Value] // the prelude's _yakJSONAny (jsonheld.go)
	syms      interp.Exports                // every symbol table the interpreter uses
	// misformatMemo: whether a declaration of an earlier cell may give a
	// type a Format that is not fmt's (pass_fmtcall.go).
	misformatMu   sync.Mutex
	misformatMemo map[*def]bool

	stdLoaded map[string]bool // standard packages handed to the interpreter (stdimport.go)
	srcSeen   map[string]bool // source packages whose imports stdimport.go followed
	mods      modules         // third-party modules linked into the GOPATH (modules.go)

	cellNo      int  // cells run (In [N] when no cell was silent), for compiled positions
	forceInterp bool // %%interp: this cell's main() runs in the interpreter
	compiled    compiledRuns
	goSites     goSites // the go statements compiled (pass_goroutine.go)

	shownMu sync.Mutex
	shown   []shown

	panicMu   sync.Mutex
	panicText [2]string // fmt's %v of the last _yakPanic value, and its text

	// goPanicked, when set (by tests), runs after a goroutine's panic was
	// reported: deferred calls in the goroutine run before the report,
	// so nothing the goroutine itself does can tell a test it is out.
	goPanicked func()
}

var _ kernel.Interpreter = (*Engine)(nil)

// New creates an engine. Its interpreter is made in the background; the
// first request that needs it waits for it.
func New(opts Options) (*Engine, error) {
	e := &Engine{opts: opts}
	e.out.fallOut, e.out.fallErr = opts.Stdout, opts.Stderr
	if e.out.fallOut == nil {
		e.out.fallOut = os.Stdout
	}
	if e.out.fallErr == nil {
		e.out.fallErr = os.Stderr
	}
	var err error
	if e.stdout, err = newPipe(e.out.writeOut); err != nil {
		return nil, err
	}
	if e.stderr, err = newPipe(e.out.writeErr); err != nil {
		e.stdout.Close()
		return nil, err
	}
	r, w, err := os.Pipe()
	if err != nil {
		e.stdout.Close()
		e.stderr.Close()
		return nil, fmt.Errorf("goengine: cannot create the stdin pipe: %w", err)
	}
	w.Close() // reads of os.Stdin itself end at once; see stdin in output.go
	e.inFile = r
	e.outFile, e.errFile = e.stdout.w, e.stderr.w
	e.in = &stdin{e: e}
	e.gopath = opts.GoPath
	if e.gopath == "" {
		dir, err := os.MkdirTemp("", "yak-gopath-")
		if err != nil {
			e.Close()
			return nil, fmt.Errorf("goengine: cannot create a GOPATH: %w", err)
		}
		e.gopath, e.ownPath = dir, true
		os.MkdirAll(dir+"/src", 0o755)
	}
	e.prevPub = display.SetPublisher(publisher{e})
	// The interpreter (standard library tables, generic sources, prelude:
	// some milliseconds) is built in the background, so that the kernel
	// answers kernel_info at once; everything that needs it takes e.mu,
	// which the builder holds until it is done.
	e.st = newState()
	e.mu.Lock()
	go func() {
		defer e.mu.Unlock()
		e.initErr = e.fresh()
	}()
	return e, nil
}

// fresh replaces the interpreter with a new one holding only the prelude.
func (e *Engine) fresh() error {
	ip := interp.New(interp.Options{
		GoPath: e.gopath,
		Stdin:  e.in,
		Stdout: e.outFile,
		Stderr: yaegiStderr{e},
		Args:   []string{"yak"},
		// The process's own environment, as a Go program has it:
		// os.Setenv in a cell reaches the commands it starts.
		Unrestricted: true,
	})
	e.stdLoaded, e.srcSeen = map[string]bool{}, map[string]bool{}
	std := e.stdlib()
	// syms holds every table, the standard library's included, for
	// auto-import and the passes' symbol look-ups; the interpreter gets
	// the base now and the other standard packages on first import.
	syms := interp.Exports{}
	for k, v := range stdlib.All() {
		syms[k] = v
	}
	for k, v := range std {
		syms[k] = v
	}
	for _, s := range e.opts.Symbols {
		for k, v := range s {
			syms[k] = v
		}
	}
	if err := ip.Use(std); err != nil {
		return fmt.Errorf("goengine: loading the standard library symbols: %w", err)
	}
	for _, src := range []string{slicesSupplement, mapsSupplement, iterSource, errorsSupplement} {
		if _, err := ip.Compile(src); err != nil {
			return fmt.Errorf("goengine: generic standard library supplement: %w", err)
		}
	}
	if !installFmt(ip, e.fmtSymbols()) || !installErrorWrappers(ip) {
		return fmt.Errorf("goengine: the pinned yaegi's interpreter layout changed (binPkg, mapTypes): see installFmt")
	}
	if err := ip.Use(e.hookSymbols()); err != nil {
		return fmt.Errorf("goengine: loading the engine hooks: %w", err)
	}
	hasDisplay := false
	for _, s := range e.opts.Symbols {
		if err := ip.Use(s); err != nil {
			return fmt.Errorf("goengine: loading symbols: %w", err)
		}
		if _, ok := s[displayKey]; ok {
			hasDisplay = true
		}
	}
	if _, err := ip.Eval(prelude(hasDisplay)); err != nil {
		return fmt.Errorf("goengine: prelude: %w", err)
	}
	fk, err := ip.Eval("_yakFmtKind")
	if err != nil {
		return fmt.Errorf("goengine: prelude: %w", err)
	}
	fc, err := ip.Eval("_yakFmtCall")
	if err != nil {
		return fmt.Errorf("goengine: prelude: %w", err)
	}
	ff, err := ip.Eval("_yakFmtFormat")
	if err != nil {
		return fmt.Errorf("goengine: prelude: %w", err)
	}
	e.fmtHeld.Store(&heldFmtFuncs{kind: fk, call: fc, format: ff})
	e.misformatMu.Lock()
	e.misformatMemo = nil // the declarations start anew
	e.misformatMu.Unlock()
	ja, err := ip.Eval("_yakJSONAny")
	if err != nil {
		return fmt.Errorf("goengine: prelude: %w", err)
	}
	e.jsonAny.Store(&ja)
	e.ip = ip
	e.syms = syms
	e.st = newState()
	return nil
}

const displayKey = "github.com/yaknb/yak/display/display"

// stdlib is the base of the standard library (stdBase) with the engine's
// I/O symbols in place; the other packages follow when first imported
// (stdimport.go). The overrides go into copies of the package maps, all in
// one Use: yaegi redoes its standard library set-up whenever a Use
// includes package fmt.
func (e *Engine) stdlib() interp.Exports {
	syms := stdlib.Symbols(stdBase...)
	for _, p := range stdBase {
		e.stdLoaded[p] = true
	}
	for k, over := range e.ioSymbols() {
		m := make(map[string]reflect.Value, len(syms[k])+len(over))
		for n, v := range syms[k] {
			m[n] = v
		}
		for n, v := range over {
			m[n] = v
		}
		syms[k] = m
	}
	return syms
}

// ioSymbols points the interpreter's os.Stdin/Stdout/Stderr at the engine's
// files, and makes the usual ways of reading standard input (bufio readers
// and scanners, fmt.Fscan*, io.ReadAll on os.Stdin) ask the front end.
func (e *Engine) ioSymbols() interp.Exports {
	sub := func(r io.Reader) io.Reader {
		if f, ok := r.(*os.File); ok && f == e.inFile {
			return e.in
		}
		return r
	}
	return interp.Exports{
		"os/os": {
			"Stdin":  reflect.ValueOf(&e.inFile).Elem(),
			"Stdout": reflect.ValueOf(&e.outFile).Elem(),
			"Exit":   reflect.ValueOf(e.osExit),
			"Stderr": reflect.ValueOf(&e.errFile).Elem(),
		},
		"bufio/bufio": {
			"NewReader":     reflect.ValueOf(func(r io.Reader) *bufio.Reader { return bufio.NewReader(sub(r)) }),
			"NewReaderSize": reflect.ValueOf(func(r io.Reader, n int) *bufio.Reader { return bufio.NewReaderSize(sub(r), n) }),
			"NewScanner":    reflect.ValueOf(func(r io.Reader) *bufio.Scanner { return bufio.NewScanner(sub(r)) }),
		},
		"io/io": {
			"ReadAll": reflect.ValueOf(func(r io.Reader) ([]byte, error) { return io.ReadAll(sub(r)) }),
		},
		"errors/errors": {"As": reflect.ValueOf(errorsAs), "Is": reflect.ValueOf(errorsIs)},
		"fmt/fmt": {
			"Fscan":   reflect.ValueOf(func(r io.Reader, a ...any) (int, error) { return fmt.Fscan(sub(r), a...) }),
			"Fscanln": reflect.ValueOf(func(r io.Reader, a ...any) (int, error) { return fmt.Fscanln(sub(r), a...) }),
			"Fscanf": reflect.ValueOf(func(r io.Reader, f string, a ...any) (int, error) {
				return fmt.Fscanf(sub(r), f, a...)
			}),
		},
	}
}

// Info describes Go for kernel_info_reply.
func (e *Engine) Info() kernel.LanguageInfo {
	v := strings.TrimPrefix(runtime.Version(), "go")
	return kernel.LanguageInfo{
		Name:              "go",
		Version:           v,
		MimeType:          "text/x-go",
		FileExtension:     ".go",
		PygmentsLexer:     "go",
		CodeMirrorMode:    "go",
		Implementation:    "yak",
		ImplementationVer: cmp.Or(e.opts.Version, "dev"),
		Banner:            "yak: Go " + v + " interpreted by yaegi. %help lists the magics.",
		HelpLinks: []kernel.HelpLink{
			{Text: "Go", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "yaegi", URL: "https://github.com/traefik/yaegi"},
		},
	}
}

// Execute runs one cell; see kernel.Interpreter.
func (e *Engine) Execute(ctx context.Context, code string, xio kernel.ExecIO) (*display.Bundle, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, errors.New("goengine: the engine is closed")
	}
	if e.initErr != nil {
		return nil, e.initErr
	}
	defer cellctx.Enter(ctx)() // compiled code and the prelude's ctx see this cell's context
	e.resumeOutput()
	prev := e.out.current()
	e.out.setCurrent(xio)
	if xio.Stdout() == io.Discard && prev != nil {
		// A quiet evaluation (the kernel's user_expressions) is not where
		// late output of the last real cell should go.
		defer e.out.setCurrent(prev)
	}
	display.SetPublisher(publisher{e})
	e.in.reset()
	e.trace.reset()
	e.procs.cellStart()
	defer e.procs.cellEnd()
	defer e.finish()

	e.timeCell = nil
	e.showGo = false
	e.forceInterp = false
	e.compiled.toldReason = ""
	if xio.Stdout() != io.Discard {
		e.cellNo++
	}
	defer e.reportTiming()
	code, err := e.magics(ctx, code, xio)
	if err != nil || strings.TrimSpace(code) == "" {
		return nil, err
	}
	b, err := e.run(ctx, code)
	if err == errExit0 { // the program ended (progend.go)
		e.syncOutput()
		io.WriteString(xio.Stderr(), "yak: os.Exit(0) ended the program here (the kernel keeps running)\n")
		return nil, nil
	}
	return b, err
}

// finish delivers what the cell wrote before Execute returns.
func (e *Engine) finish() {
	e.syncOutput()
	e.out.flush()
	trimRoots(e.ip)
}

// syncOutput waits until everything written to os.Stdout/os.Stderr so far
// has reached the router.
func (e *Engine) syncOutput() {
	e.stdout.Sync()
	e.stderr.Sync()
}

// Reset drops all state: a new interpreter with only the prelude.
func (e *Engine) Reset() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reset()
}

// reset makes a fresh interpreter and runs Options.OnReset (e.mu held).
func (e *Engine) reset() error {
	if e.initErr = e.fresh(); e.initErr != nil {
		return e.initErr
	}
	if e.opts.OnReset != nil {
		e.inMagic = true
		e.opts.OnReset()
		e.inMagic = false
	}
	return nil
}

// Close releases the engine's pipes and its private GOPATH and restores
// the display publisher that was installed before New.
func (e *Engine) Close() error {
	// A compiled main() that runs is stopped (compiled.go).
	e.compiled.stopRunning()
	// A cell stuck in compiled code must not stop the kernel from shutting
	// down: after two seconds, close without the lock.
	locked := false
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if locked = e.mu.TryLock(); locked {
			break
		}
	}
	if locked {
		defer e.mu.Unlock()
	}
	if e.closed {
		return nil
	}
	e.closed = true
	// Background jobs of shell commands end with the kernel (SIGTERM
	// first; the watchdogs would SIGKILL them when the process exits).
	e.jobs.stopAll()
	if p, ok := display.CurrentPublisher().(publisher); ok && p.e == e {
		display.SetPublisher(e.prevPub)
	}
	e.stdout.Close()
	e.stderr.Close()
	e.inFile.Close()
	if e.ownPath {
		os.RemoveAll(e.gopath)
	}
	if e.mods.dir != "" {
		os.RemoveAll(e.mods.dir)
	}
	if e.compiled.builder != nil {
		e.compiled.builder.Close()
	}
	return nil
}
