package goengine

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cpuTotal reads the total of %time's "CPU times" line.
func cpuTotal(t *testing.T, out string) time.Duration {
	t.Helper()
	m := regexp.MustCompile(`total: ([0-9.e+]+) (s|ms|μs|ns)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no CPU times in %q", out)
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	unit := map[string]time.Duration{"s": time.Second, "ms": time.Millisecond, "μs": time.Microsecond, "ns": 1}[m[2]]
	return time.Duration(v * float64(unit))
}

// burnMain is a main that uses 300 ms of its own CPU time, however loaded
// the machine is.
const burnMain = `func main() {
	var ru syscall.Rusage
	n := 0
	for {
		for i := 0; i < 1000000; i++ {
			n += i
		}
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		if time.Duration(ru.Utime.Nano()+ru.Stime.Nano()) >= 300*time.Millisecond {
			break
		}
	}
	fmt.Println("done", n > 0)
}`

// %time main() counts the compiled program's CPU time, and says apart
// what go build took when it ran.
func TestCompiledTime(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e, "import (\"fmt\"; \"syscall\"; \"time\")", burnMain, "%time main()")
	if err != nil {
		t.Fatal(err)
	}
	out := r.stdout()
	if !strings.Contains(out, "done true\n") || !strings.Contains(out, "Wall time: ") {
		t.Fatalf("stdout %q", out)
	}
	if cpu := cpuTotal(t, out); cpu < 300*time.Millisecond {
		t.Errorf("CPU total %v, want at least the program's 300ms:\n%s", cpu, out)
	}
	if !strings.Contains(out, "of which go build: wall ") {
		t.Errorf("the first run does not say the build time:\n%s", out)
	}
	// The same program again: no build, the program's CPU still counted.
	r, _, err = run(t, e, "%%time\nmain()")
	if err != nil {
		t.Fatal(err)
	}
	out = r.stdout()
	if cpu := cpuTotal(t, out); cpu < 300*time.Millisecond {
		t.Errorf("%%%%time: CPU total %v, want at least the program's 300ms:\n%s", cpu, out)
	}
	if strings.Contains(out, "go build") {
		t.Errorf("a program built before is said to be built again:\n%s", out)
	}
}

// %timeit main() times the compiled program (the interpreter's main
// would print another type name).
func TestCompiledTimeit(t *testing.T) {
	needGo(t)
	e := newEngine(t, Options{})
	r, err := cells(t, e, "import (\"fmt\"; \"reflect\")", "type point struct{ X int }",
		"func main() { fmt.Println(reflect.TypeOf(point{})) }", "%timeit -n 2 -r 3 main()")
	if err != nil {
		t.Fatal(err)
	}
	out := r.stdout()
	if n := strings.Count(out, "main.point\n"); n != 6 {
		t.Errorf("the compiled program ran %d times, want 6 (2 loops x 3 runs):\n%s", n, out)
	}
	for _, want := range []string{"per loop (mean ± std. dev. of 3 runs, 2 loops each)", "main() ran compiled, a process each loop; the build ("} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// %%interp keeps the line magics below it: %time main() runs main in the
// interpreter and times it.
func TestInterpThenTime(t *testing.T) {
	e := newEngine(t, Options{})
	r, err := cells(t, e, "import \"fmt\"", "func main() { fmt.Println(\"hi\") }", "%%interp\n%time main()")
	if err != nil {
		t.Fatal(err)
	}
	if out := r.stdout(); !strings.HasPrefix(out, "hi\n") || !strings.Contains(out, "Wall time: ") {
		t.Errorf("stdout %q stderr %q, want hi and the times", out, r.stderr())
	}
	if strings.Contains(r.stderr(), compiledNote) {
		t.Errorf("main() ran compiled under %%%%interp: %s", r.stderr())
	}
}
