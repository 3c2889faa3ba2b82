package parallel

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRangesCoverEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ workers, n int }{
		{1, 10}, {2, 10}, {3, 10}, {4, 3}, {8, 1}, {0, 100}, {5, 0},
	} {
		hits := make([]int32, tc.n)
		parts := make(map[int]bool)
		var mu atomic.Int32
		err := Ranges(context.Background(), tc.workers, tc.n, func(part, lo, hi int) {
			mu.Add(1)
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&hits[i], 1)
			}
			_ = parts
		})
		if err != nil {
			t.Fatalf("workers=%d n=%d: %v", tc.workers, tc.n, err)
		}
		for i, h := range hits {
			if h != 1 {
				t.Fatalf("workers=%d n=%d: index %d ran %d times", tc.workers, tc.n, i, h)
			}
		}
		if want := min(Workers(tc.workers), tc.n); tc.n > 0 && int(mu.Load()) != want {
			t.Errorf("workers=%d n=%d: %d parts, want %d", tc.workers, tc.n, mu.Load(), want)
		}
	}
}

func TestRangesSplitIsFixed(t *testing.T) {
	// The same n and worker count give the same ranges: deterministic sums.
	got := make([][2]int, 3)
	if err := Ranges(nil, 3, 10, func(p, lo, hi int) { got[p] = [2]int{lo, hi} }); err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{0, 3}, {3, 6}, {6, 10}}
	for p := range want {
		if got[p] != want[p] {
			t.Fatalf("ranges %v, want %v", got, want)
		}
	}
}

func TestChunksCoverEachIndexOnce(t *testing.T) {
	for _, tc := range []struct{ workers, n, chunk int }{
		{1, 10, 3}, {2, 10, 3}, {3, 100, 7}, {4, 3, 10}, {2, 1000, 0}, {0, 17, 1},
	} {
		hits := make([]int32, tc.n)
		var badWorker atomic.Bool
		w := Workers(tc.workers)
		err := Chunks(context.Background(), tc.workers, tc.n, tc.chunk, func(worker, lo, hi int) {
			if worker < 0 || worker >= w {
				badWorker.Store(true)
			}
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&hits[i], 1)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if badWorker.Load() {
			t.Fatalf("%+v: worker index out of range", tc)
		}
		for i, h := range hits {
			if h != 1 {
				t.Fatalf("%+v: index %d ran %d times", tc, i, h)
			}
		}
	}
}

func TestPanicsBecomeErrorsWithStack(t *testing.T) {
	boom := errors.New("boom")
	calls := map[string]func() error{
		"Ranges": func() error {
			return Ranges(nil, 2, 4, func(p, lo, hi int) {
				if p == 1 {
					panicWorker(boom)
				}
			})
		},
		"Ranges-caller": func() error {
			return Ranges(nil, 1, 4, func(p, lo, hi int) { panicWorker(boom) })
		},
		"Chunks": func() error {
			return Chunks(nil, 2, 10, 1, func(w, lo, hi int) {
				if lo == 7 {
					panicWorker(boom)
				}
			})
		},
		"Each": func() error {
			return Each(nil, 2, 10, func(ctx context.Context, i int) error {
				if i == 3 {
					panicWorker(boom)
				}
				return nil
			})
		},
		"nested": func() error {
			return Each(nil, 2, 2, func(ctx context.Context, i int) error {
				if err := Chunks(ctx, 2, 4, 1, func(w, lo, hi int) { panicWorker(boom) }); err != nil {
					panic(err) // a compiled caller re-panicking, as tensor kernels do
				}
				return nil
			})
		},
	}
	for name, call := range calls {
		err := call()
		var pe *PanicError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: got %v, want a *PanicError", name, err)
		}
		if !errors.Is(err, boom) {
			t.Errorf("%s: errors.Is(err, boom) = false for %v", name, err)
		}
		if !strings.Contains(err.Error(), "panicWorker") {
			t.Errorf("%s: the message lacks the worker's stack:\n%s", name, err)
		}
	}
}

func panicWorker(err error) { panic(err) }

func TestEachReturnsFirstErrorAndStops(t *testing.T) {
	bad := errors.New("item 2 failed")
	var started atomic.Int32
	err := Each(context.Background(), 1, 100, func(ctx context.Context, i int) error {
		started.Add(1)
		if i == 2 {
			return bad
		}
		return nil
	})
	if !errors.Is(err, bad) {
		t.Fatalf("got %v, want %v", err, bad)
	}
	if n := started.Load(); n != 3 {
		t.Errorf("%d items started with one worker, want 3 (none after the failure)", n)
	}
}

func TestCancelledContextStopsNewWork(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	// Count the items that start after cancel has returned: the other
	// worker may be between its stop check and its item then (one item), no
	// more. Counting all items instead raced the scheduler: a worker
	// preempted between its fifth count and its cancel let the other run
	// every item first.
	var ran, late atomic.Int32
	var cancelled atomic.Bool
	err := Each(ctx, 2, 1000, func(c context.Context, i int) error {
		if cancelled.Load() {
			late.Add(1)
		}
		if ran.Add(1) == 5 {
			cancel()
			cancelled.Store(true)
			<-c.Done() // the running item sees the stop
			return c.Err()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := late.Load(); n > 1 {
		t.Errorf("%d items started after the stop with 2 workers, want at most 1", n)
	}

	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	ran.Store(0)
	if err := Chunks(ctx, 2, 100, 1, func(w, lo, hi int) { ran.Add(1) }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Chunks on a done context: %v", err)
	}
	if err := Ranges(ctx, 2, 100, func(p, lo, hi int) { ran.Add(1) }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Ranges on a done context: %v", err)
	}
	if ran.Load() != 0 {
		t.Errorf("%d pieces ran on a context that was already done", ran.Load())
	}
}

func TestZeroItems(t *testing.T) {
	called := false
	for _, err := range []error{
		Ranges(nil, 2, 0, func(p, lo, hi int) { called = true }),
		Chunks(nil, 2, 0, 4, func(w, lo, hi int) { called = true }),
		Each(nil, 2, 0, func(ctx context.Context, i int) error { called = true; return nil }),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if called {
		t.Fatal("fn called for n = 0")
	}
}

func BenchmarkChunksOverhead(b *testing.B) {
	for b.Loop() {
		_ = Chunks(nil, 2, 64, 16, func(w, lo, hi int) {})
	}
}

// standsFor is a context that stands for whatever is current, as the
// notebook prelude's ctx does.
type standsFor struct {
	context.Context
	now func() context.Context
}

func (s standsFor) Resolve() context.Context { return s.now() }

func TestBindKeepsTheContextOfTheStart(t *testing.T) {
	cell, stop := context.WithCancel(context.Background())
	current := context.Context(cell)
	dyn := standsFor{context.Background(), func() context.Context { return current }}
	bound := Bind(dyn)
	stop()
	current = context.Background() // the cell ended; another one, or none, is current
	if bound.Err() == nil {
		t.Fatal("the bound context did not follow the cell that was current at the start")
	}
	if Bind(nil) == nil {
		t.Fatal("Bind(nil) is nil")
	}
}
