package goengine

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/yaknb/yak/kernel"
)

// Positions: the engine hands yaegi each segment one line below its line in
// the cell (yaegi's own header takes line 1), with no file name; yaegi
// reports such positions as "L:C:" and the engine shows "cell:L-1:C".

var posRE = regexp.MustCompile(`^(?:([^:\s]*):)?(\d+):(\d+): `)

// cellPos rewrites a yaegi "L:C: msg" into "cell:L:C: msg" with the cell's
// line; positions in named files (source plugins) stay as they are.
func cellPos(msg string) (string, int) {
	m := posRE.FindStringSubmatchIndex(msg)
	if m == nil {
		return msg, 0
	}
	file := ""
	if m[2] >= 0 {
		file = msg[m[2]:m[3]]
	}
	if file == "cell" {
		line, _ := strconv.Atoi(msg[m[4]:m[5]])
		return msg, line
	}
	if file != "" && file != "_.go" {
		return msg, 0
	}
	line, _ := strconv.Atoi(msg[m[4]:m[5]])
	col := msg[m[6]:m[7]]
	line--
	return fmt.Sprintf("cell:%d:%s: %s", line, col, msg[m[1]:]), line
}

// compileError is a cell that does not compile: ename CompileError, the
// message with cell positions, and the offending line under it.
func compileError(code string, err error) *kernel.ExecError {
	return compileErrorQuoting(code, err, nil)
}

// compileErrorQuoting is compileError that quotes, by other, the lines of
// positions in files other than the cell ("cell[4]" in a compiled
// program).
func compileErrorQuoting(code string, err error, other func(file string, line int) string) *kernel.ExecError {
	var tb []string
	var first string
	for _, msg := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
		m, line := cellPos(msg)
		m = unmangle(m)
		if h := hintForMessage(m); h != "" && !strings.Contains(m, h) {
			m += h
		}
		if first == "" {
			first = m
		}
		tb = append(tb, m)
		src := lineOf(code, line)
		if line == 0 && other != nil {
			if p := posRE.FindStringSubmatch(msg); p != nil && p[1] != "" {
				l, _ := strconv.Atoi(p[2])
				src = other(p[1], l)
			}
		}
		if src != "" {
			tb = append(tb, "    "+src)
		}
	}
	return &kernel.ExecError{Name: "CompileError", Value: first, Traceback: tb}
}

// parseError reports the first syntax errors (positions already the
// cell's); an error at the end of input after another is only a
// consequence of the first.
func parseError(code string, errs scanner.ErrorList) *kernel.ExecError {
	errs.Sort()
	var lines []string
	for i, e := range errs {
		if i == 3 || i > 0 && strings.Contains(e.Msg, "EOF") {
			break
		}
		lines = append(lines, fmt.Sprintf("cell:%d:%d: %s", e.Pos.Line, e.Pos.Column, e.Msg))
	}
	return compileError(code, fmt.Errorf("%s", strings.Join(lines, "\n")))
}

func lineOf(code string, line int) string {
	if line <= 0 {
		return ""
	}
	lines := strings.Split(code, "\n")
	if line > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[line-1], " \t\r")
}

// hintForMessage adds advice for errors that come from Go features the
// interpreter lacks rather than from the user's code.
func hintForMessage(msg string) string {
	switch {
	case strings.Contains(msg, "does not implement cmp.Ordered"):
		return " (yak's min and max take arguments of one type: write min(2.5, 1.0) or min(x, float64(1)))"
	case strings.Contains(msg, "undefined selector:") && (strings.Contains(msg, "slices.") || strings.Contains(msg, "maps.")):
		return " (yaegi provides the generic slices and maps functions of Go 1.21 only in part: use sort.Slice, or write the loop)"
	case strings.Contains(msg, "unable to find source related to"):
		return " (cells can import the standard library as of Go 1.22 and yak's built-in packages; other packages must be loaded from source first: %plugin load DIR)"
	}
	return ""
}

// hintFor explains a crash of yaegi's compiler by the features that usually
// cause it.
func hintFor(code string) string {
	var hints []string
	if strings.Contains(code, "range") {
		hints = append(hints, "yaegi supports Go up to 1.21 syntax; yak rewrites range over an integer (Go 1.22) or a function (Go 1.23) when it can see the range expression's type (a literal, a variable declared in a cell, a function's result), and this one it could not: write `for i := 0; i < n; i++`, or assign the iterator to a variable first")
	}
	if strings.Contains(code, ":=") && (strings.Contains(code, "slices.") || strings.Contains(code, "maps.") || strings.Contains(code, "[") ||
		strings.Contains(code, "min(") || strings.Contains(code, "max(")) {
		hints = append(hints, "yaegi fails on `v := f(...)` at the top level of a cell when f is generic and returns a type parameter: declare the variable first (var v []int; v = slices.Clone(x)) or do it inside a function")
	}
	if len(hints) == 0 {
		return ""
	}
	return ": " + strings.Join(hints, "; ")
}

// unsupported rejects Go syntax newer than yaegi knows, with what to write
// instead, before yaegi sees it (it would crash or silently misbehave).
func unsupported(code string, segs []segment) error {
	var err error
	report := func(s *segment, p token.Pos, msg string) {
		if err != nil {
			return
		}
		pos := s.fset.Position(p)
		err = compileError(code, fmt.Errorf("%d:%d: %s", pos.Line, pos.Column, msg))
	}
	for i := range segs {
		s := &segs[i]
		var roots []ast.Node
		if s.kind == segPackage {
			continue
		}
		if s.kind == segStmt {
			for _, st := range s.stmts {
				roots = append(roots, st)
			}
		} else {
			roots = append(roots, s.file)
		}
		for _, root := range roots {
			ast.Inspect(root, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.TypeSpec:
					if n.TypeParams != nil && n.Assign.IsValid() {
						report(s, n.Pos(), "generic type aliases (Go 1.24) are not supported by the yaegi interpreter: declare a defined type instead (type "+n.Name.Name+"[...] ...)")
					}
				}
				return err == nil
			})
		}
	}
	return err
}

// traceBuf collects the lines yaegi prints while a panic unwinds
// ("L:C: panic: pkg.func(...)", one per interpreted frame).
type traceBuf struct {
	mu    sync.Mutex
	lines []string
}

func (t *traceBuf) add(l string) {
	t.mu.Lock()
	if len(t.lines) < 200 {
		t.lines = append(t.lines, l)
	}
	t.mu.Unlock()
}

func (t *traceBuf) take() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.lines
	t.lines = nil
	return l
}

func (t *traceBuf) reset() { t.take() }

var panicLineRE = regexp.MustCompile(`^(?:[^\s]*:)?\d+:\d+: panic: .*\(\.\.\.\)\s*$`)

// yaegiStderr is the interpreter's stderr: log output and yaegi's panic
// trace lines; the latter go to the traceback, the rest to the cell.
type yaegiStderr struct{ e *Engine }

func (w yaegiStderr) Write(p []byte) (int, error) {
	s := string(p)
	if panicLineRE.MatchString(s) {
		w.e.trace.add(strings.TrimSpace(s))
		return len(p), nil
	}
	return w.e.errFile.Write(p)
}

// frames formats yaegi's trace lines and names each frame's function
// ("" for the cell's own statements).
func frames(raw []string) (out, funcs []string) {
	for _, l := range raw {
		m, _ := cellPos(l)
		i := strings.Index(m, ": panic: ")
		if i < 0 {
			out, funcs = append(out, "  "+m), append(funcs, "")
			continue
		}
		fn := strings.TrimSuffix(m[i+len(": panic: "):], "(...)")
		fn = strings.TrimPrefix(fn, "main.")
		if strings.HasPrefix(fn, "_yak") {
			continue // the engine's own functions (_yakPanic)
		}
		where := fn
		if fn == "main" {
			fn, where = "", "the cell"
		}
		out, funcs = append(out, "  "+m[:i]+" in "+unmangle(where)), append(funcs, fn)
	}
	return out, funcs
}

// cellLine returns the cell's source line that a formatted traceback line
// points at.
func cellLine(code, tbLine string) string {
	t := strings.TrimSpace(tbLine)
	if !strings.HasPrefix(t, "cell:") {
		return ""
	}
	parts := strings.SplitN(t, ":", 3)
	if len(parts) < 2 {
		return ""
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return ""
	}
	return strings.TrimSpace(lineOf(code, n))
}
