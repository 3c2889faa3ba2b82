package goengine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// cellTimer measures what %time and %%time report: wall time, and the
// user and system CPU time of the process (all goroutines, as IPython's
// getrusage-based figures cover the whole process) and of the child
// processes that ended meanwhile (a compiled main(), go build).
type cellTimer struct {
	wall        time.Time
	user, sys   time.Duration
	cpuOK       bool
	cuser, csys time.Duration
	childOK     bool
	builds      *buildTimes // the engine's, counting on
	before      buildTimes
}

func (e *Engine) startTimer() *cellTimer {
	t := &cellTimer{wall: time.Now(), builds: &e.compiled.builds, before: e.compiled.builds}
	t.user, t.sys, t.cpuOK = cpuTimes()
	t.cuser, t.csys, t.childOK = childCPUTimes()
	return t
}

// report prints the times elapsed since t started, in IPython's format,
// and what go build took of them when a compiled main() was built:
//
//	CPU times: user 1.2 s, sys: 3.1 ms, total: 1.2 s
//	Wall time: 1.21 s
func (t *cellTimer) report(w io.Writer) {
	wall := time.Since(t.wall).Seconds()
	if user, sys, ok := cpuTimes(); ok && t.cpuOK {
		u, s := (user - t.user).Seconds(), (sys - t.sys).Seconds()
		if cu, cs, ok := childCPUTimes(); ok && t.childOK {
			u += (cu - t.cuser).Seconds()
			s += (cs - t.csys).Seconds()
		}
		fmt.Fprintf(w, "CPU times: user %s, sys: %s, total: %s\n", formatTime(u, 3), formatTime(s, 3), formatTime(u+s, 3))
	}
	fmt.Fprintf(w, "Wall time: %s\n", formatTime(wall, 3))
	if t.builds != nil && t.builds.n > t.before.n {
		fmt.Fprintf(w, "of which go build: wall %s, CPU %s (the program ran compiled: its CPU time is in the figures above)\n",
			formatTime((t.builds.wall-t.before.wall).Seconds(), 3), formatTime((t.builds.cpu-t.before.cpu).Seconds(), 3))
	}
}

// reportTiming prints the times of a cell that %time or %%time timed, once
// the cell is done (deferred by Execute, e.mu held).
func (e *Engine) reportTiming() {
	if e.timeCell == nil {
		return
	}
	t := e.timeCell
	e.timeCell = nil
	e.syncOutput()
	t.report(engineWriter{e})
}

// engineWriter writes what the engine reports to the cell's stdout, even
// after a main() that ended muted what its goroutines write.
type engineWriter struct{ e *Engine }

func (w engineWriter) Write(p []byte) (int, error) {
	w.e.out.writeEngine(p)
	return len(p), nil
}

// formatTime writes a duration in seconds as IPython's timing magics do:
// precision significant digits in s, ms, µs or ns below a minute, and
// "1min 3s"-style parts from a minute on.
func formatTime(sec float64, precision int) string {
	if sec >= 60 {
		var parts []string
		left := sec
		for _, u := range []struct {
			suffix string
			length float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := math.Floor(left / u.length); v > 0 {
				left = math.Mod(left, u.length)
				parts = append(parts, strconv.Itoa(int(v))+u.suffix)
			}
			if left < 1 {
				break
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "μs", "ns"}
	order := 3
	if sec > 0 {
		order = min(-int(math.Floor(math.Floor(math.Log10(sec))/3)), 3)
	}
	return fmt.Sprintf("%.*g %s", precision, sec*math.Pow(1000, float64(order)), units[order])
}

// timeitOptions are the options of %timeit that yak supports, as IPython
// spells them.
type timeitOptions struct {
	loops, runs, precision int
	quiet                  bool
}

// parseTimeit splits `[-n N] [-r R] [-p P] [-q] STATEMENT`.
func parseTimeit(args string) (timeitOptions, string, error) {
	o := timeitOptions{runs: 7, precision: 3}
	rest := strings.TrimSpace(args)
	for strings.HasPrefix(rest, "-") {
		flag, after, _ := strings.Cut(rest, " ")
		after = strings.TrimSpace(after)
		switch flag {
		case "-q":
			o.quiet = true
			rest = after
			continue
		case "-n", "-r", "-p":
		default:
			if len(flag) == 2 && flag[1] >= 'a' && flag[1] <= 'z' {
				return o, "", usageError("%%timeit: unknown option %s (yak supports -n LOOPS, -r RUNS, -p PRECISION and -q)", flag)
			}
			return o, rest, nil // a statement that starts with '-', like -x
		}
		val, tail, _ := strings.Cut(after, " ")
		n, err := strconv.Atoi(val)
		if err != nil || n < 1 {
			return o, "", usageError("%%timeit: %s takes a positive integer, not %q", flag, val)
		}
		switch flag {
		case "-n":
			o.loops = n
		case "-r":
			o.runs = n
		case "-p":
			o.precision = n
		}
		rest = strings.TrimSpace(tail)
	}
	return o, rest, nil
}

// timeit is %timeit STATEMENT (body empty) and %%timeit [SETUP] (body is the
// cell). The statement runs in a loop inside one interpreted block, like
// IPython's timing function: names it declares stay local to the block. With
// no -n, the loop count is the first power of ten whose run takes at least
// 0.2 s, as IPython chooses it; then -r runs (default 7) are timed and their
// per-loop mean and standard deviation printed. Each run compiles its block
// once before looping (the first, empty run shows how long that takes), so a
// run's time includes one compilation, amortised over the loops.
func (e *Engine) timeit(ctx context.Context, args, body string, line, col int) error {
	o, stmt, err := parseTimeit(args)
	if err != nil {
		return err
	}
	setup := ""
	if body == "" {
		if stmt == "" {
			return usageError("usage: %%timeit [-n LOOPS] [-r RUNS] [-p PRECISION] [-q] STATEMENT (or %%%%timeit as a cell's first line)")
		}
		if x, err := parser.ParseExpr(stmt); err == nil {
			switch x := x.(type) {
			case *ast.CallExpr:
			case *ast.UnaryExpr:
				if x.Op.String() != "<-" {
					stmt = "_ = " + stmt
				}
			default:
				stmt = "_ = " + stmt // a value nobody uses would not compile
			}
			if strings.HasPrefix(stmt, "_ = ") && col >= 4 {
				col -= 4 // keep the statement's own column
			}
		}
		body = stmt
		if e.isMainStmt(stmt) {
			if ran, err := e.timeitCompiled(ctx, stmt, o); ran {
				return err
			}
		}
	} else {
		setup = stmt
	}
	run := func(n int) (float64, error) {
		// The loop's head goes on the line before the statement (a magic
		// line or blank), so that errors keep the statement's line number.
		head := fmt.Sprintf("{ %s; for _yakI := 0; _yakI < %d; _yakI++ {", setup, n)
		if n == 0 { // the compile check: SETUP compiles but does not run
			head = fmt.Sprintf("{ for _yakI := 0; _yakI < 0; _yakI++ { %s;", setup)
		}
		src := head + " " + body + "\n} }"
		if line > 0 {
			src = strings.Repeat("\n", line-1) + head + "\n" + strings.Repeat(" ", col) + body + "\n} }"
		}
		t := time.Now()
		_, err := e.run(ctx, src)
		return time.Since(t).Seconds(), err
	}
	compile, err := run(0)
	if err != nil {
		return err
	}
	per, loops, err := timeRuns(o, run)
	if err != nil {
		return err
	}
	if o.quiet {
		return nil
	}
	e.syncOutput()
	fmt.Fprint(outWriter{e}, timeitSummary(per, loops, o.precision, compile))
	return nil
}

// timeRuns times o.runs runs of loops steps each (run(n) takes n steps
// and returns the seconds they took) and gives the seconds per step of
// each run. With no -n, loops is chosen as IPython chooses: the first
// power of ten whose run takes 0.2 s.
func timeRuns(o timeitOptions, run func(n int) (float64, error)) (per []float64, loops int, err error) {
	loops = o.loops
	if loops == 0 {
		for i := 0; i < 10; i++ {
			loops = int(math.Pow10(i))
			d, err := run(loops)
			if err != nil {
				return nil, 0, err
			}
			if d >= 0.2 {
				break
			}
		}
	}
	per = make([]float64, o.runs)
	for i := range per {
		d, err := run(loops)
		if err != nil {
			return nil, 0, err
		}
		per[i] = d / float64(loops)
	}
	return per, loops, nil
}

// timeitSummary is %timeit's report, worded and formatted as IPython's.
func timeitSummary(per []float64, loops, precision int, compile float64) string {
	var b strings.Builder
	best, worst, sum := per[0], per[0], 0.0
	for _, d := range per {
		best, worst, sum = min(best, d), max(worst, d), sum+d
	}
	mean := sum / float64(len(per))
	ss := 0.0
	for _, d := range per {
		ss += (d - mean) * (d - mean)
	}
	std := math.Sqrt(ss / float64(len(per)))
	if worst > 4*best && best > 0 && worst > 1e-6 {
		fmt.Fprintf(&b, "The slowest run took %0.2f times longer than the fastest. This could mean that an intermediate result is being cached.\n", worst/best)
	}
	fmt.Fprintf(&b, "%s ± %s per loop (mean ± std. dev. of %d run%s, %s loop%s each)\n",
		formatTime(mean, precision), formatTime(std, precision),
		len(per), plural(len(per)), thousands(loops), plural(loops))
	if compile > 0.1 {
		fmt.Fprintf(&b, "Compiler time: %.2f s\n", compile)
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// thousands writes n with comma separators, as Python's {:,} does.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
