package parallel

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Nested calls run on the pool when helpers are free and inline when not;
// none may deadlock and every index is still covered once.
func TestNestedCallsCoverEachIndexOnce(t *testing.T) {
	for _, tc := range []struct {
		name         string
		outer, inner int // worker counts
		nOut, nIn    int
		innerChunks  bool
	}{
		{"ranges in ranges", 2, 2, 4, 100, false},
		{"chunks in ranges", 2, 3, 3, 50, true},
		{"wide in wide", 8, 8, 16, 64, false},
		{"chunks in chunks", 4, 4, 20, 33, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits := make([]int32, tc.nOut*tc.nIn)
			inner := func(o int) error {
				mark := func(lo, hi int) {
					for i := lo; i < hi; i++ {
						atomic.AddInt32(&hits[o*tc.nIn+i], 1)
					}
				}
				if tc.innerChunks {
					return Chunks(nil, tc.inner, tc.nIn, 0, func(_, lo, hi int) { mark(lo, hi) })
				}
				return Ranges(nil, tc.inner, tc.nIn, func(_, lo, hi int) { mark(lo, hi) })
			}
			err := Chunks(nil, tc.outer, tc.nOut, 1, func(_, lo, hi int) {
				for o := lo; o < hi; o++ {
					if err := inner(o); err != nil {
						panic(err)
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, h := range hits {
				if h != 1 {
					t.Fatalf("index %d ran %d times", i, h)
				}
			}
		})
	}
}

// Calls from many goroutines at once share the helpers: each call finds
// the helpers other calls hold taken and runs those parts itself.
func TestConcurrentCallsShareThePool(t *testing.T) {
	const callers, n = 8, 1000
	var wg sync.WaitGroup
	errs := make([]error, callers)
	sums := make([]int64, callers)
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				part := make([]int64, 3)
				if err := Ranges(nil, 3, n, func(p, lo, hi int) {
					for i := lo; i < hi; i++ {
						part[p] += int64(i)
					}
				}); err != nil {
					errs[c] = err
					return
				}
				sums[c] = part[0] + part[1] + part[2]
			}
		}()
	}
	wg.Wait()
	for c := range callers {
		if errs[c] != nil {
			t.Fatalf("caller %d: %v", c, errs[c])
		}
		if want := int64(n * (n - 1) / 2); sums[c] != want {
			t.Fatalf("caller %d: sum %d, want %d", c, sums[c], want)
		}
	}
}

// A worker index is never used by two chunks at the same time: per-worker
// scratch needs no lock (the race detector checks the plain writes).
func TestChunksWorkerScratchIsPrivate(t *testing.T) {
	for _, workers := range []int{2, 3, 8} {
		scratch := make([]int, workers)
		total := make([]int, 1000)
		if err := Chunks(nil, workers, len(total), 7, func(w, lo, hi int) {
			scratch[w] = 0
			for i := lo; i < hi; i++ {
				scratch[w]++
				total[i] = scratch[w]
			}
		}); err != nil {
			t.Fatal(err)
		}
		for i, v := range total {
			if want := i%7 + 1; v != want {
				t.Fatalf("workers=%d: index %d got %d, want %d", workers, i, v, want)
			}
		}
	}
}

// A helper that panicked stays in the pool and runs later calls.
func TestPoolSurvivesPanics(t *testing.T) {
	for round := range 20 {
		err := Ranges(nil, 2, 2, func(p, lo, hi int) {
			if p == 1 {
				panic("part one fails")
			}
		})
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != "part one fails" {
			t.Fatalf("round %d: got %v, want the panic of part 1", round, err)
		}
		var ran atomic.Int32
		if err := Ranges(nil, 2, 2, func(p, lo, hi int) { ran.Add(1) }); err != nil || ran.Load() != 2 {
			t.Fatalf("round %d after a panic: err %v, %d parts ran", round, err, ran.Load())
		}
	}
}

// Cancelling while parts run: parts not yet started are skipped, the call
// returns context.Canceled, and the pool serves the next call.
func TestCancelDuringRangesSkipsTheRest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	err := Ranges(ctx, 4, 400, func(p, lo, hi int) {
		ran.Add(1)
		cancel()
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := ran.Load(); n < 1 || n > 4 {
		t.Fatalf("%d parts ran", n)
	}
	ran.Store(0)
	if err := Chunks(nil, 4, 400, 10, func(_, lo, hi int) { ran.Add(int32(hi - lo)) }); err != nil || ran.Load() != 400 {
		t.Fatalf("the next call: err %v, %d of 400 indices", err, ran.Load())
	}
}

// Whoever runs a part (its helper, or the caller when the helper is busy
// or late), its range is the static one, call after call.
func TestRangesPartsKeepTheirRanges(t *testing.T) {
	for range 200 {
		got := make([][2]int, 4)
		if err := Ranges(nil, 4, 10, func(p, lo, hi int) { got[p] = [2]int{lo, hi} }); err != nil {
			t.Fatal(err)
		}
		want := [][2]int{{0, 2}, {2, 5}, {5, 7}, {7, 10}}
		for p := range want {
			if got[p] != want[p] {
				t.Fatalf("ranges %v, want %v", got, want)
			}
		}
	}
}

// Parked helpers end their goroutines after retireAfter, and the next call
// starts them again.
func TestIdleHelpersRetire(t *testing.T) {
	if err := Ranges(nil, 4, 4, func(p, lo, hi int) {}); err != nil {
		t.Fatal(err)
	}
	if pool.running.Load() < 3 {
		t.Fatalf("%d helpers running right after a 4-way split, want 3", pool.running.Load())
	}
	deadline := time.Now().Add(20 * retireAfter)
	for pool.running.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(retireAfter / 10)
	}
	if n := pool.running.Load(); n > 0 {
		t.Fatalf("%d helpers still running %v after the call", n, 20*retireAfter)
	}
	var ran atomic.Int32
	if err := Ranges(nil, 4, 4, func(p, lo, hi int) { ran.Add(1) }); err != nil || ran.Load() != 4 {
		t.Fatalf("after the helpers retired: err %v, %d of 4 parts", err, ran.Load())
	}
}

func TestEnvDuration(t *testing.T) {
	const def = 5 * time.Microsecond
	for _, tc := range []struct {
		value string
		set   bool
		want  time.Duration
	}{
		{"", false, def},
		{"50us", true, 50 * time.Microsecond},
		{"0s", true, 0},
		{"fast", true, def},
		{"-1us", true, def},
		{"2s", true, def},
	} {
		if tc.set {
			t.Setenv("YAK_PAR_TEST", tc.value)
		}
		if got := envDuration("YAK_PAR_TEST", def); got != tc.want {
			t.Errorf("YAK_PAR_TEST=%q: %v, want %v", tc.value, got, tc.want)
		}
	}
}

// A split on two workers reuses its job: in steady state Ranges and Chunks
// allocate nothing of their own (the caller's closure is made once here).
func TestSplitsAllocateNothingInSteadyState(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items: allocation counts are not the program's")
	}
	var sink [2]int
	ranges := func(part, lo, hi int) { sink[part] += hi - lo }
	chunks := func(worker, lo, hi int) { sink[worker] += hi - lo }
	for _, c := range []struct {
		name string
		run  func()
	}{
		{"Ranges", func() { _ = Ranges(nil, 2, 1000, ranges) }},
		{"Chunks", func() { _ = Chunks(nil, 2, 1000, 100, chunks) }},
	} {
		c.run() // start the helper, fill the pool
		if a := testing.AllocsPerRun(200, c.run); a > 0.5 {
			t.Errorf("%s: %.2f allocations per call, want none in steady state", c.name, a)
		}
	}
}
