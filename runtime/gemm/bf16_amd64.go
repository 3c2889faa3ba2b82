//go:build amd64 && !purego

package gemm

import (
	"math"

	"github.com/yaknb/yak/runtime/internal/cpu"
)

//go:noescape
func tileBF16_14x32(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tileBF16_4x32(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

// The AVX512_BF16 kernels run in the packed driver with bfloat16 pairs
// stored as float32 bits: A's panels and W's panels are pairs, one k step
// is one VDPBF16PS (two products), and kc is unbounded because W is packed
// once with all of k (its panels stream from L2; A's panel stays in L1).
// The 4-row tile serves m ≤ 4 (token-by-token decoding), where a 14-row
// tile would multiply ten rows of zeros.
var (
	bf16K14 = bf16Kernel("avx512bf16", 14, tileBF16_14x32)
	bf16K4  = bf16Kernel("avx512bf16-4", 4, tileBF16_4x32)
)

func bf16Kernel(name string, mr int, f asmTile) *kernel {
	return &kernel{
		name: name,
		mr:   mr, nr: 32,
		mc: 4 * mr, kc: math.MaxInt32, nc: 4096,
		tile:      wrapTile(mr, 32, f),
		edge:      wrapEdge(mr, 32, f, nil),
		transpose: avx512Transpose,
	}
}

func init() {
	if cpu.HasAVX512BF16 {
		bf16Have["avx512bf16"] = true
	}
}

// chunksToBF16 rounds src to bfloat16 pairs in chunks of 16 pairs (32
// values), chunk c at dst[c*stride:], the last zero past src, and returns
// the number of chunks written. VCVTNE2PS2BF16 (which flushes denormals to
// zero, as the bfloat16 kernels do) where the CPU has it.
func chunksToBF16(dst []float32, stride int, src []float32) int {
	chunks := (len(src) + 31) / 32
	if chunks == 0 {
		return 0
	}
	_ = dst[(chunks-1)*stride+15]
	if !cpu.HasAVX512BF16 {
		for c := 0; c < chunks; c++ {
			toPairs(dst[c*stride:c*stride+16], src[32*c:min(len(src), 32*c+32)])
		}
		return chunks
	}
	cvtPairsBF16(&dst[0], &src[0], len(src), 4*stride)
	return chunks
}

// rowToPairs is toPairs for one row of A (len(dst) a multiple of 16).
func rowToPairs(dst, src []float32) {
	c := chunksToBF16(dst, 16, src)
	clear(dst[16*c:])
}

func bf16Transposer() transposer {
	if cpu.HasAVX512 {
		return avx512Transpose
	}
	return nil
}

// mulPacked is MulT for the packed paths.
func (w *BF16Matrix) mulPacked(m int, a []float32, lda int, c []float32, ldc int) {
	// AMX takes every m: a 32-row tile with one live row (token-by-token
	// decoding) is still bound by reading W, and measured 1.3-2x faster than
	// the 4-row VDPBF16PS tile at 1×4096×4096 and 4×4096×4096.
	if w.path == "amx" {
		w.mulAMX(m, a, lda, c, ldc)
		return
	}
	pairs := w.kp / 2
	ab := getBuf(m * pairs)
	defer putBuf(ab)
	for i := 0; i < m; i++ {
		rowToPairs(ab.s[i*pairs:(i+1)*pairs], a[i*lda:i*lda+w.k])
	}
	kn := bf16K14
	if m <= 4 {
		kn = bf16K4
	}
	p := packed{k: kn}
	p.run(false, m, w.n, pairs, 1, ab.s, pairs, bsource{kind: bPanels, b: w.panels, ldb: pairs}, 0, c, ldc, p.nthreads(m*w.n*w.k), kn.nc)
}
