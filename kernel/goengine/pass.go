package goengine

import (
	"fmt"
	"go/ast"
	"io"
	"strings"

	"github.com/yaknb/yak/kernel"
)

// What yak does to a cell's code. The engine parses a cell once (cell.go
// splits it into segments and parses each), then runs the passes below, in
// this order, over each segment's syntax tree. A pass does not print Go of
// its own: it returns edits, each replacing the text of one syntax node (or
// inserting at one position) by Go that keeps the node on its line, so that
// every untouched byte of the cell keeps its line and column and error
// positions need no map back to the user's lines. Where a replacement holds
// a node that other passes change too (the range expression of a rewritten
// loop, the arguments of a `go` call), the pass asks for that node's text
// with the edits of all passes applied (passCtx.text). `%debug rewrite`
// prints the Go a cell became.
//
// Each pass lives in pass_NAME.go with a table test in pass_NAME_test.go
// (input cell, output Go, the reason).
type pass struct {
	name string
	why  string
	run  func(e *Engine, c *passCtx) []edit
}

// passes is the ordered pipeline (filled in init: passes call rewrites).
var passes []pass

func init() {
	passes = []pass{
		{"goroutine", "a panic in a goroutine would end the kernel: every go statement recovers and reports it to the cell", goroutinePass},
		{"rename", "yaegi cannot declare a type twice: a redefined type and main get internal names (and so does the field that embeds such a type, where a literal's key or a selector names it)", renamePass},
		{"namedslice", "the supplied slices and maps functions take []E where Go takes S ~[]E (yaegi cannot infer E from S): a call whose first argument has a named slice or map type is converted back to it", namedSlicePass},
		{"rangeint", "range over an integer (Go 1.22) crashes yaegi: it becomes a three-clause loop", rangeIntPass},
		{"rangechan", "yaegi takes for k, v := range x for a range over a channel when v is a channel, and panics on a slice or map of channels: the loop reads the value by index", rangeChanPass},
		{"rangefunc", "range over a function (Go 1.23) crashes yaegi: the loop pulls the iterator's values one at a time", rangeFuncPass},
		{"newexpr", "new(expr) (Go 1.26) yields a pointer to the zero value in yaegi: it becomes a call that copies the value", newExprPass},
		{"constdiv", "yaegi divides untyped integer constants as floats when the result goes to a float (var f float64 = 3 / 2 is 1.5): an integer constant division becomes its value", constDivPass},
		{"multilit", "yaegi zeroes the other values of an assignment of several values where one is a composite literal (s, f := []int{1}, 1.5 leaves f 0): the literal is parenthesized", multiLitPass},
		{"funcarg", "yaegi can pass a function declared in a cell to a call that spreads a slice (f(g, xs...)) as its interpreter node, and the call panics: the function is converted to the parameter's type", funcArgPass},
		{"variadicany", "yaegi spreads a []any that a call hands to a variadic ...any parameter of a cell function, or to append on a []any, without \"...\" (show(row, 2) got row's elements): the parameter's values go in an explicit slice", variadicAnyPass},
		{"namedresult", "yaegi does not zero a function's named results when it is called again from the same place in a loop (sum returns 3, then 6): they are set to their zero values first", namedResultPass},
		{"typeswitch", "yaegi never takes a case naming a cell's struct type in a type switch without a variable (switch x.(type)): the switch gets a variable; with one, a case naming a cell's interface is taken for a value without all its methods, and a case naming a cell type with methods is taken by the type's fields: inside a function, such a switch becomes a switch on the clause that the cells' method sets, yaegi's assertions that only report and its type switch without a variable pick; a case of a compiled interface (case error:, case fmt.Stringer:), which yaegi never took, is checked the same way", typeSwitchPass},
		{"switchcase", "in a switch without a tag, yaegi takes case a, b: as false when a is false: the conditions are joined by ||", switchCasePass},
		{"methodexpr", "yaegi panics when a method expression ((*T).M) is called: it becomes a function literal that calls the method", methodExprPass},
		{"methodvalue", "yaegi binds a method value x.M to the variable x, where Go copies x for a value receiver when x.M is evaluated: x becomes a copy", methodValuePass},
		{"cmpor", "yaegi cannot infer the type parameter of cmp.Or from variadic arguments: the call goes to the prelude's _yakOr", cmpOrPass},
		{"errorf", "yaegi makes a cell value an error properly only as the result of a function returning error (stored straight, a value-receiver error type loses its methods, and %w panics): a composite literal given to fmt.Errorf's %w or to a variable of type error goes through one", errorfPass},
		{"genericvalue", "yaegi gives a generic function of cmp, slices or maps used as a value its uninstantiated type (slices.SortFunc(xs, cmp.Compare) did not compile) and fails on an instantiation that is not called (cmp.Compare[int]): it becomes a function literal of the type the parameter or the type arguments give, which calls it", genericValuePass},
		{"generic", "yaegi infers a type parameter that only a function argument's type gives wrongly: the type arguments are written out", genericPass},
		{"define", "yaegi cannot type some initializers of top-level variables (an index into a compiled value, a generic call): x := e gets its type; the variables of a top-level a, err := f() are not globals in yaegi: they are declared by var", definePass},
		{"earliervar", "yaegi orders the initializers of package-level variables it compiles together by the variables they read, and reports one that reads an earlier cell's variable as a \"variable definition loop\" (in a cell that declares functions or types too; the variable stays zero): its value is assigned by an init function", earlierVarPass},
		{"loopvar", "yaegi gives a loop one variable for all iterations (Go 1.21): closures get a copy per iteration", loopVarPass},
		{"toplevel", "yaegi makes every variable of a top-level statement global, and := of several values in a top-level block fails: compound statements run in a function literal", topLevelPass},
		{"deferclosure", "yaegi runs deferred calls holding the lock of the function's frame, which a closure that the function made takes when it returns: a function literal that the function defers a call of is made by a function literal of its own; yaegi makes a deferred function literal when the call runs (a loop's all see the last iteration): in a loop it is made at the defer statement", deferClosurePass},
		{"defer", "yaegi evaluates a deferred call's arguments when the call runs: they are evaluated at the defer statement", deferPass},
		{"recover", "yaegi's recover returns the panic value inside a reflect.Value, so r.(error) and every other type assertion on it is false: recover() goes through the engine, which takes the value out", recoverPass},
		{"recvreturn", "yaegi panics on return <-c (reflect: reflect.Value.Set using unaddressable value): the receive is parenthesized", recvReturnPass},
		{"selectsend", "yaegi sends a composite literal from a select's case with its computed elements zeroed (case c <- []int{j, j*2}: sent [j 0]) and a function literal there as nil: such values are computed before the select, in a block around it", selectSendPass},
		{"selectbranch", "yaegi takes a labeled break or continue that is a statement of a select's case for the select's own (break loop did not leave the loop): it goes into a block, where yaegi takes the label", selectBranchPass},
		{"anyvalue", "yaegi stores a cell value in a variable of type any without its type when it goes there straight (var x any = T{}), so it asserts to none of its interfaces: the value goes through a []any, which keeps it; a *T whose methods all have value receivers goes there, and to a cell function's parameter of type any or a []any, through a slice of T's method set", anyValuePass},
		{"ifaceassert", "yaegi panics on a type assertion x.(I) to an interface that a cell declares (or an interface literal, x.(interface{ M() }); and on nil), where a type switch matches (and also matches a value without all of I's methods): and counts a pointer receiver's methods for a value, and a *T of value receivers reaches an any without its methods: the cells' method sets decide first, then the assertion that only reports and a type switch; an assertion to a compiled interface that keeps the value (s, ok := v.(fmt.Stringer)) goes through an interface literal of its methods, then an assignment: yaegi panicked on it for a cell value", ifaceAssertPass},
		{"okassert", "yaegi panics on a comma-ok type assertion to an interface type of a nil interface value, where Go gives false: the operand goes through the prelude's _yakNonNil", okAssertPass},
		{"errself", "yaegi keeps a struct value that becomes an error as its last field, so errors.As and err.(T) cannot find a value-receiver error type: its Error method gets a twin _yakSelf that returns the value, which the engine's error wrappers call (errwrap.go)", errSelfPass},
		{"display", "display.Display and its kin cannot see the methods of cell types from compiled code: they go through the prelude", displayPass},
		{"minmax", "the prelude's min and max infer their type from the first argument: a typed argument goes first", minMaxPass},
		{"embedfwd", "yaegi's struct types do not get the methods of an embedded compiled type (so *T embedding sync.Mutex is no sync.Locker), and one that embeds a compiled interface and has methods of its own panics when it is made: the struct gets a method that calls the embedded value's for each, and an embedded interface becomes a field of its name; an embedded cell type's methods, which yaegi promotes to calls only (fmt printed a Dog embedding Animal by its fields, not Animal's String), are forwarded too, also those a later cell declares", embedFwdPass},
		{"jsontag", "yaegi exports an unexported field of a cell struct as X<name>, which encoding/json and encoding/xml would write: the field gets json:\"-\" and xml:\"-\" tags", jsonTagPass},
		{"fmtcall", "yaegi hands fmt a value of a cell type nested in a slice, map, array, struct or pointer (and a call's result) without its String, Error, Format or GoString method: such an argument goes through the engine's adapter with its static type (pass_fmtvalue.go); other call results are parenthesized; and where a cell type has a Format that is not fmt's (its own, or time.Time's promoted), whose name makes yaegi wrap it as a fmt.Formatter and panic, an argument of type any or error goes to the print function as yaegi holds it (fmtheld.go)", fmtCallPass},
		{"jsonvalue", "yaegi hands encoding/json a cell value below the top (a field, an element) without its MarshalJSON method: json.Marshal's argument goes through the engine's adapter with its static type; json.Unmarshal(b, &x) of a cell type with UnmarshalJSON reached encoding/json as a copy (\"Unmarshal(non-pointer ...)\"): the method is called in the interpreter, and of a struct whose fields' cell types have UnmarshalJSON the members go to the fields one by one, through the method where a field has it; a cell value held in an any (also inside a slice, map or struct) reached encoding/json as yaegi's holder without fields ({}): json.Marshal of a value that holds an interface goes through the engine, which takes the values out of their holders", jsonValuePass},
		{"panic", "compiled code cannot call the Error or String method of a cell type: panic(v) tells the engine v's text first", panicPass},
	}
}

// passCtx is what a pass works on: the part [start, end) of segment s of
// the cell code.
type passCtx struct {
	code       string
	s          *segment
	start, end int
	e          *Engine
	forwarded  map[string][]forwardedMethod // forwardedOf, by type name
	fmtHeld    int8                         // fmtHeldArgs: 0 not asked yet, 1 no, 2 yes
	// fmtPkg names fmt in the adapter's leaf functions: "fmt" in a
	// cell's print calls, the prelude's import where the cell may not
	// import fmt (a cell's last expression); "" is "fmt".
	fmtPkg string
}

// fmtName is the name by which the code that the passes write calls fmt.
func (c *passCtx) fmtName() string {
	if c.fmtPkg == "" {
		return "fmt"
	}
	return c.fmtPkg
}

// roots are the syntax trees of the segment: its statements, or its file.
func (c *passCtx) roots() []ast.Node {
	if c.s == nil {
		return nil // asked about earlier cells alone (forwardsMethod)
	}
	if c.s.kind == segStmt {
		out := make([]ast.Node, len(c.s.stmts))
		for i, st := range c.s.stmts {
			out[i] = st
		}
		return out
	}
	return []ast.Node{c.s.file}
}

// inspect walks every root.
func (c *passCtx) inspect(f func(ast.Node) bool) {
	for _, r := range c.roots() {
		ast.Inspect(r, f)
	}
}

// span is the cell offsets of n, and whether it lies within the part.
func (c *passCtx) span(n ast.Node) (int, int, bool) {
	a, b := c.s.offset(n.Pos()), c.s.offset(n.End())
	return a, b, a >= c.start && b <= c.end
}

// text is the Go of node n after every pass.
func (c *passCtx) text(n ast.Node) string {
	a, b := c.s.offset(n.Pos()), c.s.offset(n.End())
	return applyEdits(c.code, a, b, c.e.rewrites(c.code, c.s, a, b))
}

// rewrites lists the edits of every pass to the part [start, end) of a
// segment.
func (e *Engine) rewrites(code string, s *segment, start, end int) []edit {
	if s.kind == segPackage {
		return nil
	}
	c := &passCtx{code: code, s: s, start: start, end: end, e: e}
	var edits []edit
	for _, p := range passes {
		edits = append(edits, p.run(e, c)...)
	}
	return edits
}

// debugRewrite prints, for `%debug rewrite`, the Go that each segment of
// the cell became.
func (e *Engine) debugRewrite(out io.Writer, s *segment, src string) {
	kind := map[segKind]string{segImport: "imports", segDecl: "declarations", segStmt: "statements", segPackage: "program"}[s.kind]
	fmt.Fprintf(out, "// %s:\n%s\n", kind, strings.Trim(strings.TrimLeft(src, stmtLead), "\n"))
}

// debugMagic is %debug: `%debug rewrite` shows the Go of the cell.
func (e *Engine) debugMagic(args string) error {
	if args != "rewrite" {
		return &kernel.ExecError{Name: "UsageError", Value: "%debug takes one argument: rewrite (show the Go the cell became)",
			Traceback: []string{"UsageError: %debug rewrite shows the Go the cell became"}}
	}
	e.showGo = true
	return nil
}

// rewriteCell returns the Go that the passes make of a cell, segment by
// segment (without running it; for the passes' table tests).
func (e *Engine) rewriteCell(code string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.initErr != nil {
		return "", e.initErr
	}
	segs, errs := split(code)
	if len(errs) > 0 {
		return "", parseError(code, errs)
	}
	if _, errs := parse(code, segs); len(errs) > 0 {
		return "", parseError(code, errs)
	}
	e.varsAsStatements(code, segs)
	var parts []string
	for i := range segs {
		s := &segs[i]
		if s.kind == segPackage || s.kind == segImport {
			continue
		}
		src := e.source(code, s, s.start, s.end)
		parts = append(parts, strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(src), stmtLead)))
	}
	return strings.Join(parts, "\n"), nil
}
