package goengine

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel"
)

// needGo skips a test of compiled programs when no toolchain is installed
// (CI has one: it builds yak).
func needGo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no Go toolchain on PATH (%v): compiled main() is not tested", err)
	}
	t.Setenv("YAK_GO", "")
}

// cells runs each cell but the last, which it returns the result of.
func cells(t *testing.T, e *Engine, code ...string) (*recorder, error) {
	t.Helper()
	for _, c := range code[:len(code)-1] {
		if _, _, err := run(t, e, c); err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	r, _, err := run(t, e, code[len(code)-1])
	return r, err
}

const compiledNote = "yak: the program ran compiled by go1."

// dropCompiledNote removes the once-per-kernel note from a cell's stderr.
func dropCompiledNote(s string) string {
	var keep []string
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, compiledNote) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

func TestCompiledMain(t *testing.T) {
	needGo(t)
	for _, c := range []struct {
		name   string
		cells  []string
		stdout string
		stderr []string // substrings
		err    string   // substring of the error, "" for none
	}{
		{"reflect on a cell struct type",
			[]string{"import (\"fmt\"; \"reflect\")", "type user struct {\n\tName string `json:\"name\"`\n}",
				"func main() {\n\tt := reflect.TypeOf(user{})\n\tfmt.Printf(\"%v %s %s %+v\\n\", t, t.Field(0).Name, t.Field(0).Tag, user{\"ann\"})\n}", "main()"},
			"main.user Name json:\"name\" {Name:ann}\n", []string{compiledNote}, ""},
		{"generic function with a func argument",
			[]string{"import \"fmt\"", "func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}",
				"func main() {\n\tw := Map([]int{1, 2}, func(x int) string { return fmt.Sprint(x * 10) })\n\tfmt.Printf(\"%q\\n\", w)\n}", "main()"},
			"[\"10\" \"20\"]\n", nil, ""},
		{"goroutines end with main",
			[]string{"import (\"fmt\"; \"time\")", "func main() {\n\tgo func() {\n\t\ttime.Sleep(time.Second)\n\t\tfmt.Println(\"late\")\n\t}()\n\tfmt.Println(\"end\")\n}", "main()"},
			"end\n", nil, ""},
		{"init and package variables start fresh",
			[]string{"import \"fmt\"", "var count = 1", "func init() { count++ }", "func main() { count++; fmt.Println(count) }", "main()"},
			"3\n", nil, ""},
		{"os.Exit(3)",
			[]string{"import (\"fmt\"; \"os\")", "func main() {\n\tdefer fmt.Println(\"deferred\")\n\tfmt.Println(\"start\")\n\tos.Exit(3)\n}", "main()"},
			"start\n", nil, "exit status 3"},
		{"os.Exit(0) is a normal end",
			[]string{"import (\"fmt\"; \"os\")", "func main() {\n\tfmt.Println(\"start\")\n\tos.Exit(0)\n}", "main()"},
			"start\n", nil, ""},
		{"panic with its traceback at cell lines",
			[]string{"import \"fmt\"", "func at(xs []int) int {\n\treturn xs[5]\n}", "func main() {\n\tfmt.Println(at(nil))\n}", "main()"},
			"", []string{"panic: runtime error: index out of range [5] with length 0", "main.at(...)\n\tcell[2]:2", "main.main()\n\tcell[3]:2"}, "exit status 2"},
		{"a build error at the cell's line",
			[]string{"func main() {\n\tx := 1\n}", "main()"},
			"", nil, "cell[1]:2:2: declared and not used: x"},
		{"declarations in the main() cell",
			[]string{"import \"fmt\"", "func main() {\n\tfmt.Println(\"here\")\n}\nmain()"},
			"here\n", nil, ""},
		{"the latest definition of a name",
			[]string{"import \"fmt\"", "func word() string { return \"old\" }", "func main() { fmt.Println(word()) }", "func word() string { return \"new\" }", "main()"},
			"new\n", nil, ""},
		{"generic declarations only the toolchain compiles",
			[]string{"import \"fmt\"", genericCell, "main()"},
			"6 4\na=1 [a=1]\n", []string{compiledNote}, ""},
		{"a var declaration the interpreter runs as a statement",
			[]string{"import \"fmt\"", "var words = []string{\"a\", \"b\"}", "var n = len(words)", "func main() { fmt.Println(n, words) }", "main()"},
			"2 [a b]\n", []string{compiledNote}, ""},
		{"a cell the interpreter refuses for a pending main it could not compile",
			[]string{"import (\"fmt\"; \"strings\")",
				"func main() {\n\ta := 3\n\tdouble(&a)\n\tfmt.Println(a)\n\tp := &struct{ first, last string }{\"Max\", \"Planck\"}\n\tcap(p)\n\tfmt.Println(p)\n}",
				"func double(x *int) {\n\t*x = *x * 2\n}",
				"func cap(p *struct{ first, last string }) {\n\tp.first = strings.ToUpper(p.first)\n\tp.last = strings.ToUpper(p.last)\n}", "main()"},
			"6\n&{MAX PLANCK}\n", []string{compiledNote}, ""},
		{"a whole program in a cell",
			[]string{"package main\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\n\ntype point struct{ X, Y int }\n\nfunc main() {\n\tfmt.Println(reflect.TypeOf(point{}))\n}"},
			"main.point\n", nil, ""},
		{"a whole program's error at the cell's line",
			[]string{"package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}"},
			"", nil, "cell:4:17: cannot use 1"},
		{"a whole program not in package main",
			[]string{"package foo\n\nfunc main() {}"},
			"", nil, "cell:1:9: package foo is not a main package"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine(t, Options{})
			r, err := cells(t, e, c.cells...)
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Errorf("error %v, want %q", err, c.err)
			}
			if got := r.stdout(); got != c.stdout {
				t.Errorf("stdout %q, want %q", got, c.stdout)
			}
			for _, s := range c.stderr {
				if !strings.Contains(r.stderr(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr())
				}
			}
		})
	}
}

// A compiled run leaves the interpreter's state as it was, and says once
// per kernel that it ran compiled.
func TestCompiledMainLeavesState(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e, "import \"fmt\"", "var count = 5", "func main() { count = 9; fmt.Println(count) }", "main()")
	if err != nil || r.stdout() != "9\n" || strings.Count(r.stderr(), compiledNote) != 1 {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
	_, b, err := run(t, e, "count")
	if err != nil || text(b) != "5" {
		t.Errorf("count after the compiled main: %q, %v; want 5", text(b), err)
	}
	r, _, err = run(t, e, "main()")
	if err != nil || r.stdout() != "9\n" || strings.Contains(r.stderr(), "yak:") {
		t.Errorf("second main(): %v, stdout %q, stderr %q (the note is said once)", err, r.stdout(), r.stderr())
	}
}

// The interpreter runs main() when compiling is off, asked off, or the
// program needs what only the interpreter has.
func TestCompiledMainFallback(t *testing.T) {
	needGo(t)
	for _, c := range []struct {
		name   string
		env    string
		cells  []string
		stdout string
	}{
		{"YAK_GO=off", "off", []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "main()"}, "hi\n"},
		{"YAK_GO names no go command", "/nonexistent/go", []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "main()"}, "hi\n"},
		{"%%interp", "", []string{"import \"fmt\"", "var n = 1", "n = 7", "func main() { fmt.Println(n) }", "%%interp\nmain()"}, "7\n"},
		{"a variable a statement made", "", []string{"import \"fmt\"", "n := 4", "func main() { fmt.Println(n) }", "main()"}, "4\n"},
		// The interpreter asks the front end, whose answer is an empty line.
		{"standard input", "", []string{"import (\"bufio\"; \"fmt\"; \"os\")", "func main() {\n\ts := bufio.NewScanner(os.Stdin)\n\tfmt.Println(s.Scan(), s.Text() == \"\")\n}", "main()"}, "true true\n"},
		{"a package outside the standard library", "", []string{"import (\"fmt\"; \"yaktest/word\")", "func main() { fmt.Println(word.W) }", "main()"}, "yak\n"},
		{"a toolchain that cannot build", "broken", []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "main()"}, "hi\n"},
		{"main among other statements", "", []string{"import \"fmt\"", "func main() { fmt.Println(\"m\") }", "main()\nfmt.Println(\"after\")"}, "m\nafter\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.env == "broken" {
				// A go command that answers go env but whose builds fail.
				c.env = brokenGo(t)
			}
			t.Setenv("YAK_GO", c.env)
			syms := interp.Exports{"yaktest/word/word": {"W": reflect.ValueOf("yak")}}
			e := newEngine(t, Options{Symbols: []interp.Exports{syms}})
			r, err := cells(t, e, c.cells...)
			if err != nil {
				t.Fatal(err)
			}
			if r.stdout() != c.stdout || strings.Contains(r.stderr(), compiledNote) {
				t.Errorf("stdout %q stderr %q, want %q from the interpreter", r.stdout(), r.stderr(), c.stdout)
			}
		})
	}
}

// The stop button ends a compiled main that never returns.
func TestCompiledMainInterrupt(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	if _, _, err := run(t, e, "import (\"fmt\"; \"time\")\nfunc main() {\n\tfmt.Println(\"started\")\n\tfor {\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}"); err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		waitOutput(e, r, "started")
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := e.Execute(ctx, "main()", r)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("interrupted main(): %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the interrupted program did not end")
	}
}

// genericCell crashes yaegi's compiler (CFG post-order panic in main).
const genericCell = `type Number interface {
	~int | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func MapKV[K comparable, V any, R any](m map[K]V, f func(K, V) R) []R {
	var out []R
	for k, v := range m {
		out = append(out, f(k, v))
	}
	return out
}

func main() {
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5))
	ps := MapKV(map[string]int{"a": 1}, func(k string, v int) Pair[string, int] { return Pair[string, int]{k, v} })
	fmt.Println(ps[0], ps)
}`

// A declaration cell that the interpreter rejects is kept for compiled
// runs only when the toolchain builds it; otherwise (or without a
// toolchain) the cell fails as before.
func TestKeepForCompiled(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	must(t, e, "import \"fmt\"")
	r, _, err := run(t, e, genericCell)
	if err != nil || !strings.Contains(r.stderr(), "yak: the interpreter cannot compile this cell, the Go toolchain can") {
		t.Fatalf("kept cell: %v, stderr %q", err, r.stderr())
	}
	// Interpreted code does not have them.
	if _, _, err := run(t, e, "Sum(1, 2)"); err == nil {
		t.Errorf("Sum in the interpreter: no error")
	}
	// Both reject it: the interpreter's error.
	if _, _, err := run(t, e, "func bad() int { return \"s\" }"); err == nil || !strings.Contains(err.Error(), "CompileError") {
		t.Errorf("a cell neither compiles: %v", err)
	}
	r, _, err = run(t, e, "main()")
	if err != nil || r.stdout() != "6 4\na=1 [a=1]\n" {
		t.Errorf("main(): %v, stdout %q", err, r.stdout())
	}
	t.Setenv("YAK_GO", "off")
	e = newEngine(t, Options{})
	must(t, e, "import \"fmt\"")
	if _, _, err := run(t, e, genericCell); err == nil {
		t.Errorf("YAK_GO=off: the interpreter compiled the cell; pick a program it rejects")
	}
}

// Closing the engine (the kernel shuts down) stops a compiled main that
// runs: nothing is left running.
func TestCompiledMainStoppedByClose(t *testing.T) {
	needGo(t)
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, e, "import (\"fmt\"; \"time\")\nfunc main() {\n\tfmt.Println(\"started\")\n\tfor {\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}"); err != nil {
		t.Fatal(err)
	}
	r := &recorder{}
	done := make(chan error, 1)
	go func() {
		_, err := e.Execute(context.Background(), "main()", r)
		done <- err
	}()
	waitOutput(e, r, "started")
	e.Close()
	select {
	case err := <-done:
		// Run returned: the program was waited for, so it has ended.
		if err == nil || !strings.Contains(err.Error(), "interrupted") {
			t.Errorf("main() after Close: %v, want the interrupt", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("the program still runs after Close")
	}
}

// brokenGo writes a go command that reports the real toolchain's version
// but fails every build as a broken installation would.
func brokenGo(t *testing.T) string {
	if runtime.GOOS == "windows" {
		t.Skip("the broken go command is a shell script")
	}
	real, err := exec.LookPath("go")
	if err != nil {
		t.Skip(err)
	}
	path := t.TempDir() + "/go"
	script := "#!/bin/sh\nif [ \"$1\" = build ]; then echo 'go: cannot find GOROOT directory' >&2; exit 2; fi\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// A YAK_GO that names no usable go command says so, once, and in each
// cell under %debug rewrite; the interpreter runs main().
func TestCompiledToolchainNote(t *testing.T) {
	needGo(t)
	for _, c := range []struct{ env, note string }{
		{"/nonexistent/go", "yak: YAK_GO=/nonexistent/go is not a go command"},
		{"/bin/true", "yak: /bin/true does not report a Go version"},
	} {
		t.Run(c.env, func(t *testing.T) {
			t.Setenv("YAK_GO", c.env)
			e := newEngine(t, Options{})
			for i, cell := range []string{"import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "main()", "main()", "%debug rewrite\nmain()"} {
				r, _, err := run(t, e, cell)
				if err != nil {
					t.Fatalf("cell %q: %v", cell, err)
				}
				want := 0
				if i == 2 || i == 4 {
					want = 1
				}
				if n := strings.Count(r.stderr(), c.note); n != want {
					t.Errorf("cell %d %q: the note %d times, want %d:\n%s", i, cell, n, want, r.stderr())
				}
				if i >= 2 && r.stdout() != "hi\n" && !strings.HasSuffix(r.stdout(), "hi\n") {
					t.Errorf("cell %q: stdout %q, want hi from the interpreter", cell, r.stdout())
				}
			}
		})
	}
}

// %debug rewrite says once why main() runs in the interpreter.
func TestCompiledReasonOnce(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e, "import \"fmt\"", "n := 4", "func main() { fmt.Println(n) }", "%debug rewrite\nmain()")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(r.stderr(), "main() runs in the interpreter:"); n != 1 {
		t.Errorf("the reason %d times, want once:\n%s", n, r.stderr())
	}
}

// A compile error in a cell other than main()'s quotes that cell's line,
// as the error of a whole-program cell does.
func TestCompiledErrorQuotesLine(t *testing.T) {
	needGo(t)
	for _, c := range []struct {
		name  string
		cells []string
		want  []string // the traceback, from its start
	}{
		{"another cell", []string{"func main() {\n\tx := 1\n}", "main()"},
			[]string{"cell[1]:2:2: declared and not used: x", "    \tx := 1"}},
		{"the cell that runs", []string{"func main() {\n\ty := 1\n}\nmain()"},
			[]string{"cell:2:2: declared and not used: y", "    \ty := 1"}},
		{"a whole program", []string{"package main\n\nfunc main() {\n\tvar s string = 1\n\t_ = s\n}"},
			[]string{"cell:4:17: cannot use 1", "    \tvar s string = 1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEngine(t, Options{})
			_, err := cells(t, e, c.cells...)
			xe, ok := err.(*kernel.ExecError)
			if !ok || len(xe.Traceback) < len(c.want) {
				t.Fatalf("error %#v, want a CompileError", err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(xe.Traceback[i], w) {
					t.Errorf("traceback line %d %q, want %q", i, xe.Traceback[i], w)
				}
			}
		})
	}
}
