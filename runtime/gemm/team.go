package gemm

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yaknb/yak/runtime/parallel"
)

// A threaded product is one parallel region, not one per k block. Each
// region wakes the pool's helper, and a parked helper took about 60 us to
// start on this VM: with a short region of B packing before every block of
// macro-kernels, the packing was over before the helper woke, the helper's
// mailbox still held the finished packing job when the long region was
// handed out (so it could not be claimed), and the caller ran the whole
// product alone. Measured on 2048×768×768 at GOMAXPROCS 2: 29 of 30 regions
// ran every block on one OS thread, and two threads took as long as one.
//
// So the threads of a product form a team that walks the product's steps
// (a column block of B times a k block, in the one-thread order) together:
//
//   - at each step the workers first take the step's B panels to pack, a
//     group at a time (shared: each B value is packed once), then wait until
//     the last group is packed, then take row blocks (or column-panel
//     blocks when A has few rows) of the step's macro-kernel, a block at a
//     time;
//   - packing is double-buffered: step s+1's B goes into the other buffer
//     while the slowest worker finishes step s, so a worker never waits for
//     another's last block between steps (it waits only before packing s+2,
//     for step s to be done);
//   - a block of step s waits until the same block of step s-1 is done (in
//     the same column block they add into the same C tiles, in k order; and
//     so a block's last step done only grows); it is the other worker's last
//     block at most.
//
// Work is claimed, never assigned (with column blocks, each worker takes
// its own part of the step first, see claim), so a helper that starts late
// or is descheduled takes fewer blocks instead of holding up the others,
// and a worker that arrives after everything is claimed has nothing to
// wait for but the last block (see walk's end). Every
// wait is for work a running worker has claimed and does without waiting on
// anything later, so no wait can deadlock; a panic anywhere stops the team
// (abort) and comes back to the caller. Which worker ran a block never
// changes a bit: each C tile sums its k blocks in order, each with the
// kernel's fixed order.
type team struct {
	p       packed
	transA  bool
	m, n, k int
	alpha   float32
	a       []float32
	lda     int
	src     bsource
	beta    float32
	c       []float32
	ldc     int
	ncb     int
	threads int

	kSteps, steps int
	byRows        bool
	tiles         int // rows mode: mr-row tiles
	sub           int // blocks per part (a thread's share of a step)
	blocks        int // blocks per step: threads parts of sub blocks
	groupPanels   int // B panels per packing group
	bufLen        int // floats per B buffer
	bufs          [2]*buf

	// Per step: next pack group to hand out, groups packed and blocks
	// done; per step and part: the next block to hand out (rows: the first
	// part's counter hands out every block, see claim); per block: the last
	// step it has done.
	nextGroup, packedGroups, nextBlock, blocksDone []atomic.Int32
	done                                           []atomic.Int32
	abort                                          atomic.Bool
	park                                           *parking
}

// parking is where a worker that has spun for parallel.WaitSpin() sleeps until another
// worker signals progress: on a loaded machine the worker it waits for may
// have lost its core for milliseconds.
type parking struct {
	mu       sync.Mutex
	cond     sync.Cond
	sleepers atomic.Int32
}

// signal wakes the parked workers, if any, after a counter has moved.
func (t *team) signal() {
	if t.park.sleepers.Load() > 0 {
		t.park.mu.Lock()
		t.park.cond.Broadcast()
		t.park.mu.Unlock()
	}
}

var teamPool = sync.Pool{New: func() any { return new(team) }}

// team runs run's loop nest on threads workers; see the type.
func (p packed) team(transA bool, m, n, k int, alpha float32, a []float32, lda int,
	src bsource, beta float32, c []float32, ldc int, threads, ncb int) {
	kn := p.k
	t := teamPool.Get().(*team)
	*t = team{p: p, transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, src: src,
		beta: beta, c: c, ldc: ldc, ncb: ncb, threads: threads,
		nextGroup: t.nextGroup, packedGroups: t.packedGroups, nextBlock: t.nextBlock, blocksDone: t.blocksDone, done: t.done, park: t.park}
	if t.park == nil {
		t.park = new(parking)
		t.park.cond.L = &t.park.mu
	}
	t.kSteps = (k + kn.kc - 1) / kn.kc
	t.steps = t.kSteps * ((n + ncb - 1) / ncb)
	// Split the rows among the threads when there are enough of them, else
	// the column panels (each block then packs the whole of A for itself).
	t.byRows = m >= n || m >= threads*kn.mc
	if t.byRows {
		t.tiles = (m + kn.mr - 1) / kn.mr
		// Blocks of at most mc rows (A's block stays in L2), at least eight
		// per thread, so that a helper that starts late still gets a share
		// and the last blocks are short (at n = 256, one or two tiles).
		t.sub = max(8, ((t.tiles+threads-1)/threads+kn.mc/kn.mr-1)/(kn.mc/kn.mr))
		t.blocks = threads * t.sub
	} else {
		t.sub = 4
		t.blocks = threads * t.sub
	}
	if src.kind == bPack {
		panels := (min(ncb, n) + kn.nr - 1) / kn.nr
		t.groupPanels = max(1, panels/(4*threads))
		t.bufLen = min(kn.kc, k) * min(ncb, roundUp(n, kn.nr))
		t.bufs[0], t.bufs[1] = getBuf(t.bufLen), getBuf(t.bufLen)
	}
	t.nextGroup = resetCounters(t.nextGroup, t.steps, 0)
	t.packedGroups = resetCounters(t.packedGroups, t.steps, 0)
	t.nextBlock = resetCounters(t.nextBlock, t.steps*threads, 0)
	t.blocksDone = resetCounters(t.blocksDone, t.steps, 0)
	t.done = resetCounters(t.done, t.blocks, -1)

	err := parallel.Chunks(context.Background(), threads, threads, 1, func(w, _, _ int) { t.walk(w) })
	if t.bufs[0] != nil {
		putBuf(t.bufs[0])
		putBuf(t.bufs[1])
	}
	*t = team{nextGroup: t.nextGroup, packedGroups: t.packedGroups, nextBlock: t.nextBlock, blocksDone: t.blocksDone, done: t.done, park: t.park}
	teamPool.Put(t)
	rethrow(err)
}

func resetCounters(s []atomic.Int32, n int, v int32) []atomic.Int32 {
	if cap(s) < n {
		s = make([]atomic.Int32, n)
	}
	s = s[:n]
	for i := range s {
		s[i].Store(v)
	}
	return s
}

// step returns step s's column block [jc,jc+nc) and k block [pc,pc+kc).
func (t *team) step(s int) (jc, nc, pc, kc int) {
	kn := t.p.k
	jc = s / t.kSteps * t.ncb
	pc = s % t.kSteps * kn.kc
	return jc, min(t.ncb, t.n-jc), pc, min(kn.kc, t.k-pc)
}

// walk is worker w's part (w = 0 is the caller): every step in order,
// taking whatever is left of it.
func (t *team) walk(w int) {
	caller := w == 0
	defer func() {
		if v := recover(); v != nil {
			t.abort.Store(true)
			t.signal()
			panic(v)
		}
	}()
	kn := t.p.k
	nr := kn.nr
	for s := 0; s < t.steps; s++ {
		jc, nc, pc, kc := t.step(s)
		panels := (nc + nr - 1) / nr
		var bs bview
		if t.src.kind != bPack {
			bs = t.src.view(jc, nc, pc, kc, kn.kc, t.ncb)
		} else {
			dst := t.bufs[s&1].s
			groups := int32((panels + t.groupPanels - 1) / t.groupPanels)
			waited := false
			for {
				g := int(t.nextGroup[s].Add(1) - 1)
				if g >= int(groups) {
					break
				}
				if !waited && s >= 2 { // the buffer held step s-2's B
					if !t.await(&t.blocksDone[s-2], int32(t.blocks), false) {
						return
					}
					waited = true
				}
				q0, q1 := g*t.groupPanels, min(panels, (g+1)*t.groupPanels)
				packB(kn.transpose, dst, t.src.trans, t.src.b, t.src.ldb, pc, kc, jc+q0*nr, min(nc, q1*nr)-q0*nr, nr, q0*nr*kc)
				t.packedGroups[s].Add(1)
				t.signal()
			}
			if !t.await(&t.packedGroups[s], groups, false) {
				return
			}
			bs = bview{s: dst}
		}
		mode, beta := modeAdd, float32(1)
		if pc == 0 {
			mode, beta = firstMode(t.beta)
		}
		for {
			blk := t.claim(s, w)
			if blk < 0 {
				break
			}
			if !t.await(&t.done[blk], int32(s-1), false) {
				return
			}
			if t.byRows {
				if lo, hi := evenBlock(t.tiles, t.threads, t.sub, blk); lo < hi {
					t.p.macro(t.transA, t.a, t.lda, t.alpha, lo*kn.mr, min(t.m, hi*kn.mr), pc, kc, bs, jc, 0, panels, nc, t.c, t.ldc, beta, mode)
				}
			} else if lo, hi := evenBlock(panels, t.threads, 4, blk); lo < hi {
				t.p.macro(t.transA, t.a, t.lda, t.alpha, 0, t.m, pc, kc, bs, jc, lo, hi, nc, t.c, t.ldc, beta, mode)
			}
			t.done[blk].Store(int32(s))
			t.blocksDone[s].Add(1)
			t.signal()
		}
	}
	// Leave together: the caller must wait for the last block anyway, and
	// a helper that leaves with it is still spinning in the pool when the
	// next product starts (one that parks takes tens of microseconds to
	// wake). A helper gives up after parallel.WaitSpin().
	t.await(&t.blocksDone[t.steps-1], int32(t.blocks), !caller)
}

// claim hands worker w a block of step s, or -1 when none is left.
//
// Row blocks come from one counter in index order, which interleaves the
// parts (evenBlock): whichever worker asks next takes the next block.
//
// Column-panel blocks (A with few rows) come first from w's own part
// (block indices w, w+threads, ...: the same columns of C at every step and
// call), then from the other parts in turn. With one counter, which worker
// arrived first after each step's packing of B decided who took which
// columns, so C's columns moved between the cores' L2 caches from step to
// step and call to call: t72x4096x16 ran at 141 GFLOP/s on two threads
// against 158 on one, and at 172 with own parts first. Row blocks lost
// 1-3% the same way (n = 128 and 256: one step, where the single counter
// already alternates the parts), so they keep the single counter.
// A worker that falls behind still loses its blocks to the others.
func (t *team) claim(s, w int) int {
	if t.byRows {
		if blk := int(t.nextBlock[s*t.threads].Add(1) - 1); blk < t.blocks {
			return blk
		}
		return -1
	}
	for o := 0; o < t.threads; o++ {
		part := (w + o) % t.threads
		if i := int(t.nextBlock[s*t.threads+part].Add(1) - 1); i < t.sub {
			return part + t.threads*i
		}
	}
	return -1
}

// await waits until v reaches at least want and reports false when the
// team was aborted meanwhile. It spins for parallel.WaitSpin() first
// (YAK_PAR_WAIT, as the pool's callers do): the worker it waits for is
// usually running on the other core and about to finish a block. (Yielding the processor instead handed it to a helper the other
// core had not yet taken, so that both ran on one core by turns while the
// other idled: 32×1024×288 on two threads took 1.7 times one thread's wall
// clock.) Then it parks until a worker signals progress, or, with giveUp,
// returns false.
func (t *team) await(v *atomic.Int32, want int32, giveUp bool) bool {
	var start time.Time
	for spins := 0; v.Load() < want; spins++ {
		if t.abort.Load() {
			return false
		}
		if spins&63 != 63 {
			continue
		}
		if start.IsZero() {
			start = time.Now()
			continue
		}
		if time.Since(start) < parallel.WaitSpin() {
			continue
		}
		if giveUp {
			return false
		}
		pk := t.park
		pk.sleepers.Add(1)
		pk.mu.Lock()
		for v.Load() < want && !t.abort.Load() {
			pk.cond.Wait()
		}
		pk.mu.Unlock()
		pk.sleepers.Add(-1)
	}
	return !t.abort.Load()
}
