package goengine

import (
	"context"
	"fmt"
	"time"

	"github.com/yaknb/yak/kernel/goengine/gobuild"
)

// Timing compiled programs: %time and %%time count the CPU time of child
// processes (the program, go build) beside the kernel's, and say apart
// what go build took; %timeit main() builds once and times runs of the
// program, not the interpreter's main.

// buildTimes adds up the go build runs of the kernel: a timer reports
// what was added while it ran.
type buildTimes struct {
	n         int
	wall, cpu time.Duration // cpu: user+system of go build and its compilers
}

// timedBuild is e.build, counted in e.compiled.builds when go build runs.
func (e *Engine) timedBuild(ctx context.Context, b *gobuild.Builder, src []byte) (string, error) {
	if b.Reuses(src, e.programModule(b.Toolchain(), src)) {
		return e.build(ctx, b, src)
	}
	u0, s0, ok0 := childCPUTimes()
	t := time.Now()
	bin, err := e.build(ctx, b, src)
	e.compiled.builds.n++
	e.compiled.builds.wall += time.Since(t)
	if u1, s1, ok1 := childCPUTimes(); ok0 && ok1 {
		e.compiled.builds.cpu += u1 - u0 + s1 - s0
	}
	return bin, err
}

// isMainStmt reports whether a %timeit statement is main(), calling the
// main a cell declared.
func (e *Engine) isMainStmt(stmt string) bool {
	segs, errs := split(stmt)
	if len(errs) > 0 {
		return false
	}
	if _, errs := parse(stmt, segs); len(errs) > 0 {
		return false
	}
	return e.isMainCall(segs)
}

// timeitCompiled is `%timeit main()` when main() runs compiled: the
// program is built once (its time said apart), then runs of the binary
// are timed as %timeit times a statement, a process start each. ran is
// false when the interpreter runs main() instead.
func (e *Engine) timeitCompiled(ctx context.Context, stmt string, o timeitOptions) (ran bool, err error) {
	t := time.Now()
	bin, ran, err := e.buildCompiled(ctx, stmt, false)
	if !ran || err != nil {
		return ran, err
	}
	build := time.Since(t).Seconds()
	run := func(n int) (float64, error) {
		t := time.Now()
		for range n {
			if err := e.runBinary(ctx, bin); err != nil {
				return 0, err
			}
		}
		return time.Since(t).Seconds(), nil
	}
	per, loops, err := timeRuns(o, run)
	if err != nil {
		return true, err
	}
	if o.quiet {
		return true, nil
	}
	e.syncOutput()
	fmt.Fprint(outWriter{e}, timeitSummary(per, loops, o.precision, 0))
	fmt.Fprintf(outWriter{e}, "main() ran compiled, a process each loop; the build (%s, once, before the runs) is not in the times\n", formatTime(build, 3))
	return true, nil
}
