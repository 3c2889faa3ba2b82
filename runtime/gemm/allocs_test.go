package gemm

import (
	"fmt"
	"runtime/debug"
	"testing"
)

// TestSteadyStateAllocs: once the first calls have filled the scratch pools,
// a product on one thread allocates nothing. On two threads a product is one
// parallel region (team.go) whose closure escapes, with runtime/parallel's
// bookkeeping: a few small objects per call, never a buffer the size of an
// operand.
// AllocsPerRun runs at GOMAXPROCS 1, so the thread count is given to New.
func TestSteadyStateAllocs(t *testing.T) {
	// A collection would empty the pools mid-measurement.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, s := range [][4]int{{64, 64, 64, 0}, {300, 300, 300, 0}, {16, 72, 4096, 1}, {16, 4096, 72, 0},
		{1, 500, 300, 0}, {500, 1, 300, 0}, {100, 100, 1, 0}, {1, 3000, 400, 0}, {3000, 1, 400, 0}} {
		m, n, k, tB := s[0], s[1], s[2], s[3] == 1
		for _, threads := range []int{1, 2} {
			impl, err := New(Default().Name(), threads)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(fmt.Sprintf("%s/%dx%dx%d/threads=%d", impl.Name(), m, n, k, threads), func(t *testing.T) {
				a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
				ldb := n
				if tB {
					ldb = k
				}
				run := func() { impl.Sgemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, c, n) }
				for i := 0; i < 10; i++ { // fill each worker's scratch pool
					run()
				}
				var before, after runtimeMem
				readMem(&before)
				allocs := testing.AllocsPerRun(20, run)
				readMem(&after)
				if limit := map[int]float64{1: 0, 2: 32}[threads]; allocs > limit {
					t.Errorf("%.0f allocations per call (limit %.0f)", allocs, limit)
				}
				// A scratch buffer taken on another P than last time can still
				// miss its pool now and then; one allocated on every call
				// would be the size of an operand.
				if per, limit := (after.bytes-before.bytes)/21, max(4096, uint64(4*(m*k+k*n+m*n)/10)); per > limit {
					t.Errorf("%d bytes allocated per call (limit %d)", per, limit)
				}
			})
		}
	}
}

func TestSteadyStateAllocsBF16(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	for _, path := range BF16Paths() {
		for _, m := range []int{1, 100} {
			n, k := 300, 200
			w, err := newBF16Matrix(n, k, make([]float32, n*k), k, path)
			if err != nil {
				t.Fatal(err)
			}
			a, c := make([]float32, m*k), make([]float32, m*n)
			run := func() { w.MulT(m, a, k, c, n) }
			for i := 0; i < 10; i++ {
				run()
			}
			var before, after runtimeMem
			readMem(&before)
			allocs := testing.AllocsPerRun(20, run)
			readMem(&after)
			per, limit := (after.bytes-before.bytes)/21, max(4096, uint64(4*(m*k+k*n+m*n)/10))
			if allocs > 8 || per > limit {
				t.Errorf("%s m=%d: %.0f allocations, %d bytes per call (limit %d)", path, m, allocs, per, limit)
			}
		}
	}
}
