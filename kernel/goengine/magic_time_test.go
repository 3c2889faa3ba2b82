package goengine

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The expected strings are what IPython 9's _format_time and TimeitResult
// print for the same numbers (run once in the project's venv).
func TestFormatTimeAsIPython(t *testing.T) {
	cases := []struct {
		sec  float64
		want string
	}{
		{0, "0 ns"}, {5.2e-3, "5.2 ms"}, {0.5, "500 ms"}, {1.5, "1.5 s"}, {1e-7, "100 ns"},
		{3.14159e-5, "31.4 μs"}, {61.5, "1min 1s"}, {3725, "1h 2min 5s"}, {90000, "1d 1h"},
		{999.6e-6, "1e+03 μs"}, {1234.5e-9, "1.23 μs"}, {2e-10, "0.2 ns"},
	}
	for _, c := range cases {
		if got := formatTime(c.sec, 3); got != c.want {
			t.Errorf("formatTime(%g) = %q, want %q", c.sec, got, c.want)
		}
	}
}

func TestTimeitSummaryAsIPython(t *testing.T) {
	cases := []struct {
		runs     []float64 // seconds per run
		loops, p int
		want     string
	}{
		{[]float64{1, 1, 1, 1, 1, 1, 1}, 1000, 3, "1 ms ± 0 ns per loop (mean ± std. dev. of 7 runs, 1,000 loops each)\n"},
		{[]float64{2.5}, 1, 3, "2.5 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)\n"},
		{[]float64{0.1234, 0.2345, 0.3456}, 100000, 4, "2.345 μs ± 907.1 ns per loop (mean ± std. dev. of 3 runs, 100,000 loops each)\n"},
		{[]float64{1e-3, 5e-3}, 1, 3, "The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is being cached.\n" +
			"3 ms ± 2 ms per loop (mean ± std. dev. of 2 runs, 1 loop each)\n"},
	}
	for _, c := range cases {
		per := make([]float64, len(c.runs))
		for i, r := range c.runs {
			per[i] = r / float64(c.loops)
		}
		if got := timeitSummary(per, c.loops, c.p, 0); got != c.want {
			t.Errorf("timeitSummary(%v, %d) =\n%q\nwant\n%q", c.runs, c.loops, got, c.want)
		}
	}
}

var (
	timeOutput   = regexp.MustCompile(`^CPU times: user [0-9.e+]+ (s|ms|μs|ns), sys: [0-9.e+]+ (s|ms|μs|ns), total: [0-9.e+]+ (s|ms|μs|ns)\nWall time: [0-9.e+]+ (s|ms|μs|ns)\n$`)
	timeitOutput = regexp.MustCompile(`(?m)^[0-9.e+]+ (s|ms|μs|ns) ± [0-9.e+]+ (s|ms|μs|ns) per loop \(mean ± std\. dev\. of (\d+) runs?, ([0-9,]+) loops? each\)$`)
)

func TestTimeMagics(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\ncalls := 0")
	cases := []struct {
		code, value, errName string
		out                  *regexp.Regexp // whole stdout; nil: not checked
		tb                   string         // substring of the traceback
	}{
		// The statement runs, and on the last line its value is the cell's.
		{code: "%time fib(20)", value: "6765", out: timeOutput},
		{code: "%time calls++", out: timeOutput},
		{code: "calls", value: "1"},
		// Declarations of the timed statement stay, as in IPython.
		{code: "%time n := fib(10)", out: timeOutput},
		{code: "n", value: "55"},
		// With more lines after it, the statement runs first, then the rest.
		{code: "%time calls += 10\ncalls * 2", value: "22"},
		{code: "%time\ncalls++\ncalls", value: "12", out: timeOutput},
		{code: "%%time\nm := fib(12)\nm", value: "144", out: timeOutput},
		{code: "// a comment first\n%%time\n1", value: "1", out: timeOutput},
		{code: "%time nosuch(1)", errName: "CompileError", tb: "cell:1:7: undefined: nosuch"},
		{code: "%who\n%%time\n1", errName: "UsageError", tb: "first line"},
		{code: "%%time now\n1", errName: "UsageError", tb: "no arguments"},
	}
	for _, c := range cases {
		r, b, err := run(t, e, c.code)
		if errName(err) != c.errName {
			t.Errorf("%q: error %v, want %q", c.code, err, c.errName)
			continue
		}
		if !strings.Contains(tb(err), c.tb) {
			t.Errorf("%q: traceback %q lacks %q", c.code, tb(err), c.tb)
		}
		if text(b) != c.value {
			t.Errorf("%q: value %q, want %q", c.code, text(b), c.value)
		}
		if c.out != nil && !c.out.MatchString(r.stdout()) {
			t.Errorf("%q: stdout %q does not match %s", c.code, r.stdout(), c.out)
		}
	}
}

func TestTimeit(t *testing.T) {
	e := newEngine(t, Options{})
	must(t, e, "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\nhits, setups := 0, 0")

	// -n and -r fix the work: 3 loops in each of 2 runs.
	r, _ := must(t, e, "%timeit -n 3 -r 2 hits++")
	if m := timeitOutput.FindStringSubmatch(r.stdout()); m == nil || m[3] != "2" || m[4] != "3" {
		t.Errorf("stdout %q, want IPython's line for 2 runs of 3 loops", r.stdout())
	}
	if _, b := must(t, e, "hits"); text(b) != "6" {
		t.Errorf("the statement ran %s times, want 6", text(b))
	}

	// Without -n the loop count is a power of ten found by trying 1, 10, ...;
	// the statement runs for every try and then runs × loops times.
	// (A cheap statement: the power-of-ten search can overshoot its 0.2 s
	// target tenfold, and fib(12) took the cell past the test's 10 s
	// deadline on a loaded CI machine.)
	must(t, e, "hits = 0")
	r, _ = must(t, e, "%timeit -r 2 hits++; _ = fib(6)")
	m := timeitOutput.FindStringSubmatch(r.stdout())
	if m == nil {
		t.Fatalf("stdout %q lacks IPython's timeit line", r.stdout())
	}
	loops, _ := strconv.Atoi(strings.ReplaceAll(m[4], ",", ""))
	want := 2 * loops
	for n := 1; n <= loops; n *= 10 {
		want += n
	}
	if s := strconv.Itoa(loops); strings.Trim(s, "0") != "1" {
		t.Errorf("loops %d is not a power of ten", loops)
	}
	if _, b := must(t, e, "hits"); text(b) != strconv.Itoa(want) {
		t.Errorf("hits = %s, want %d for %d loops", text(b), want, loops)
	}

	// %%timeit: the line is the setup, run once per run; the cell is the body.
	r, _ = must(t, e, "%%timeit -n 4 -r 3 setups++\nlocal := fib(5)\nhits += local")
	if m := timeitOutput.FindStringSubmatch(r.stdout()); m == nil || m[3] != "3" || m[4] != "4" {
		t.Errorf("stdout %q", r.stdout())
	}
	if _, b := must(t, e, "setups"); text(b) != "3" {
		t.Errorf("setup ran %s times, want 3 (once per run)", text(b))
	}
	if _, _, err := run(t, e, "local"); errName(err) != "CompileError" {
		t.Errorf("a name declared in the timed cell leaked: %v", err)
	}

	if r, _ := must(t, e, "%timeit -q -n 1 -r 1 fib(3)"); r.stdout() != "" {
		t.Errorf("-q printed %q", r.stdout())
	}
	if r, _ := must(t, e, "%timeit -n 1 -r 1 fib(3) + 1"); !timeitOutput.MatchString(r.stdout()) {
		t.Errorf("an expression statement: %q", r.stdout())
	}
	for code, want := range map[string]string{
		"%timeit":             "usage: %timeit",
		"%timeit -x 1":        "unknown option -x",
		"%timeit -n zero 1":   "positive integer",
		"%timeit nosuch()":    "undefined: nosuch",
		"%timeit -n 1 -r 1 )": "cell:1:",
	} {
		if _, _, err := run(t, e, code); err == nil || !strings.Contains(tb(err), want) {
			t.Errorf("%q: error %v, want one with %q", code, err, want)
		}
	}
}
