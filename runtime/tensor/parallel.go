package tensor

import (
	"runtime"
	"sync/atomic"

	"github.com/yaknb/yak/runtime/parallel"
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
// it saves. Measured (BenchmarkGrain, AVX-512 ReLU, load 13 on 2 cores): a
// two-way split through runtime/parallel's pool costs about 1 us of CPU
// (16K elements: 1.4 us on one thread, 2.4-2.7 us split), and 64K elements
// take 5.7 us on one thread; so from 1<<16 the split's wall-clock gain
// (half the work less the split) is at least a quarter of the op.
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

// Parallel runs fn over [0, n) in contiguous chunks on up to Threads
// goroutines when work (an estimate of element operations) is large enough
// to pay for them; otherwise it calls fn(0, n) directly. Chunks (about four
// per goroutine) are handed out as goroutines become free, so one goroutine
// held up by a busy machine does not hold up the rest. fn must not depend on
// which goroutine runs a chunk: code that sums across chunks keeps one
// partial sum per item (or uses ParallelParts) and adds them in order.
//
// A panic in fn on any goroutine comes back to the caller's goroutine as a
// *parallel.PanicError carrying the worker's stack, so the caller's recover
// (the kernel's, in a notebook) sees it instead of the process ending.
func Parallel(n, work int, fn func(lo, hi int)) {
	p := NumParts(n, work)
	if p <= 1 {
		fn(0, n)
		return
	}
	if err := parallel.Chunks(nil, p, n, 0, func(_, lo, hi int) { fn(lo, hi) }); err != nil {
		panic(err)
	}
}

// ParallelParts is Parallel that also passes the part index (below
// NumParts(n, work)), so each part can keep its own partial sums and the
// caller can add them in part order, independent of timing. Part p covers
// [n*p/parts, n*(p+1)/parts).
func ParallelParts(n, work int, fn func(part, lo, hi int)) {
	p := NumParts(n, work)
	if p <= 1 {
		fn(0, 0, n)
		return
	}
	if err := parallel.Ranges(nil, p, n, fn); err != nil {
		panic(err)
	}
}
