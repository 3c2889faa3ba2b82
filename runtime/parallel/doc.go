// Package parallel is the runtime's one parallel-for: every package that
// splits work across goroutines (runtime/gemm, runtime/tensor,
// runtime/cluster and the plugins' worker pools) goes through it, so they
// all stop the same way and none of them can take the process down.
//
// # Three shapes of work
//
// Ranges splits [0, n) into one contiguous range per worker. The split
// depends only on n and the worker count, so code that keeps one partial sum
// per part and adds them in part order gets the same bits every time.
//
// Chunks hands out chunks of a fixed size as workers become free, so one
// goroutine held up on a busy machine delays one chunk rather than its whole
// share. It passes the worker's index so callers can keep scratch space per
// worker.
//
// Each is a worker pool over items (seeds, methods, candidates): fn gets a
// context and returns an error; the first failure cancels the items still
// running and no new item starts.
//
// # Workers
//
// A worker count below 1 means GOMAXPROCS (Workers). The caller's goroutine
// is one of the workers, so a count of 1 starts no goroutine.
//
// Ranges and Chunks run on a pool of helper goroutines started on first use
// (one fewer than the largest worker count asked for) rather than on new
// goroutines: a split hands its job to idle helpers, which spin for a
// while after a part before they park (YAK_PAR_SPIN, default 50us; the
// caller's wait for its helpers, and gemm's workers waiting on each other
// inside a product, spin YAK_PAR_WAIT, default 50us: WaitSpin), and end
// after half a second parked.
// Helper k takes part k+1 first, so a range lands on the same thread call
// after call, as OpenMP's static schedule does; a part whose helper is busy
// or late is run by whoever is free, the caller included. So a body may
// call Ranges or Chunks itself (nesting never deadlocks: no call waits for a
// part nobody has started), and concurrent calls share the helpers. Each
// starts goroutines per call: its items are long and may block.
//
// A split costs about half a microsecond to two when a helper is spinning
// and the wake-up of a parked goroutine (microseconds to milliseconds on a
// loaded VM) when none is; BenchmarkSplit and BenchmarkSplitStart measure
// both. Longer spins cost CPU on a loaded machine without gaining wall
// clock there (pool.go has the figures). In steady state a split allocates
// nothing of its own: its job is reused once the caller and every helper
// that took it have let go.
//
// # Panics and stopping
//
// A panic on any worker, including the caller's, is recovered and returned
// as a *PanicError that carries the panicking worker's stack: a notebook's
// bad input or a user type that panics inside a pool becomes an error the
// kernel can show instead of a crash (a panic on a goroutine nobody recovers
// ends the process). Code without an error result (tensor kernels) re-panics
// the *PanicError on its own goroutine, where the caller's recover sees it.
//
// The context is checked before every range, chunk and item: once it is
// done no new work starts, and the call returns ctx.Err() after the running
// pieces finish. Long pieces should watch the context themselves (Each passes
// it on). A nil context means context.Background(), and a context that
// stands for whatever is current (a notebook's ctx) is bound to the one it
// stands for when the call starts (Bind); long runs that loop over many
// calls bind once at their start, so they stop with the cell that began
// them.
package parallel
