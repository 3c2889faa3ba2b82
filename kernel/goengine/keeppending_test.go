package goengine

import (
	"strings"
	"testing"
)

// A declaration that waited for a name and that the interpreter cannot
// compile once the name exists (its generics, say) is kept for compiled
// runs of main() as a cell that fails at once is: the names it still
// lacks come in later cells.
func TestKeepPendingForCompiled(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e,
		`import "fmt"`,
		`func main() {
	b := Box[Celsius]{Celsius(3)}
	fmt.Println(Describe(b))
}`,
		`type Box[T fmt.Stringer] struct{ V T }`,
		`type Celsius float64`,
		`func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }`,
		`func Describe[T fmt.Stringer](b Box[T]) string { return "a box of " + b.V.String() }`,
		`main()`)
	if err != nil || r.stdout() != "a box of 3.0°C\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
	if strings.Contains(r.stderr(), "does not compile") {
		t.Errorf("stderr: %q", r.stderr())
	}
	e = newEngine(t, Options{})
	must(t, e, `import "fmt"`)
	must(t, e, "func main() {\n\tb := Box[Celsius]{Celsius(3)}\n\tfmt.Println(Describe(b))\n}")
	r, _ = must(t, e, `type Box[T fmt.Stringer] struct{ V T }`)
	if !strings.Contains(r.stderr(), "main (it was waiting for Box) is kept for compiled runs of main() only") || strings.Contains(r.stderr(), "compiled main") {
		t.Errorf("the retried main's note: %q", r.stderr())
	}
}

// A declaration cell that the interpreter rejects (unique.Make is a
// generic function, which its symbol tables lack) while the program still
// lacks names that later cells declare (main comes first, as in a file)
// is kept for compiled runs; a cell that Go rejects for another reason
// still fails.
func TestKeepForCompiledLacking(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"fmt\"\n\t\"unique\"\n)")
	must(t, e, "func main() {\n\tfmt.Println(Greeting(), Greeting())\n}")
	r, _, err := run(t, e, "var greeting = unique.Make(makeGreeting())")
	if err != nil || !strings.Contains(r.stderr(), "the program lacks") || !strings.Contains(r.stderr(), "makeGreeting") {
		t.Fatalf("kept cell: %v, stderr %q", err, r.stderr())
	}
	if _, _, err := run(t, e, "var oops = unique.Make(42, 43)"); err == nil {
		t.Errorf("a cell that Go rejects too (not only for names to come) was kept")
	}
	r, err = cells(t, e,
		"func Greeting() string { return greeting.Value() }",
		"var made int",
		"func makeGreeting() string {\n\tmade++\n\treturn fmt.Sprint(\"hello #\", made)\n}",
		"main()")
	if err != nil || r.stdout() != "hello #1 hello #1\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
}

// sync.OnceValue given a function that no cell has declared yet waits for
// it (the define pass writes the variable's type once it can), and a
// compiled main() sees the same program.
func TestOnceValueWaitsForItsFunction(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"fmt\"\n\t\"sync\"\n)")
	must(t, e, "func main() {\n\tfmt.Println(Greeting(), Greeting())\n}")
	r, _ := must(t, e, "var greetOnce = sync.OnceValue(makeGreeting)")
	if !strings.Contains(r.stderr(), "greetOnce waits for makeGreeting") {
		t.Errorf("no note of the wait: %q", r.stderr())
	}
	r, err := cells(t, e,
		"func Greeting() string { return greetOnce() }",
		"var made int",
		"func makeGreeting() string {\n\tmade++\n\treturn fmt.Sprint(\"hello #\", made)\n}",
		"main()")
	if err != nil || r.stdout() != "hello #1 hello #1\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
	if _, b := must(t, e, "Greeting() + \" \" + Greeting()"); text(b) != "hello #1 hello #1" {
		t.Errorf("in the interpreter: %q", text(b))
	}
}

// yaegi panics while it sets up some functions (a constant sent on a
// chan complex64 is converted by reflect, which refuses int to
// complex64): a cell of funcs, types and consts runs none of the user's
// code, so the panic is the interpreter failing on the cell, and the
// toolchain's program is kept for main(). A panic of an init function is
// the user's.
func TestInterpreterPanicOnDeclarations(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e,
		`import "fmt"`,
		"func main() {\n\tsamples := make(chan complex64, 2)\n\tsamples <- -2\n\tfmt.Println(<-samples)\n}",
		"main()")
	if err != nil || r.stdout() != "(-2+0i)\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
	if _, _, err := run(t, e, "func init() { panic(\"from init\") }"); err == nil || !strings.Contains(err.Error(), "from init") || errName(err) != "panic" {
		t.Errorf("init's panic: %v", err)
	}
}

// A builtin's name used as a value waits for the function of that name
// that a later cell declares, as an undefined name does.
func TestKeepForCompiledBuiltinName(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e,
		"import (\n\t\"fmt\"\n\t\"slices\"\n)",
		"func main() {\n\tnums := []int{3, 1, 2}\n\tfmt.Println(slices.MinFunc(nums, cap), len(nums))\n}",
		"func cap(a, b int) int { return b - a }",
		"main()")
	if err != nil || r.stdout() != "3 3\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
}

// A retried pending declaration that neither the interpreter nor, yet,
// the toolchain compiles (the methods main calls come later) stays in the
// compiled program; its note says so, and main() runs it once the methods
// are declared.
func TestPendingKeptAsWritten(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	must(t, e, "import (\n\t\"cmp\"\n\t\"fmt\"\n)")
	must(t, e, "func main() {\n\ts := NewSorted(cmp.Compare[int])\n\ts.Put(3)\n\ts.Put(1)\n\tfmt.Println(s.First())\n}")
	r, _ := must(t, e, `type Order[T any] func(a, b T) int

type Sorted[T any] struct {
	order Order[T]
	xs    []T
}

func NewSorted[T any](order Order[T]) *Sorted[T] { return &Sorted[T]{order: order} }`)
	if !strings.Contains(r.stderr(), "does not compile in the interpreter") || !strings.Contains(r.stderr(), "a compiled main() has it, as written") {
		t.Errorf("the retried main's note: %q", r.stderr())
	}
	r, err := cells(t, e,
		`func (s *Sorted[T]) Put(x T) { s.xs = append(s.xs, x) }`,
		"func (s *Sorted[T]) First() T {\n\tfirst := s.xs[0]\n\tfor _, x := range s.xs {\n\t\tif s.order(x, first) < 0 {\n\t\t\tfirst = x\n\t\t}\n\t}\n\treturn first\n}",
		`main()`)
	if err != nil || r.stdout() != "1\n" {
		t.Fatalf("main(): %v, stdout %q, stderr %q", err, r.stdout(), r.stderr())
	}
}
