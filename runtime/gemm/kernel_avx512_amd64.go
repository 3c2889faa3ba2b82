//go:build amd64 && !purego

package gemm

import "github.com/yaknb/yak/runtime/internal/cpu"

//go:generate go run gen_avx512.go

//go:noescape
func tile14x32(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile8x48(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

// The short forms of the 14×32 tile (gen_avx512.go's edgeRows): the first
// 2, 4, ... 12 rows, from the same 14-row A panels.
//
//go:noescape
func tile14x32r2(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile14x32r4(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile14x32r6(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile14x32r8(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile14x32r10(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

//go:noescape
func tile14x32r12(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

// short14x32[h] computes at least the first h rows of a 14×32 tile. The
// bottom row panel of a product whose m is not a multiple of 14 (1024 =
// 73×14 + 2, 2048 = 146×14 + 4, 256 = 18×14 + 4) was computed as 14 rows:
// 1.2%, 0.5% and 3.9% more multiply-adds than the product.
var short14x32 = [15]asmTile{nil, tile14x32r2, tile14x32r2, tile14x32r4, tile14x32r4, tile14x32r6, tile14x32r6,
	tile14x32r8, tile14x32r8, tile14x32r10, tile14x32r10, tile14x32r12, tile14x32r12, tile14x32, tile14x32}

type asmTile func(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int, rows int, masks uint64)

// wrapTile adds the bounds checks the assembly cannot do. The full tile
// stores every row under all-ones masks.
func wrapTile(mr, nr int, f asmTile) func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
	full := uint64(1)<<nr - 1
	return func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
		if kc == 0 {
			goTileEmpty(mr, nr, c, ldc, beta, mode)
			return
		}
		_ = ap[:mr*kc]
		_ = bp[(kc-1)*ldb+nr-1]
		_ = c[(mr-1)*ldc+nr-1]
		f(kc, &ap[0], &bp[0], ldb, &c[0], ldc, beta, mode, mr, full)
	}
}

// wrapEdge is wrapTile for a tile cut by C's edges to h rows and w columns:
// the assembly stores under masks, so no scratch tile and merge are needed.
// short, when not nil, holds by h a tile computing fewer rows than mr.
func wrapEdge(mr, nr int, f asmTile, short []asmTile) func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode, h, w int) {
	return func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode, h, w int) {
		if kc == 0 {
			goTileEmpty(h, w, c, ldc, beta, mode)
			return
		}
		_ = ap[:mr*kc]
		_ = bp[(kc-1)*ldb+nr-1]
		_ = c[(h-1)*ldc+w-1]
		g := f
		if short != nil {
			g = short[h]
		}
		g(kc, &ap[0], &bp[0], ldb, &c[0], ldc, beta, mode, h, uint64(1)<<w-1)
	}
}

//go:noescape
func transpose16(dst *float32, dstStride int, src *float32, lda, rows, lanes, cols int, alpha float32)

func avx512Transpose(dst []float32, dstStride int, src []float32, lda, rows, lanes, cols int, alpha float32) {
	if cols == 0 {
		return
	}
	_ = dst[(cols-1)*dstStride+lanes-1]
	sp := &dst[0] // not read when rows == 0
	if rows > 0 {
		_ = src[(rows-1)*lda+cols-1]
		sp = &src[0]
	}
	transpose16(&dst[0], dstStride, sp, lda, rows, lanes, cols, alpha)
}

//go:noescape
func scaleRuns16(dst *float32, dstStride int, src *float32, lda, rows, lanes, cols int, alpha float32)

// avx512ScaleRuns packs a transposed A's panel (see scaler) with masked
// vector loads and stores instead of a scalar loop per run.
func avx512ScaleRuns(dst []float32, dstStride int, src []float32, lda, rows, lanes, cols int, alpha float32) {
	if cols == 0 {
		return
	}
	_ = dst[(cols-1)*dstStride+lanes-1]
	sp := &dst[0] // not read when rows == 0
	if rows > 0 {
		_ = src[(cols-1)*lda+rows-1]
		sp = &src[0]
	}
	scaleRuns16(&dst[0], dstStride, sp, lda, rows, lanes, cols, alpha)
}

func avx512Kernel(name string, mr, nr, mc, kc int, f asmTile, short []asmTile) *kernel {
	return &kernel{
		name: name,
		mr:   mr, nr: nr,
		mc: mc, kc: kc, nc: ncFor(cpu.L2Size, kc, nr),
		tile:      wrapTile(mr, nr, f),
		edge:      wrapEdge(mr, nr, f, short),
		transpose: avx512Transpose,
		scale:     avx512ScaleRuns,
		dot:       avx2Dot,
		dot4:      avx2Dot4,
		axpy:      avx2Axpy,
		nt:        avx2DotTile,
	}
}

// Two tiles, chosen per product by pickTile: 14×32 (28 accumulators, the
// most arithmetic per load) and 8×48 (24 accumulators, no padding when m is
// a multiple of 8, as the 8-64 output channels of a convolution are; only
// for such few rows, see pickTile). Both
// have kc = 256, so every element of C is summed in the same order whichever
// tile computes it: the choice changes no bits. mc = 98 (seven 14-row
// panels, 98 KiB of packed A): against 196, 6-8% more GFLOP per CPU-second
// at n = 1024 and 2048 and on 2048×768×3072 in alternating pairs (load
// average ~30), no loss at n = 256 or on BERT-base's other layers.
var (
	avx512K14 = avx512Kernel("avx512-14x32", 14, 32, 98, 256, tile14x32, short14x32[:])
	avx512K8  = avx512Kernel("avx512-8x48", 8, 48, 192, 256, tile8x48, nil)
	avx512    = withAlt(avx512Kernel("avx512", 14, 32, 98, 256, tile14x32, short14x32[:]), avx512K8)
)

func withAlt(k *kernel, alt ...*kernel) *kernel {
	k.alt = alt
	return k
}

var _ = cpu.HasAVX512 && register("avx512", func(threads int) Impl { return packed{k: avx512, threads: threads} }) &&
	register("avx512-14x32", func(threads int) Impl { return packed{k: avx512K14, threads: threads} }) &&
	register("avx512-8x48", func(threads int) Impl { return packed{k: avx512K8, threads: threads} })

//go:noescape
func dotAVX512(x, y *float32, n int) float32

//go:noescape
func dot4AVX512(x, m *float32, ld, k int, out *[4]float32)

//go:noescape
func dotTile2x4AVX512(a *float32, lda int, b *float32, ldb int, k int, out *[8]float32)

//go:noescape
func axpyAVX512(alpha float32, x, y *float32, n int)

func avx512Dot(x, y []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	_ = y[len(x)-1]
	return dotAVX512(&x[0], &y[0], len(x))
}

func avx512Axpy(alpha float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	_ = y[len(x)-1]
	axpyAVX512(alpha, &x[0], &y[0], len(x))
}

func avx512Dot4(x, m []float32, ld int, out *[4]float32) {
	k := len(x)
	if k == 0 {
		*out = [4]float32{}
		return
	}
	_ = m[3*ld+k-1]
	dot4AVX512(&x[0], &m[0], ld, k, out)
}

func avx512DotTile(a []float32, lda int, b []float32, ldb, k int, out *[8]float32) {
	_ = a[lda+k-1]
	_ = b[3*ldb+k-1]
	dotTile2x4AVX512(&a[0], lda, &b[0], ldb, k, out)
}
