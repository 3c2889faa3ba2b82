//go:build amd64 && !purego

package gemm

import "github.com/yaknb/yak/runtime/internal/cpu"

// avx2Kernel is the assembly kernel for x86-64 with AVX2 and FMA3: a 6×16
// tile is 12 ymm accumulators, two ymm of B and a broadcast of A, the
// register budget of 16 ymm registers (the shape BLIS uses on Haswell/Zen).
// Blocks: kc×16 of B is 16 KiB (L1), mc×kc of A 144 KiB (L2).
var avx2Kernel = &kernel{
	name: "avx2",
	mr:   6, nr: 16,
	mc: 144, kc: 256, nc: 4080,
	tile: avx2Tile,
	dot:  avx2Dot,
	dot4: avx2Dot4,
	axpy: avx2Axpy,
	nt:   avx2DotTile,
}

var _ = cpu.HasAVX2FMA && register("avx2", func(threads int) Impl {
	return packed{k: avx2Kernel, threads: threads}
})

//go:noescape
func tile6x16(kc int, ap, bp *float32, ldb int, c *float32, ldc int, beta float32, mode int)

//go:noescape
func dotAVX2(x, y *float32, n int) float32

//go:noescape
func dot4AVX2(x, m *float32, ld, k int, out *[4]float32)

//go:noescape
func dotTile2x4(a *float32, lda int, b *float32, ldb int, k int, out *[8]float32)

//go:noescape
func axpyAVX2(alpha float32, x, y *float32, n int)

func avx2Tile(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
	if kc == 0 {
		goTileEmpty(6, 16, c, ldc, beta, mode)
		return
	}
	// The slice expressions are the bounds checks the assembly cannot do.
	_ = ap[:6*kc]
	_ = bp[(kc-1)*ldb+15]
	_ = c[5*ldc+15]
	tile6x16(kc, &ap[0], &bp[0], ldb, &c[0], ldc, beta, mode)
}

func avx2Dot(x, y []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	_ = y[len(x)-1]
	return dotAVX2(&x[0], &y[0], len(x))
}

func avx2Axpy(alpha float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	_ = y[len(x)-1]
	axpyAVX2(alpha, &x[0], &y[0], len(x))
}

func avx2Dot4(x, m []float32, ld int, out *[4]float32) {
	k := len(x)
	if k == 0 {
		*out = [4]float32{}
		return
	}
	_ = m[3*ld+k-1]
	dot4AVX2(&x[0], &m[0], ld, k, out)
}

func avx2DotTile(a []float32, lda int, b []float32, ldb, k int, out *[8]float32) {
	_ = a[lda+k-1]
	_ = b[3*ldb+k-1]
	dotTile2x4(&a[0], lda, &b[0], ldb, k, out)
}
