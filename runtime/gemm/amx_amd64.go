//go:build amd64 && !purego

package gemm

import (
	"github.com/yaknb/yak/runtime/internal/cpu"
)

//go:noescape
func cvtPairsBF16(dst, src *float32, n, stride int)

//go:noescape
func amxBlock(cfg *[64]byte, a *float32, ablock int, b *float32, ksteps int, c *float32, ldc int, blocks int, load int)

// amxConfig is the tile configuration (palette 1): tiles 0-7 all 16 rows of
// 64 bytes. Bytes 16-31 are the rows' byte widths (uint16 each), 48-55 the
// row counts.
var amxConfig = func() (cfg [64]byte) {
	cfg[0] = 1
	for t := 0; t < 8; t++ {
		cfg[16+2*t] = 64
		cfg[48+t] = 16
	}
	return cfg
}()

// amxErr says why the amx path is absent on a CPU that has AMX (nil when
// it is present or the CPU lacks AMX).
var amxErr error

func init() {
	if !cpu.HasAMXBF16 {
		return
	}
	if amxErr = requestAMX(); amxErr != nil {
		return
	}
	bf16Have["amx"] = true
}

// amxKSteps is the depth of one pass over C, in steps of 32 bfloat16 (2048
// values): C's tiles stay in registers that long instead of going back to
// memory after each shorter block. Measured at n = 1024 and 2048 (best CPU
// time of 15 batches, load average about 20): 16 steps 20-25% slower, 8
// steps 28-50% slower.
const amxKSteps = 64

// amxGroup is the number of 32-row blocks in a work item: they share the
// item's B panel, and consecutive items share A's rows (8 measured best of
// 2, 4, 8, 16).
const amxGroup = 8

// amxGroupFor returns how many 32-row blocks of A (pairs pairs of bfloat16
// per row) a work item takes: amxGroup, fewer when their rows would fill
// more than half of an l2-byte L2 cache (2 MiB when unknown), where the
// items over the same rows meet them again. At k = 3072 (BERT-base's
// feed-forward down-projection) eight blocks are 1.5 MiB: five ran 6-20%
// faster per CPU-second in three alternating runs (a quarter of L2, two
// blocks, was no better than eight). The group changes no bits.
func amxGroupFor(pairs, l2 int) int {
	if l2 <= 0 {
		l2 = 2 << 20
	}
	return max(1, min(amxGroup, l2/2/(32*pairs*4)))
}

// mulAMX is MulT on AMX tiles. A is converted to pairs and laid out as the
// tiles read it (per 32-row block and k step, 32 rows of 64 bytes, so the
// tile loads stream through memory), zero-padded to whole blocks; work items
// are (32-column panel, group of row blocks), taken dynamically by up to
// GOMAXPROCS goroutines. Blocks that C's edges cut are computed into a 32×32
// scratch tile over all of k at once and copied; whole blocks are written
// in place, amxKSteps of k at a time.
func (w *BF16Matrix) mulAMX(m int, a []float32, lda int, c []float32, ldc int) {
	pairs := w.kp / 2
	ksteps := pairs / 16
	mp := roundUp(m, 32)
	ab := getBuf(mp * pairs)
	defer putBuf(ab)
	threads := packed{}.nthreads(m * w.n * w.k)
	// Rows are converted by all the threads: at n = 1024 one thread spends
	// a fifth of the product's time here.
	split(threads, mp, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			// Row i's chunk for k step s is at blk[s*512:][:16].
			blk := ab.s[(i/32)*32*pairs+(i%32)*16:]
			done := 0
			if i < m {
				done = chunksToBF16(blk, 512, a[i*lda:i*lda+w.k])
			}
			for s := done; s < ksteps; s++ {
				clear(blk[s*512 : s*512+16])
			}
		}
	})
	panels := (w.n + 31) / 32
	rowBlocks := mp / 32
	group := amxGroupFor(pairs, cpu.L2Size) // row blocks per work item
	groups := (rowBlocks + group - 1) / group
	ablock := 32 * pairs
	dynamic(threads, panels*groups, func(item int) {
		q, g := item%panels, item/panels
		b0, b1 := g*group, min(rowBlocks, (g+1)*group)
		bp := w.panels[q*32*pairs:]
		cols := min(32, w.n-32*q)
		full := b1 // row blocks [b0, full) lie inside C
		if m < 32*b1 {
			full = m / 32
		}
		if full > b0 && cols == 32 {
			for s := 0; s < ksteps; s += amxKSteps {
				amxBlock(&amxConfig, &ab.s[b0*ablock+512*s], ablock, &bp[16*s*32], min(amxKSteps, ksteps-s),
					&c[b0*32*ldc+32*q], ldc, full-b0, min(s, 1))
			}
		} else {
			full = b0
		}
		if full == b1 {
			return
		}
		t := getBuf(32 * 32)
		defer putBuf(t)
		for blk := full; blk < b1; blk++ {
			amxBlock(&amxConfig, &ab.s[blk*ablock], ablock, &bp[0], ksteps, &t.s[0], 32, 1, 0)
			for i := 0; i < 32 && 32*blk+i < m; i++ {
				copy(c[(32*blk+i)*ldc+32*q:(32*blk+i)*ldc+32*q+cols], t.s[32*i:32*i+cols])
			}
		}
	})
}
