//go:build goexperiment.simd && amd64

package gemm

import "simd/archsimd"

// simdKernel is a 4×16 tile written with Go's experimental simd/archsimd
// package (GOEXPERIMENT=simd, Go 1.26) instead of assembly, kept to measure
// how close the compiler gets; it is built only under the experiment and
// never preferred over avx2. Not 6×16 like the assembly: MulAdd compiles to
// the VFMADD213PS form, which overwrites a multiplicand, so every use of B
// needs a register copy; with twelve accumulators the Go 1.26 register
// allocator then spilled them to the stack and the tile ran 50 times slower
// (1.4 against 76 GFLOP per CPU-second). Four rows fit.
var simdKernel = &kernel{
	name: "simd",
	mr:   4, nr: 16,
	mc: 128, kc: 256, nc: 4080,
	tile: simdTile,
	dot:  goDot,
	dot4: goDot4,
	axpy: goAxpy,
	nt:   goDotTile,
}

var _ = archsimd.X86.AVX2() && archsimd.X86.FMA() && register("simd", func(threads int) Impl {
	return packed{k: simdKernel, threads: threads}
})

func simdTile(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x8
	ap = ap[:4*kc]
	for p := 0; p < kc; p++ {
		b0 := archsimd.LoadFloat32x8((*[8]float32)(bp[ldb*p : ldb*p+8]))
		b1 := archsimd.LoadFloat32x8((*[8]float32)(bp[ldb*p+8 : ldb*p+16]))
		a := (*[4]float32)(ap[4*p : 4*p+4])
		a0 := archsimd.BroadcastFloat32x8(a[0])
		c00 = b0.MulAdd(a0, c00)
		c01 = b1.MulAdd(a0, c01)
		a1 := archsimd.BroadcastFloat32x8(a[1])
		c10 = b0.MulAdd(a1, c10)
		c11 = b1.MulAdd(a1, c11)
		a2 := archsimd.BroadcastFloat32x8(a[2])
		c20 = b0.MulAdd(a2, c20)
		c21 = b1.MulAdd(a2, c21)
		a3 := archsimd.BroadcastFloat32x8(a[3])
		c30 = b0.MulAdd(a3, c30)
		c31 = b1.MulAdd(a3, c31)
	}
	simdStore(c[0:16], c00, c01, beta, mode)
	simdStore(c[ldc:ldc+16], c10, c11, beta, mode)
	simdStore(c[2*ldc:2*ldc+16], c20, c21, beta, mode)
	simdStore(c[3*ldc:3*ldc+16], c30, c31, beta, mode)
}

func simdStore(row []float32, v0, v1 archsimd.Float32x8, beta float32, mode int) {
	lo, hi := (*[8]float32)(row[0:8]), (*[8]float32)(row[8:16])
	switch mode {
	case modeAdd:
		v0 = v0.Add(archsimd.LoadFloat32x8(lo))
		v1 = v1.Add(archsimd.LoadFloat32x8(hi))
	case modeScale:
		bb := archsimd.BroadcastFloat32x8(beta)
		v0 = archsimd.LoadFloat32x8(lo).MulAdd(bb, v0)
		v1 = archsimd.LoadFloat32x8(hi).MulAdd(bb, v1)
	}
	v0.Store(lo)
	v1.Store(hi)
}
