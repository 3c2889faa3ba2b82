package gemm

import (
	"context"
	"runtime"
	"sync"
	"unsafe"

	"github.com/yaknb/yak/runtime/parallel"
)

// A kernel is what differs between the packed implementations: the register
// tile (mr×nr), the cache blocks, and the inner loops. The driver around it
// (packing, blocking, threading, edge tiles, matrix-vector shortcuts) is shared.
type kernel struct {
	name   string
	mr, nr int
	// mc×kc of packed A stays in L2, kc×nr of packed B in L1, kc×nc in L3.
	mc, kc, nc int
	// tile computes the full mr×nr tile c from kc steps of a packed A panel
	// and a B panel whose rows are ldb apart (nr when packed):
	// acc = Σp ap[p*mr+i]*bp[p*ldb+j], then by mode: 0 c=acc, 1 c+=acc,
	// 2 c=beta*c+acc.
	tile func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int)
	// edge, when not nil, is tile storing only the top-left h×w of the
	// tile (masked stores); without it edge tiles go through a scratch tile.
	// alt are other tiles of the same kc (so the same summation order) that
	// gemm may use instead when they pad op(A)×op(B) less; see pickTile.
	alt []*kernel
	// transpose, when not nil, packs A and a transposed B with vectors;
	// scale, when not nil, packs a transposed A with vectors.
	transpose transposer
	scale     scaler
	edge      func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode, h, w int)
	// dot returns Σ x[i]*y[i] in a fixed order; axpy does y += alpha*x.
	// dot4 sets out[r] = x·m[r*ld:r*ld+len(x)] for four rows, each row
	// summed exactly as with ld = 0 (the same row four times), so that a
	// row's result does not depend on which rows share its call.
	dot  func(x, y []float32) float32
	dot4 func(x, m []float32, ld int, out *[4]float32)
	// nt sets out[i*4+j] = a[i*lda:]·b[j*ldb:] over k values, i < 2, j < 4,
	// each output summed on its own (so lda or ldb = 0 changes no bits).
	nt   func(a []float32, lda int, b []float32, ldb, k int, out *[8]float32)
	axpy func(alpha float32, x, y []float32)
}

// Tile modes, chosen per k block: the first block applies the caller's beta.
const (
	modeSet = iota
	modeAdd
	modeScale
)

func firstMode(beta float32) (int, float32) {
	switch beta {
	case 0:
		return modeSet, 0
	case 1:
		return modeAdd, 1
	}
	return modeScale, beta
}

// Below this many multiply-adds a product runs on the calling goroutine:
// a 100×100 matmul must not pay for waking another core.
const parallelMinWork = 1 << 20

// A matrix-vector product splits from a quarter of that: it reads each value
// of the matrix once, and split in two (the same half on the same core call
// after call, runtime/parallel's Ranges) each core's half of a 768×768 matrix
// stays in its L2 between calls, where the whole does not fit one core's. On
// two threads (quietbench, 23:08 UTC) 1×768×768ᵀ ran at 92 GFLOP/s against 31
// unsplit (OpenBLAS 79), 768×1×768 at 99 against 28, 1×512×512ᵀ at 81
// against 59. A helper that is slow to wake costs little: the caller runs
// the parts nobody has started.
const gemvParallelMinWork = parallelMinWork / 4

// packed is an Impl built from a kernel. Every element of C is summed in an
// order fixed by the kernel and kc alone, so the bits do not depend on the
// number of threads.
type packed struct {
	k       *kernel
	threads int
	// pre, when not nil, is op(A) already packed (SgemmPackedA): preLen
	// floats, a k block starting at pc at pc·preRows. A pointer, not a
	// slice, so that packed stays comparable as an Impl.
	pre             *float32
	preLen, preRows int
}

func (p packed) Name() string { return p.k.name }

func (p packed) nthreads(work int) int { return p.nthreadsFrom(work, parallelMinWork) }

func (p packed) nthreadsFrom(work, minWork int) int {
	t := p.threads
	if t <= 0 {
		t = runtime.GOMAXPROCS(0)
	}
	if work < minWork {
		return 1
	}
	return t
}

func (p packed) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, lda, len(a), ldb, len(b), ldc, len(c))
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(beta, m, n, c, ldc)
		return
	}
	work := m * n * k
	if k == 1 && m > 1 && n > 1 {
		p.rank1(transA, transB, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if !transA && transB && m > 1 && n > 1 && k >= 128 && m*n <= 16*(m+n) {
		// A·Bᵀ with both sides thin and k long (a convolution's weight
		// gradient over many pixels): packing would move more data than the
		// product does arithmetic. 3-9x per CPU-second on such shapes; worse
		// for k < 128, where the per-block reductions dominate.
		p.thinNT(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, p.nthreads(work))
		return
	}
	if m == 1 || n == 1 {
		p.gemv(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, p.nthreadsFrom(work, gemvParallelMinWork))
		return
	}
	p.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, p.nthreads(work))
}

// pickTile returns the kernel among p.k and its alternatives whose tiles
// cover m×n with the least padding (ties: p.k). Padded rows and columns are
// multiply-adds of zeros: a 14-row tile over m = 16 wastes 43% of its work.
// An alternative is considered only for up to 16 of its row tiles: with
// many rows a packed B panel is reused by every row panel and must stay in
// L1, which the 8×48 tile's (48 KiB at kc = 256) does not. At m = 2048
// (BERT-base's layers, where 8×48 pads 0.5% less) 14×32 alone ran 2-5%
// faster per CPU-second than 8×48 alone in every one of six alternating
// pairs. At m = 128 (the DomainBed CNN's 128 channels: 9 full 14-row tiles
// and one of 2 rows) 8×48 ran 6% faster per CPU-second on 128×1152×196ᵀ
// and 128×784×576 (where it pads 7-9% less) and the same on 128×196×1152
// (2% less); 14×32 stayed ahead where it pads less (96 and 120 rows).
func (p packed) pickTile(m, n int) *kernel {
	best := p.k
	cost := roundUp(m, best.mr) * roundUp(n, best.nr)
	for _, k := range p.k.alt {
		if m > 16*k.mr {
			continue
		}
		if c := roundUp(m, k.mr) * roundUp(n, k.nr); c < cost {
			best, cost = k, c
		}
	}
	return best
}

func (p packed) gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int, threads int) {
	if kn := p.pickTile(m, n); kn != p.k {
		p.k = kn
	}
	kn := p.k
	if !transB && m <= 8*kn.mr {
		// Few rows of A (up to 48 on avx2, such as a convolution's output
		// channels): each B value meets only a few row panels, so packing B
		// costs about as much as the product. Read it in place (rows ldb
		// apart); only a ragged last panel gets packed. Measured 1.3-3x
		// faster per CPU-second than packing for m = 8..48, n = 4096.
		// No column blocks: nc bounds packed B, and here B is not packed
		// (blocks of 1008 columns cost 8×4096×9 a third more per call).
		p.run(transA, m, n, k, alpha, a, lda, bsource{kind: bInPlace, b: b, ldb: ldb}, beta, c, ldc, threads, n)
		return
	}
	p.run(transA, m, n, k, alpha, a, lda, bsource{b: b, ldb: ldb, trans: transB}, beta, c, ldc, threads, kn.nc)
}

// bview is where macro finds op(B)'s block: packed panels (ld == 0), or B
// itself from the block's first element on, rows ld apart.
type bview struct {
	s  []float32
	ld int
}

// bsource is where run finds op(B)'s block of rows [pc,pc+kc) and columns
// [jc,jc+nc): packed by run from b (rows ldb apart, transposed when trans),
// or, for the other kinds, as view returns it.
type bsource struct {
	kind  int
	b     []float32
	ldb   int
	trans bool
	pb    *PackedB // bPackedB
}

const (
	bPack    = iota // run packs each block of op(B)
	bInPlace        // op(B) is b itself, rows ldb apart
	bPackedB        // the blocks of pb
	bPanels         // b holds every column block packed, ldb floats per column
)

// view returns the block of a source that run does not pack.
func (s *bsource) view(jc, nc, pc, kc, kcMax, ncMax int) bview {
	switch s.kind {
	case bInPlace:
		return bview{s: s.b[pc*s.ldb+jc:], ld: s.ldb}
	case bPackedB:
		perRow := (s.pb.k + kcMax - 1) / kcMax
		return bview{s: s.pb.blocks[(jc/ncMax)*perRow+pc/kcMax]}
	case bPanels:
		return bview{s: s.b[jc*s.ldb:]}
	}
	panic("gemm: view of a source run packs")
}

// run is the blocked loop nest over column blocks of ncb columns (the
// kernel's nc where B is packed) and k blocks of kc rows; on more than one
// thread it is the team's (see team.go).
func (p packed) run(transA bool, m, n, k int, alpha float32, a []float32, lda int,
	src bsource, beta float32, c []float32, ldc int, threads, ncb int) {
	if threads > 1 {
		p.team(transA, m, n, k, alpha, a, lda, src, beta, c, ldc, threads, ncb)
		return
	}
	kn := p.k
	nr := kn.nr
	var bp *buf
	if src.kind == bPack {
		bp = getBuf(min(kn.kc, k) * min(ncb, roundUp(n, nr)))
		defer putBuf(bp)
	}
	for jc := 0; jc < n; jc += ncb {
		nc := min(ncb, n-jc)
		panels := (nc + nr - 1) / nr
		for pc := 0; pc < k; pc += kn.kc {
			kc := min(kn.kc, k-pc)
			mode, bta := modeAdd, float32(1)
			if pc == 0 {
				mode, bta = firstMode(beta)
			}
			var bs bview
			if src.kind != bPack {
				bs = src.view(jc, nc, pc, kc, kn.kc, ncb)
			} else {
				packB(kn.transpose, bp.s, src.trans, src.b, src.ldb, pc, kc, jc, nc, nr, 0)
				bs = bview{s: bp.s}
			}
			// macro goes by whole cache blocks of mc rows
			p.macro(transA, a, lda, alpha, 0, m, pc, kc, bs, jc, 0, panels, nc, c, ldc, bta, mode)
		}
	}
}

// evenBlock returns block blk of parts×sub blocks of [0,units): the units
// are cut into parts nearly equal parts (one per thread), each part into sub
// blocks, and block blk is sub-block blk/parts of part blk%parts. Handed out
// in order by dynamic, threads that keep pace each take one part, so they
// finish within a unit of each other: 1024 rows as eleven 98-row blocks
// left one thread 44 rows (8%) more work at every k block.
func evenBlock(units, parts, sub, blk int) (lo, hi int) {
	part, s := blk%parts, blk/parts
	p0, p1 := units*part/parts, units*(part+1)/parts
	return p0 + (p1-p0)*s/sub, p0 + (p1-p0)*(s+1)/sub
}

// macro multiplies rows [i0,i1) of op(A)'s k block by column panels [p0,p1)
// of the B block, writing into C.
func (p packed) macro(transA bool, a []float32, lda int, alpha float32, i0, i1, pc, kc int,
	bv bview, jc, p0, p1, nc int, c []float32, ldc int, beta float32, mode int) {
	kn := p.k
	mr, nr := kn.mr, kn.nr
	na := min(kn.mc, roundUp(i1-i0, mr)) * kc
	if p.pre != nil {
		na = 0
	}
	ap := getBuf(na + mr*nr + kc*nr)
	defer putBuf(ap)
	edge := ap.s[na : na+mr*nr] // holds one tile when C's edge cuts it
	ragged := ap.s[na+mr*nr:]   // a partial B panel, packed, when B is read in place
	for ic := i0; ic < i1; ic += kn.mc {
		mc := min(kn.mc, i1-ic)
		apk := ap.s // the row block's panels
		if p.pre != nil {
			apk = unsafe.Slice(p.pre, p.preLen)[pc*p.preRows+ic*kc:]
		} else {
			packA(kn.transpose, kn.scale, ap.s, transA, a, lda, alpha, ic, mc, pc, kc, mr)
		}
		for q := p0; q < p1; q++ {
			jr := q * nr
			w := min(nr, nc-jr)
			var bpan []float32
			bld := nr
			switch {
			case bv.ld == 0:
				bpan = bv.s[q*nr*kc : (q*nr+nr)*kc]
			case w == nr:
				bpan, bld = bv.s[jr:], bv.ld
			default:
				packB(kn.transpose, ragged, false, bv.s, bv.ld, 0, kc, jr, w, nr, 0)
				bpan = ragged
			}
			for ir := 0; ir < mc; ir += mr {
				h := min(mr, mc-ir)
				apan := apk[ir*kc : (ir+mr)*kc]
				off := (ic+ir)*ldc + jc + jr
				if h == mr && w == nr {
					kn.tile(kc, apan, bpan, bld, c[off:], ldc, beta, mode)
					continue
				}
				if kn.edge != nil {
					kn.edge(kc, apan, bpan, bld, c[off:], ldc, beta, mode, h, w)
					continue
				}
				kn.tile(kc, apan, bpan, bld, edge, nr, 0, modeSet)
				mergeEdge(edge, nr, c[off:], ldc, h, w, beta, mode)
			}
		}
	}
}

func mergeEdge(t []float32, ldt int, c []float32, ldc, h, w int, beta float32, mode int) {
	for i := 0; i < h; i++ {
		cr := c[i*ldc : i*ldc+w]
		tr := t[i*ldt : i*ldt+w]
		switch mode {
		case modeSet:
			copy(cr, tr)
		case modeAdd:
			for j, v := range tr {
				cr[j] += v
			}
		default:
			for j, v := range tr {
				cr[j] = beta*cr[j] + v
			}
		}
	}
}

// dynamic runs f(0..n-1) on up to threads goroutines that take the next
// block as they finish one (parallel.Chunks of one block): on a shared
// machine a descheduled thread then holds up a block, not half the product.
// Which goroutine computes a block does not change its bits.
func dynamic(threads, n int, f func(blk int)) {
	if threads <= 1 || n <= 1 {
		for b := 0; b < n; b++ {
			f(b)
		}
		return
	}
	rethrow(parallel.Chunks(context.Background(), threads, n, 1, func(_, lo, hi int) {
		for b := lo; b < hi; b++ {
			f(b)
		}
	}))
}

// split runs f on one contiguous range of [0,n) per thread (parallel.Ranges)
// and waits.
func split(threads, n int, f func(lo, hi int)) {
	if threads <= 1 || n <= 1 {
		f(0, n)
		return
	}
	rethrow(parallel.Ranges(context.Background(), threads, n, func(_, lo, hi int) { f(lo, hi) }))
}

// rethrow re-raises a worker's panic (a *parallel.PanicError, with the
// worker's stack) on the caller's goroutine: Sgemm has no error result, and
// its panics are programmer errors that the engine recovers.
func rethrow(err error) {
	if err != nil {
		panic(err)
	}
}

// ncFor returns how many columns of op(B) to pack at once: the kc×nc block
// takes at most half of the L2 cache (l2 bytes, from CPUID), so that it stays
// there beside A's mc×kc block while every row block of A passes over it;
// 4096 (about what 4 MiB of L3 holds) when l2 is unknown. On this machine's
// 2 MiB L2 that is 1024: at n = 2048 a 4096-column block (2 MiB) left B's
// panels to come from L3 on every pass. The result is a multiple of nr and
// changes no bits (it only splits the columns).
func ncFor(l2, kc, nr int) int {
	nc := 4096
	if l2 > 0 {
		nc = min(nc, l2/2/(4*kc))
	}
	return max(nr, nc/nr*nr)
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

type buf struct{ s []float32 }

var bufPool = sync.Pool{New: func() any { return new(buf) }}

// getBuf returns scratch space of at least n floats; the contents are stale.
func getBuf(n int) *buf {
	b := bufPool.Get().(*buf)
	if cap(b.s) < n {
		b.s = make([]float32, n)
	}
	b.s = b.s[:n]
	return b
}

func putBuf(b *buf) { bufPool.Put(b) }
