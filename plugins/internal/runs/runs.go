// Package runs holds what the four method plugins share about a run: the
// progress bar a notebook gets without asking for one, and the error a
// stopped run returns. It keeps the plugins' Run(ctx) methods alike.
package runs

import (
	"context"
	"errors"
	"fmt"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/runtime/parallel"
)

// Progress returns r when it is set. Otherwise, in a notebook (a kernel or
// `yak run` publishes displays), it starts a bar of total steps named desc,
// sized by the run itself; in a compiled program it returns a reporter that
// drops the counts. finish shows the bar's final state (also after a stop).
func Progress(r display.Reporter, total int, desc string) (rep display.Reporter, finish func()) {
	if r != nil {
		return r, func() {}
	}
	if display.CurrentPublisher() == nil {
		return discard{}, func() {}
	}
	p := display.NewProgress(total, desc)
	return p, p.Finish
}

type discard struct{}

func (discard) Add(int)         {}
func (discard) Set(int, ...any) {}

// Context is the context a plugin's run keeps: parallel.Bind (nil means
// Background; the prelude's ctx becomes the cell's own context, so that the
// run stops with its cell even after the cell returned).
func Context(ctx context.Context) context.Context { return parallel.Bind(ctx) }

// Stopped is the error of a run that its context stopped: it says so, how
// much finished, and wraps the context's error (errors.Is(err,
// context.Canceled) or context.DeadlineExceeded holds). what names the
// plugin's run ("bandit: experiment"); unit the items counted ("runs").
func Stopped(what string, cause error, done, total int, unit string) error {
	why := "interrupted"
	if errors.Is(cause, context.DeadlineExceeded) {
		why = "timed out"
	}
	return fmt.Errorf("%s stopped (%s) after %d of %d %s; the results hold the finished ones: %w", what, why, done, total, unit, cause)
}

// IsStop reports whether err is a context's cancellation or deadline.
func IsStop(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Distinct returns names with each repeat told apart by its rank, "LinUCB",
// "LinUCB (2)", so that a results type's Methods name one method each and
// its accessors can take a name (two LinUCB policies with different
// parameters report the same Name).
func Distinct(names []string) []string {
	out := make([]string, len(names))
	taken := make(map[string]bool, len(names))
	for _, n := range names {
		taken[n] = true
	}
	count := map[string]int{}
	for i, n := range names {
		count[n]++
		out[i] = n
		if count[n] == 1 {
			continue
		}
		for k := count[n]; ; k++ {
			if c := fmt.Sprintf("%s (%d)", n, k); !taken[c] {
				out[i], taken[c] = c, true
				break
			}
		}
	}
	return out
}
