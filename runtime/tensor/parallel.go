package tensor

import (
	"runtime"
	"sync"
	"sync/atomic"
)

var threads atomic.Int32

// Threads returns how many goroutines the runtime's kernels split big work
// across (default: GOMAXPROCS at start-up).
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// SetThreads sets the number of goroutines for big kernels and returns the
// previous value; n < 1 means GOMAXPROCS. Results are deterministic for a
// given thread count: work is split into the same contiguous parts each time.
func SetThreads(n int) int {
	prev := Threads()
	if n < 1 {
		n = 0
	}
	threads.Store(int32(n))
	return prev
}

// minParallelWork is the number of multiply-adds (or comparable element
// operations) below which splitting work across goroutines costs more than
// it saves: a goroutine handoff is a few microseconds.
const minParallelWork = 1 << 16

// NumParts returns how many parts ParallelParts splits n items into for the
// given work estimate: 1 when the work is too small to pay for goroutines.
func NumParts(n, work int) int {
	p := Threads()
	if p > n {
		p = n
	}
	if p <= 1 || work < minParallelWork {
		return 1
	}
	return p
}

// Parallel runs fn over [0, n) split into contiguous parts, one per
// goroutine, when work (an estimate of element operations) is large enough
// to pay for the goroutines; otherwise it calls fn(0, n) directly. Part
// boundaries depend only on n, work and Threads, so results are reproducible.
func Parallel(n, work int, fn func(lo, hi int)) {
	ParallelParts(n, work, func(_, lo, hi int) { fn(lo, hi) })
}

// ParallelParts is Parallel that also passes the part index (below
// NumParts(n, work)), so each part can keep its own partial sums and the
// caller can add them in part order, independent of timing.
func ParallelParts(n, work int, fn func(part, lo, hi int)) {
	p := NumParts(n, work)
	if p <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := 1; i < p; i++ {
		lo, hi := n*i/p, n*(i+1)/p
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i, lo, hi)
		}()
	}
	fn(0, 0, n/p)
	wg.Wait()
}
