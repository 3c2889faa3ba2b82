// Package goengine is the yaegi-backed kernel.Interpreter: it runs notebook
// cells of Go, keeps their state from cell to cell and answers completion,
// inspection and is-complete requests.
//
//	e, err := goengine.New(goengine.Options{Symbols: []interp.Exports{symbols.Symbols}})
//	b, err := e.Execute(ctx, "x := 21\nx * 2", execIO) // b: text/plain "42"
//
// # Cells
//
// A cell may mix imports, declarations and statements in any order. The
// engine splits it into segments that yaegi accepts (imports first, then
// runs of declarations and of statements in the cell's order) and hands
// each to yaegi padded to its place in the cell, so that error positions
// ("cell:LINE:COL") are the cell's own. An import that an earlier cell made
// is skipped (yaegi rejects importing twice).
//
// # Values and display
//
// The value of the cell's last expression is its result, rendered with
// display.Render. Calls that return nothing, declarations and the (n, err)
// of fmt.Println-like calls show nothing; several results show as a tuple
// "(12, <nil>)". yaegi builds the types that cells declare with reflect, so
// their methods are invisible to compiled code; an interpreted prelude
// therefore asks the display methods (HTML, SVG, PNG, Markdown, LaTeX,
// JSON, DisplayBundle, String, Error) in interpreted code, and the engine
// rewrites a cell's display.Display, DisplayID, Update and Render calls to
// do the same. The engine installs itself as display's publisher: displays
// go to the current cell, and after it ended to the most recent one.
//
// # Redefinitions
//
// Running a cell that declares a func, var, const, type or method again
// takes effect everywhere: declarations of earlier cells that use the name
// are evaluated again (yaegi binds names at compile time), and a redefined
// type gets a new internal name (yaegi ignores a second declaration of a
// type) that users never see. Variables keep their values and types: a
// variable made before its type was redefined keeps the old type. See
// redefine.go.
//
// # Go 1.22 loop variables
//
// yaegi gives a loop one variable for all iterations (Go 1.21); the
// engine restores Go 1.22's one per iteration where closures or addresses
// can observe it (see loopvar.go). A three-clause loop whose body assigns
// its variable keeps yaegi's meaning.
//
// # Output and input
//
// os.Stdout and os.Stderr of the interpreter are pipes that the engine
// drains into the current cell's kernel.ExecIO; fmt.Print*, log and direct
// writes arrive in order, and Execute returns only after everything the
// cell wrote was delivered. Output written after a cell ended (by a
// goroutine) goes to the most recent cell's ExecIO, so the kernel must
// accept writes to an ExecIO after Execute returned; an ExecIO whose Stdout
// is io.Discard (the kernel's user_expressions) does not take that role. Reading standard input
// (fmt.Scan*, fmt.Fscan*(os.Stdin), bufio.NewReader/NewScanner(os.Stdin),
// io.ReadAll(os.Stdin)) asks the front end through ExecIO.Input, with the
// unfinished line just printed as the prompt (it is then not printed
// again). Compiled code that writes to the process's os.Stdout is not
// captured: compiled packages print through display or an io.Writer.
//
// # Errors and interrupts
//
// A cell that does not compile returns a *kernel.ExecError named
// CompileError, with the offending line. A panic, in interpreted code or in
// compiled code called from the cell, returns one named "panic" whose
// traceback lists the interpreted frames with their lines. A panic in a
// goroutine that a cell started is recovered and reported on the stderr of
// the most recent cell (the engine rewrites each `go` statement to recover,
// evaluating its arguments where Go does). From the first `go` statement a
// cell executes until the cell ends, GOMAXPROCS is 1, so that goroutines
// run in the order compiled Go's scheduler gives them (goprocs.go; a cell
// that calls runtime.GOMAXPROCS(n) keeps its own setting). A cell whose
// last statement calls the main that a cell declared (or a cell that is a
// whole program) ends the program there, as Go does when main returns:
// what goroutines write after it, up to the next cell, is dropped
// (progend.go); os.Exit ends it the same way (code 0 without an error).
// Cancelling the context of
// Execute (interrupt) stops the cell within a second, `for {}` included
// (yaegi checks for cancellation at every step), and returns the error
// "Interrupted"; goroutines started by cells stop too. Earlier state is
// kept; a cell stuck inside compiled code returns at once but that code
// runs on until it returns.
//
// # Magics
//
// Lines at the top of a cell that start with % or ! are magics, as in
// IPython: %help [NAME], %env, %time STATEMENT and %%time, %timeit and
// %%timeit (loop count, runs and report as IPython's), !cmd, %sh and
// %%sh/%%bash (streamed output, process group killed on interrupt and
// when the kernel dies, even by SIGKILL: internal/childproc; a background
// job a command leaves running stays the kernel's, watched, until %kill or
// the kernel's end: %jobs lists them, magic_shell_jobs.go),
// %%interp (main() in the interpreter, not compiled), %reset,
// %who, and those of Options.Magics or found by Options.FindMagic (the
// plugin magics %plugins and %plugin, documented by Options.MagicHelp). A
// magic has the signature of registry.Magic. %time and %timeit run their
// statement through the same path as a cell (run), so it is compiled and
// rewritten as any cell is. A cell whose last line is exit or quit makes
// Execute return kernel.ErrExit once the lines before it have run.
//
// # Compiled programs: main() with the Go toolchain
//
// A cell whose only statement is main() (calling the main a cell
// declared; declarations may precede it in the cell), or a cell that is a
// whole program with its package clause, runs the program compiled when a
// Go toolchain is installed (compiled.go, compiledsrc.go and the gobuild
// package): the engine writes the declarations as the user wrote them
// (the latest of each name, pending ones included; for a whole-program
// cell, its file alone) into a temporary module whose go.mod has the
// toolchain's version, builds it with the user's build cache and runs the
// binary in a child process, as go run does. Only what main, the init
// functions and the package variables use is compiled (the identifier
// keys of composite literals count as uses, [...]int{r0: 1}; a type
// brings the methods declared on its aliases). The program starts
// fresh (package variables from their declarations, init functions run
// again: the interpreter ran them when their cell ran,
// goroutines end with main, os.Exit and panics as Go has them, the Go
// scheduler's goroutine order); the interpreter's values are neither seen
// nor changed, and a whole-program cell declares nothing in the
// interpreter. //line directives make the compiler's messages and the
// runtime's tracebacks name the cells: "cell:L:C" for the cell that runs,
// "cell[N]:L:C" for the Nth cell the engine ran (Jupyter's In [N] when
// every cell ran once, none silently). Output streams to the cell; an
// interrupt sends SIGINT to the program's process group, SIGKILL after
// two seconds. A compile error is Go's and is not retried in the
// interpreter; a non-zero exit status is an ExitError. One note per engine
// says that the program ran compiled. The interpreter runs main() as
// before when compiling is off (YAK_GO=off; YAK_GO otherwise names the go
// command, default go on PATH) or no toolchain is found, when the program
// imports a package that is neither in the toolchain's standard library
// nor in a third-party module (yak's own packages, modules compiled into
// the kernel, source plugins; see Third-party modules), reads
// standard input (the interpreter asks the front end), or uses a name that
// only a cell's statements (x := ...) or yak's prelude make, when the go
// command fails for a reason of its own (no build cache directory, a
// broken installation: a note says so), and when the cell starts with
// %%interp. `%debug rewrite` prints the program, or why
// the interpreter runs it. A cell of declarations only that the
// interpreter fails to compile (yaegi's generics; a panic of yaegi while it
// declares funcs, types and consts counts as one) but the toolchain builds
// with the notebook's other declarations, or rejects only for names that
// no cell has declared yet, succeeds with a note: its declarations are
// kept for compiled runs of main() only.
//
// # Completion and inspection
//
// Complete offers package members (from the symbol tables, so it works
// before the import ran), names declared by cells, fields and methods of
// notebook values (x.), keywords, builtins and magics. Inspect shows the
// declaration and doc comment of package members, read with go/doc from the
// standard library's sources in GOROOT (the GOROOT environment variable,
// the toolchain that built yak, or `go env GOROOT`) and from yak's module
// source (the directory yak was built from, or $YAK_SRC); without sources
// it shows the signature from the symbol table. For names that cells
// declared it shows their source, for variables their type and value.
// While a cell runs, completion and inspection answer what needs no
// interpreter state (package members, keywords).
//
// # Third-party modules
//
// A cell that imports a package of a module path (its first element has a
// dot) that neither the symbol tables nor the GOPATH have, or %go get
// MODULE[@VERSION], runs `go get` in a scratch module of the engine's
// (GOTOOLCHAIN=local, GOWORK=off), which fetches through GOPROXY into the
// module cache; each module of `go list -m all` is then linked into the
// GOPATH under its module path, where yaegi finds its source, and the cell
// prints what was fetched and that it runs interpreted (modules.go). The
// go command must be installed: the one that builds a compiled main()
// (YAK_GO, else go on PATH; YAK_GO=off turns fetching off too, with a
// message), so that one toolchain resolves, fetches and builds. A compiled main() whose program imports
// such packages is built with the scratch module's go.mod and go.sum
// (compiledmod.go), so the program compiles them, from the module cache,
// at the versions the interpreter has; a whole-program cell fetches a
// module that no cell imported yet before it builds. The standard packages that such source
// imports get their tables as the cell's own imports do (stdimport.go).
//
// # Source plugins
//
// LoadSource(dir, importPath) compiles a directory of Go source into the
// running interpreter under its import path (it links dir into the engine's
// GOPATH, Options.GoPath or a private temporary one, and imports it), so
// that cells import it like a compiled package. Options.OnReset runs after
// a reset, to load such packages again.
//
// # The passes: what yak does to a cell's code
//
// The engine parses a cell once (cell.go), runs an ordered list of named
// passes over each segment's syntax tree (pass.go holds the list, each
// pass a file pass_NAME.go with a table test: input cell, output Go, the
// reason) and hands the result to yaegi; `%debug rewrite` prints it. A
// pass returns edits that replace single nodes with Go on the same lines,
// so positions in errors stay the user's. The passes: goroutine (recover
// panics), rename (redefined types, main, and the
// literal keys and selectors of a field that embeds a redefined type), rangeint and rangefunc (Go
// 1.22/1.23 range over integers and functions, pulled one value at a time
// through the prelude's _yakPull, with its type arguments written out for a
// compiled iterator such as strings.SplitSeq's; in a function its stop is
// deferred too, so a return or panic out of the loop ends the iterator), methodvalue (a value-receiver method
// value x.M copies x when evaluated), cmpor (cmp.Or calls the prelude's
// _yakOr), errorf (a cell composite literal given to fmt.Errorf's %w or
// to a variable of type error goes through a function returning error:
// stored straight, a value-receiver error type loses its methods), generic (explicit type arguments),
// define (a type for `x := e` at the top level where yaegi cannot type e;
// `a, err := f()` and the comma-ok forms declare their variables by var,
// which yaegi makes globals),
// newexpr (Go 1.26 new(expr)), constdiv (a division of untyped integer
// constants becomes its value: yaegi divides them as floats when the
// result goes to a float), multilit (a composite literal among several
// assigned values is parenthesized: yaegi zeroes the other values),
// funcarg (a cell function given to a call that spreads a slice is
// converted to the parameter's type: yaegi passes its node), namedresult
// (named results are zeroed at the start of every call: yaegi keeps them
// from the last call at the same place in a loop), switchcase (the
// conditions of a case of a tagless switch are joined by ||: yaegi takes
// the case as false when its first condition is), namedslice (the result
// of slices.Clone and the other supplied functions whose Go result is
// their first argument's type is converted back to a named slice or map
// type: the supplement takes []E), earliervar (a package-level variable
// that reads an earlier cell's variable, beside functions or types, is
// assigned by an init function: yaegi's "variable definition loop"),
// embedfwd (a cell struct gets a forwarding method for each method of an
// embedded compiled type, and an embedded interface becomes a field: yaegi's
// reflect structs have none of them; so it does for an embedded cell type,
// whose methods yaegi promotes to calls but not to the method set that fmt
// and interface checks read, also when a later cell gives that type a
// method: pass_embedcell.go), loopvar (Go 1.22 per-iteration loop
// variables), toplevel (compound statements at the top level run in a
// function literal), deferclosure (a function literal held in a variable
// that its function defers a call of is made by a function literal of its
// own: yaegi's deferred call of it waited for the frame's lock forever;
// and a deferred function literal in a loop is made at the defer
// statement: yaegi made it when the call ran, with the last iteration's
// variables),
// defer (arguments evaluated at the defer), recover
// (recover() goes through the engine, which takes the panic value out of
// the reflect.Value yaegi wraps it in, so r.(error) and r.(string) work),
// recvreturn (`return <-c` is parenthesized: yaegi panicked storing the
// receive into the result), selectsend (a composite or function literal
// sent from a select's case is computed before the select: yaegi zeroed
// the literal's computed elements, and sent a function literal as nil),
// selectbranch (a labeled break or continue in
// a select's case goes into a block: yaegi took it for the select's own),
// ifaceassert (an assertion to a cell's interface
// is decided by the cells' method sets, pass_celltypes.go, then yaegi's
// assertion that only reports, then a type switch for the value: yaegi
// panicked where the switch matches, and its checks count a pointer
// receiver's methods for a value and miss a *T of value receivers; so is
// one to an interface literal, x.(interface{ Describe() string }), and a
// type switch's case of one, which yaegi's assertion panicked on too; nil
// asserts to none of them; and one to a compiled interface that keeps
// the value, s, ok := v.(fmt.Stringer), goes through an interface literal
// of its methods and an assignment, where yaegi panicked for a cell value,
// as does a type switch's `case error:` or `case fmt.Stringer:`, which
// yaegi never took),
// anyvalue (a cell value or variable stored straight in an any goes
// through a []any: yaegi stored it without its type), errself (a
// value-receiver error type gets a _yakSelf method returning the value,
// and err.(T) asserts the value that err holds: yaegi's wrapper for error
// keeps a struct as its last field; errwrap.go lists composed wrappers
// that give compiled errors.Is/As/Unwrap the Unwrap, Is and As methods of
// cell error types),
// okassert (the operand of a comma-ok type assertion goes through
// _yakNonNil: yaegi panicked on nil asserted to an interface type), display,
// minmax, jsontag (unexported fields of cell structs, which yaegi exports
// as X<name>, get json:"-" and xml:"-"), fmtcall (an argument of a fmt
// print function whose static type holds a cell type with String, Error,
// Format or GoString methods, or a named non-struct cell type, goes to fmt
// through the engine's adapter with that type: fmtadapt.go walks the value
// as fmt does and calls the methods in interpreted code, since yaegi hands
// compiled fmt a []Temp as a []float64; other cell function results are
// parenthesized and a variable of a cell interface type converted to any,
// so that fmt still sees the String method; %T of an any or an error goes
// through _yakhook.Held, which keeps yaegi's holder with the value's type,
// and so does every print of one once a cell type has a Format method that
// is not fmt's (time.Time's Format(string) string, promoted through an
// embedded field, made yaegi pass the value as a broken fmt.Formatter);
// the print functions print such a holder by its Format, Error, String or
// GoString method, called in interpreted code: fmtvalues.go, fmtheld.go),
// jsonvalue (a
// json.Marshal whose argument holds an interface calls the engine's, which
// takes cell values out of yaegi's holders and calls their MarshalJSON:
// jsonheld.go; otherwise the argument of
// json.Marshal and json.MarshalIndent whose type holds a cell type with
// MarshalJSON below the top goes through jsonadapt.go's adapter, which
// writes fields by their tags and calls the method in interpreted code;
// json.Unmarshal(b, &x) of a cell type with UnmarshalJSON calls the method
// in interpreted code on the checked input; of a cell struct whose fields'
// types have it, the object's members go to the fields one by one, matched
// as encoding/json matches them, through the method where a field has it:
// pass_jsonfield.go)
// and panic. Passes that depend on types read them from what the
// engine can see (pass_scope.go, pass_typeof.go): declarations in the
// cell, signatures in the symbol tables, values of earlier cells.
//
// Around the passes: a cell compiles whole before any of it runs;
// packages used without an import are imported (autoimport.go);
// declarations that use a name no cell declared wait and are compiled
// when it is declared (pending.go; declarations that wait only for each
// other are compiled together, one that gives a value to an interface
// waits for the type's missing methods, and an array length that names a
// builtin, [max]int, waits for the constant); values of cell struct types print as
// compiled Go prints them (fmtvalues.go; %T of the instantiations of a
// generic one that the cells write out, main.Pair[int]: fmtgeneric.go); index panics name the index and
// the length where they can be evaluated again (panicindex.go).
//
// # yaegi limitations
//
// yaegi v0.16.1 implements the Go 1.21 language. The standard library's
// tables are kernel/stdlib's, generated from the toolchain that builds
// yak; a fresh interpreter gets the few packages of stdBase and every
// other table on the first import of its package (stdimport.go), so that
// starting an interpreter builds ~10 tables instead of ~170. Generic
// functions and types have no tables; the engine supplies some as source
// (generic.go, stdsupplement.go): slices, maps, cmp, errors.AsType,
// iter.Seq and iter.Seq2, sync.OnceValue and sync.OnceValues (compiled on
// sync's first import; the define pass writes the type of a variable they
// initialize, which yaegi cannot infer) — not iter.Pull, nor the other
// generic functions of Go 1.22-1.26: unique.Make, reflect.TypeFor...
// errors.AsType, like errors.As, cannot find an error of a type declared
// in a cell once compiled code has wrapped it (fmt.Errorf's %w). What the
// language has gained since Go 1.21, the passes rewrite (see below);
// generic type aliases are rejected with what to write instead. yaegi's
// generics are fragile: its type inference fails when a type parameter
// appears only in a function argument's type, which the generic pass
// works around for functions declared in cells when it can bind the type
// parameters from the arguments' syntax; where it cannot, `v := g(x)` at
// the top level still crashes yaegi's compiler (the error says to declare
// v first), and a method redefined on a generic type does not reach
// instantiations with type arguments used before the redefinition. A type
// declared in a cell whose display methods have value receivers is not
// recognized through a pointer to it; recover() returns a panic value of
// such a type without its type (printing it works, a type assertion on it
// fails). The engine still reports an escaping panic with the value's
// Error() or String() text. yaegi
// defines the names of a cell that fails to compile anyway; the engine
// reports them as undefined until a cell declares them again. yaegi's
// cancellation does not wait for the interrupted code to notice: it ends
// its current step in the background, racing with the next cell (the race
// detector sees this inside yaegi in the interrupt tests).
package goengine
