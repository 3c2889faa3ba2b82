package parallel

import (
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The pool's helpers are goroutines started once and kept: a split wakes
// them instead of starting goroutines. A goroutine started with `go` on a
// busy VM began its work 33-38 us later (the idle core's thread had to be
// woken), which is more than a small element-wise op takes; a helper that
// spins for a short while after its last part is still running when the next
// split of a training step comes.
//
// Parts are claimed, not assigned: helper k first takes part k+1 (so the same
// range lands on the same thread call after call, as OpenMP's static
// schedule), and whoever is free takes the parts nobody has started, the
// caller included. A helper that wakes late therefore costs nothing but its
// own wake-up, and the result of each part never depends on who ran it.
//
// Helpers are claimed with a compare-and-swap on their state and never
// waited for unless they have started a part: a call made from a helper
// (nesting) or two calls at once leave their job in a busy helper's mailbox
// or find it full, and run the parts nobody started themselves, so no call
// can wait on a helper that waits on it.

// spinFor is how long an idle helper keeps looking for work before it
// parks, and waitSpin how long a caller that has finished its share spins
// for its helpers' parts before it blocks. A parked goroutine on this VM
// takes tens of microseconds to run again, as long as a whole element-wise
// op on an image batch, so both spin for longer than the gap between the
// splits of a training step. Measured on an otherwise quiet machine
// (quietbench, go test -cpu 2, runtime/nn, ns/op): ReLUImage 76 us with a
// 5 us / 2 us spin, 35 us with 50 us / 50 us; MaxPool2 77 / 40 us;
// CrossEntropyPixels 147 / 97 us. Spinning only the helpers (50 / 5 us) or
// only the caller (5 / 50 us) recovered less than half of it. The cost is
// CPU on a machine loaded by other work: at load 9-11 a 50 us spin took
// 20-25% more CPU on ReLU and gained no wall clock, and at load 3 from
// other programs' tests a two-thread ReLU took 165-170 us spinning 50 us
// against 117-137 us spinning 5 / 2 (a spinner counts against the process
// when the OS picks whom to run), so
// YAK_PAR_SPIN and YAK_PAR_WAIT (Go durations, e.g. "5us") shorten them
// for such runs. A back-off on a seen preemption (a spinner finding the
// clock jumped by 30-500 us between looks) was tried: it fired on a quiet
// machine too and cost the quiet case its gain (ReLU 42-122 us).
var (
	spinFor  = envDuration("YAK_PAR_SPIN", 50*time.Microsecond)
	waitSpin = envDuration("YAK_PAR_WAIT", 50*time.Microsecond)
)

// WaitSpin is how long a worker that waits on another worker's part spins
// before it blocks (YAK_PAR_WAIT): the pool's callers use it, and so do
// waits inside a parallel region, such as gemm's team of workers waiting
// for a block of the previous k step, so one setting governs every spin.
func WaitSpin() time.Duration { return waitSpin }

// envDuration reads a duration from the environment; unset, unparsable,
// negative or over a second, it is def (a typo must not leave a core
// spinning).
func envDuration(name string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > time.Second {
		return def
	}
	return d
}

// maxHelpers bounds the pool: a worker count beyond it still splits into
// that many parts, the callers run the parts no helper takes.
const maxHelpers = 256

// retireAfter is how long a parked helper waits before its goroutine
// ends: a kernel that has stopped computing keeps no goroutines of ours, and
// the next split starts the helper again.
const retireAfter = 500 * time.Millisecond

const (
	helperIdle     int32 = iota // mailbox empty (spinning or working): claimable
	helperSleeping              // parked on wake: claimable, must be woken
	helperBusy                  // a job in the mailbox
	helperRetired               // no goroutine: a claim starts one
)

type helper struct {
	state atomic.Int32
	slot  int // the helper's worker index in the call that claimed it
	job   atomic.Pointer[job]
	wake  chan struct{}
	_     [32]byte // keep each helper's hot words on its own cache line
}

var pool struct {
	mu      sync.Mutex
	helpers atomic.Pointer[[]*helper]
	running atomic.Int32 // helpers with a goroutine
}

// helpers returns at least min(n, maxHelpers) helpers, starting the
// missing ones.
func helpers(n int) []*helper {
	n = min(n, maxHelpers)
	if hs := pool.helpers.Load(); hs != nil && len(*hs) >= n {
		return *hs
	}
	pool.mu.Lock()
	defer pool.mu.Unlock()
	var hs []*helper
	if p := pool.helpers.Load(); p != nil {
		hs = *p
	}
	if len(hs) >= n {
		return hs
	}
	grown := append([]*helper(nil), hs...)
	for len(grown) < n {
		h := &helper{wake: make(chan struct{}, 1)}
		h.state.Store(helperRetired)
		grown = append(grown, h)
	}
	pool.helpers.Store(&grown)
	return grown
}

// loop runs the jobs a helper is handed until it has been parked for
// retireAfter; no panic leaves it (job.work recovers them into the job's
// error).
func (h *helper) loop() {
	defer pool.running.Add(-1)
	idle := time.NewTimer(retireAfter)
	defer idle.Stop()
	spins := 0
	deadline := time.Now().Add(spinFor)
	for {
		if j := h.job.Swap(nil); j != nil {
			// Free the mailbox before working, so that a call made right
			// after this one's parts are done finds the helper claimable;
			// a job left there while this one runs is taken next, and its
			// caller runs the parts it would have had meanwhile.
			slot := h.slot
			h.state.Store(helperIdle)
			j.work(slot)
			j.release()
			deadline = time.Now().Add(spinFor)
			spins = 0
			continue
		}
		spins++
		if spins&15 == 0 && time.Now().After(deadline) {
			if h.state.CompareAndSwap(helperIdle, helperSleeping) {
				idle.Reset(retireAfter)
				select {
				case <-h.wake:
				case <-idle.C:
					if h.state.CompareAndSwap(helperSleeping, helperRetired) {
						return
					}
					<-h.wake // claimed as the timer fired: the job is coming
				}
			}
			// Either woken with a job stored, or claimed while deciding to
			// sleep: the job is there or about to be.
			deadline = time.Now().Add(spinFor)
			spins = 0
			continue
		}
		runtime.Gosched()
	}
}

// claim hands j to h as worker slot when h is free and reports whether it
// did.
func (h *helper) claim(j *job, slot int) bool {
	for {
		switch s := h.state.Load(); s {
		case helperIdle, helperSleeping, helperRetired:
			if !h.state.CompareAndSwap(s, helperBusy) {
				continue
			}
			h.slot = slot
			h.job.Store(j)
			switch s {
			case helperSleeping:
				h.wake <- struct{}{}
			case helperRetired:
				pool.running.Add(1)
				go h.loop()
			}
			return true
		default:
			return false
		}
	}
}

// job is one Ranges or Chunks call shared by the caller and the helpers it
// claimed.
type job struct {
	n, parts  int
	chunk     int                      // Chunks: chunk length; 0 for Ranges
	ranges    func(part, lo, hi int)   // Ranges
	chunks    func(worker, lo, hi int) // Chunks
	claimed   []atomic.Bool            // Ranges: part started by someone
	next      atomic.Int64             // Chunks: next chunk to hand out
	left      atomic.Int64             // parts or chunks not yet finished
	done      <-chan struct{}          // the caller's context
	workerCap int                      // Chunks: worker count
	f         failure
	finished  chan struct{} // gets one value when left reaches 0
	refs      atomic.Int32  // the caller and the helpers that took the job
}

// Jobs are reused: a split on two threads allocated its job, its channel
// and its claim flags on every call (three of the six allocations more
// that a two-thread ReLU made than a one-thread one). A job goes back to
// jobs when the last of its caller and the helpers that took it lets go,
// so a helper that picks a job up after its caller has returned still
// finds it as it was.
var jobs sync.Pool

func newJob(done <-chan struct{}, n, parts int) *job {
	j, _ := jobs.Get().(*job)
	if j == nil {
		j = &job{finished: make(chan struct{}, 1)}
	}
	j.n, j.parts, j.done = n, parts, done
	j.left.Store(int64(parts))
	j.refs.Store(1)
	return j
}

// unclaim sets up w cleared claim flags for a Ranges job.
func (j *job) unclaim(w int) {
	if cap(j.claimed) < w {
		j.claimed = make([]atomic.Bool, w)
		return
	}
	j.claimed = j.claimed[:w]
	for i := range j.claimed {
		j.claimed[i].Store(false)
	}
}

// release drops one holder's reference; the last one resets the job and
// returns it to jobs. Every part has been finished by then, and the
// goroutine that finished the last one has sent on finished, so a value
// the caller did not wait for is drained here.
func (j *job) release() {
	if j.refs.Add(-1) != 0 {
		return
	}
	select {
	case <-j.finished:
	default:
	}
	j.ranges, j.chunks, j.done = nil, nil, nil
	j.chunk, j.workerCap = 0, 0
	j.next.Store(0)
	j.f.reset()
	jobs.Put(j)
}

// dispatch claims up to parts-1 free helpers (helper k-1 as worker k, so
// the same part goes to the same helper on every call), runs the caller's
// own share as worker 0 and waits until every part is finished.
func (j *job) dispatch() {
	hs := helpers(j.workers() - 1)
	for k := 1; k < j.workers() && k <= len(hs); k++ {
		// Counted before the helper can see the job, which it may run
		// and let go of at once.
		j.refs.Add(1)
		if !hs[k-1].claim(j, k) {
			j.refs.Add(-1)
		}
	}
	j.work(0)
	j.wait()
}

// workers is how many goroutines can usefully work on j.
func (j *job) workers() int {
	if j.chunk == 0 {
		return j.parts
	}
	return j.workerCap
}

// work is what worker slot does for j: its own part first (Ranges), then
// any part or chunk nobody has started.
func (j *job) work(slot int) {
	if j.chunk == 0 {
		if slot < j.parts {
			j.tryPart(slot)
		}
		for p := range j.parts {
			j.tryPart(p)
		}
		return
	}
	for {
		c := int(j.next.Add(1) - 1)
		if c >= j.parts {
			return
		}
		j.runChunk(slot, c)
	}
}

func (j *job) tryPart(p int) {
	if j.claimed[p].Load() || !j.claimed[p].CompareAndSwap(false, true) {
		return
	}
	defer j.finishOne()
	defer j.f.recoverTo()
	if stopped(j.done) || j.f.set.Load() {
		return
	}
	j.ranges(p, j.n*p/j.parts, j.n*(p+1)/j.parts)
}

func (j *job) runChunk(worker, c int) {
	defer j.finishOne()
	defer j.f.recoverTo()
	if stopped(j.done) || j.f.set.Load() {
		return
	}
	lo := c * j.chunk
	j.chunks(worker, lo, min(lo+j.chunk, j.n))
}

func (j *job) finishOne() {
	if j.left.Add(-1) == 0 {
		j.finished <- struct{}{}
	}
}

// wait returns when every part is finished: it spins for a short while
// (the helpers' parts are usually as long as the caller's) and then blocks.
func (j *job) wait() {
	deadline := time.Now().Add(waitSpin)
	for spins := 1; j.left.Load() > 0; spins++ {
		if spins&3 == 0 && time.Now().After(deadline) {
			<-j.finished
			return
		}
		runtime.Gosched()
	}
}
