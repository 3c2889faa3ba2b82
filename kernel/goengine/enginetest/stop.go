package enginetest

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/yaknb/yak/internal/proccpu"
)

// Stop measures what the stop button does to a long cell: it runs code with
// a context it cancels after `after`, and reports how long the engine took
// to return from the cancel (returned) and how long until the compiled work
// the cell started has really stopped (idle): no more goroutines than
// before the cell, and the process's CPU use under 10% of one core over
// 200 ms (CPU alone can look idle on a loaded machine). err is the cell's
// error. It gives up waiting for idle after limit.
func (s *Session) Stop(tb testing.TB, code string, after, limit time.Duration) (returned, idle time.Duration, err error) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stopAt time.Time
	before := runtime.NumGoroutine()
	timer := time.AfterFunc(after, func() {
		stopAt = time.Now()
		cancel()
	})
	defer timer.Stop()
	_, err = s.Exec(ctx, code)
	end := time.Now()
	if stopAt.IsZero() {
		tb.Fatalf("the cell ended before the stop at %v: make it longer (error: %v)", after, err)
	}
	returned = end.Sub(stopAt)
	const window = 200 * time.Millisecond
	for {
		c0, t0 := proccpu.Time(), time.Now()
		time.Sleep(window)
		used, wall := proccpu.Time()-c0, time.Since(t0)
		if used < wall/10 && runtime.NumGoroutine() <= before {
			return returned, t0.Sub(stopAt), err
		}
		if time.Since(stopAt) > limit {
			return returned, time.Since(stopAt), err
		}
	}
}
