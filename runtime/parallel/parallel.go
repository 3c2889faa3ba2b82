package parallel

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Workers returns n when it is at least 1 and GOMAXPROCS otherwise.
func Workers(n int) int {
	if n >= 1 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// PanicError is a panic recovered on a worker. Stack is the panicking
// worker's stack at the time of the panic.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic in a parallel worker: %v\n\nworker stack:\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// failure keeps the first error of a parallel call.
type failure struct {
	once sync.Once
	err  error
	set  atomic.Bool
}

// reset clears f for another call; nobody else may hold it.
func (f *failure) reset() {
	f.once = sync.Once{}
	f.err = nil
	f.set.Store(false)
}

func (f *failure) record(err error) {
	f.once.Do(func() {
		f.err = err
		f.set.Store(true)
	})
}

// recoverTo turns a panic into a recorded *PanicError. It must be deferred
// directly so that recover works.
func (f *failure) recoverTo() {
	if v := recover(); v != nil {
		f.record(asPanicError(v))
	}
}

// asPanicError keeps a nested pool's *PanicError as it is, so the stack in
// the message is the innermost worker's.
func asPanicError(v any) *PanicError {
	if pe, ok := v.(*PanicError); ok {
		return pe
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Bind returns the context a long run should keep: context.Background()
// for nil, and for a context that stands for whatever is current (the
// notebook prelude's ctx, cellctx.Current, which has a Resolve method) the
// context it stands for now. A run that binds at its start stops with the
// cell that started it even when its last steps outlive the cell. Every
// function of this package binds; plugins bind at their entry points.
func Bind(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	if r, ok := ctx.(interface{ Resolve() context.Context }); ok {
		if c := r.Resolve(); c != nil {
			return c
		}
	}
	return ctx
}

func background(ctx context.Context) context.Context { return Bind(ctx) }

// stopped reports whether done is closed without blocking; a nil channel
// (context.Background) costs one comparison.
func stopped(done <-chan struct{}) bool {
	if done == nil {
		return false
	}
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// Ranges runs fn on Workers(workers) contiguous ranges of [0, n), part p
// covering [n*p/w, n*(p+1)/w) (fewer parts when n is smaller than the
// worker count), and waits for all of them. The caller runs part 0 and the
// pool's helpers the others, helper k taking part k+1 on every call so that
// a range stays on one thread from call to call; a part whose helper is busy
// or slow to wake is run by whoever is free first (the caller included), so
// which goroutine ran a part depends on timing but its range never does. It
// returns the first panic as a *PanicError, or ctx.Err() when the context
// was done before a part started.
func Ranges(ctx context.Context, workers, n int, fn func(part, lo, hi int)) error {
	ctx = background(ctx)
	if n <= 0 {
		return ctx.Err()
	}
	w := min(Workers(workers), n)
	if w == 1 {
		return inline(ctx, func() { fn(0, 0, n) })
	}
	j := newJob(ctx.Done(), n, w)
	j.ranges = fn
	j.unclaim(w)
	j.dispatch()
	err := j.f.err
	j.release()
	if err != nil {
		return err
	}
	return ctx.Err()
}

// inline runs one piece on the caller's goroutine with the contract of a
// split: not started when ctx is done, a panic returned as a *PanicError.
func inline(ctx context.Context, piece func()) error {
	var f failure
	func() {
		defer f.recoverTo()
		if ctx.Err() == nil {
			piece()
		}
	}()
	if f.err != nil {
		return f.err
	}
	return ctx.Err()
}

// Chunks runs fn on the chunks [lo, hi) of [0, n), each chunk long (the
// last one shorter), handed out in order to Workers(workers) workers (the
// caller and the pool's helpers) as they become free; worker (below the
// worker count, never shared by two chunks running at once) tells fn which
// one runs it, for per-worker scratch space. A chunk below 1 means about
// four chunks per worker. Which worker runs a chunk depends on timing:
// results must not. Errors are as for Ranges; no chunk starts after the
// context is done or a chunk panicked.
func Chunks(ctx context.Context, workers, n, chunk int, fn func(worker, lo, hi int)) error {
	ctx = background(ctx)
	if n <= 0 {
		return ctx.Err()
	}
	w := Workers(workers)
	if chunk < 1 {
		chunk = max(1, n/(4*w))
	}
	nchunks := (n + chunk - 1) / chunk
	w = min(w, nchunks)
	j := newJob(ctx.Done(), n, nchunks)
	j.chunk = chunk
	j.chunks = fn
	j.workerCap = w
	if w == 1 {
		j.work(0)
	} else {
		j.dispatch()
	}
	err := j.f.err
	j.release()
	if err != nil {
		return err
	}
	return ctx.Err()
}

// Each calls fn(ctx, i) for every i in [0, n) on Workers(workers)
// goroutines, each taking the next item when it finishes one. The context
// fn gets is cancelled when the caller's is, and as soon as an item fails
// (returns an error or panics): no item starts after that, and Each returns
// the first failure (a panic as a *PanicError) or, when the caller's
// context ended the work, ctx.Err(). Items that finished before the stop
// have run in full, so their results can be kept.
func Each(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	ctx = background(ctx)
	if n <= 0 {
		return ctx.Err()
	}
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	w := min(Workers(workers), n)
	var f failure
	var next atomic.Int64
	done := inner.Done()
	item := func(i int) {
		defer func() {
			if v := recover(); v != nil {
				f.record(asPanicError(v))
				cancel()
			}
		}()
		if err := fn(inner, i); err != nil && inner.Err() == nil {
			// An error that follows a stop is the stop's echo, not a failure
			// of its own; the caller's ctx.Err() reports it.
			f.record(err)
			cancel()
		}
	}
	run := func() {
		for !stopped(done) {
			i := int(next.Add(1) - 1)
			if i >= n {
				return
			}
			item(i)
		}
	}
	var wg sync.WaitGroup
	for range w - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	run()
	wg.Wait()
	if f.err != nil {
		return f.err
	}
	return ctx.Err()
}
