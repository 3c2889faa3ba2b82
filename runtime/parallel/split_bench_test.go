package parallel

import (
	"fmt"
	"testing"
	"time"
)

// The split benchmarks measure what one call costs beyond its body: the
// empty body is the fixed cost of a split (start, hand-off, wait), the 4K
// body a small element-wise op (16 KB of float32 per call) split two ways.
// Compare runs side by side: the figure depends on how busy the machine is.

var sink []float32

func splitBody(size int) (func(lo, hi int), []float32) {
	x := make([]float32, size)
	return func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x[i] = x[i]*0.5 + 1
		}
	}, x
}

func BenchmarkSplit(b *testing.B) {
	for _, size := range []int{0, 4096, 65536} {
		body, x := splitBody(size)
		sink = x
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("Ranges/n=%d/w=%d", size, workers), func(b *testing.B) {
				n := max(size, 2)
				for b.Loop() {
					if err := Ranges(nil, workers, n, func(_, lo, hi int) { body(lo, min(hi, size)) }); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("Chunks/n=%d/w=%d", size, workers), func(b *testing.B) {
				n := max(size, 8)
				for b.Loop() {
					if err := Chunks(nil, workers, n, 0, func(_, lo, hi int) { body(min(lo, size), min(hi, size)) }); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkSplitStart reports how long after the call the second part
// starts (start-us), after the caller has worked alone for gap: a helper
// thread that has gone to sleep in the gap must be woken, which on a busy
// VM takes tens of microseconds. Only the caller's serial work and the
// split are timed per op; start-us is the figure to compare.
func BenchmarkSplitStart(b *testing.B) {
	for _, gap := range []time.Duration{0, 20 * time.Microsecond, 200 * time.Microsecond, 2 * time.Millisecond} {
		b.Run(fmt.Sprintf("gap=%v", gap), func(b *testing.B) {
			var wait time.Duration
			for b.Loop() {
				for t := time.Now(); time.Since(t) < gap; {
				}
				var started time.Time
				t0 := time.Now()
				if err := Ranges(nil, 2, 2, func(part, _, _ int) {
					if part == 1 {
						started = time.Now()
					}
				}); err != nil {
					b.Fatal(err)
				}
				wait += started.Sub(t0)
			}
			b.ReportMetric(float64(wait.Microseconds())/float64(b.N), "start-us")
		})
	}
}
