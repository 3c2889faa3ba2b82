// Package gemm is the matrix multiply behind the runtime's Linear and Conv2d
// layers and its k-means: one swappable implementation, as gonum's
// blas64.Use. Sgemm computes C = alpha*op(A)*op(B) + beta*C on row-major
// float32 matrices.
//
// # Implementations
//
//   - "avx2": Go assembly micro-kernels for x86-64 with AVX2 and FMA3 (a 6×16
//     register tile, a four-row dot kernel for matrix-vector products),
//     chosen at start-up when CPUID reports the features. The default there.
//   - "blocked": the same packed, cache-blocked driver with a 2×4 tile in
//     plain Go; builds and runs on every GOARCH, and with -tags purego.
//   - "simd": a 4×16 tile on simd/archsimd, only with GOEXPERIMENT=simd;
//     measured, never preferred (see BENCHMARKS.md).
//   - "openblas": cblas_sgemm through cgo, in package runtime/gemm/openblas,
//     only with -tags openblas; never the default.
//   - Reference: the triple loop every other implementation is tested against.
//
// Default picks the fastest available; YAK_GEMM=name overrides it at start-up,
// and Use swaps it at any time. A plain `go build` needs no C compiler and no
// GOEXPERIMENT.
//
// # Structure
//
// The packed implementations follow the GotoBLAS/BLIS scheme: op(B) is packed
// in kc×nc blocks of nr-wide panels, op(A) (times alpha) in mc×kc blocks of
// mr-high panels, and a register-tiled micro-kernel multiplies a panel pair;
// beta is applied by the first k block's stores. Products with m == 1 or
// n == 1 (a single-example layer) skip packing and run dot or axpy kernels;
// k == 1 is a rank-1 update.
//
// # Threads and determinism
//
// Products of at least 2^20 multiply-adds use GOMAXPROCS goroutines (or the
// count given to New), splitting rows or column panels; smaller ones run on
// the caller's goroutine. Every element of C is summed in an order fixed by
// the kernel and the block sizes alone, so the same inputs give the same bits
// whatever the number of threads.
//
// # Testing
//
// Package gemmtest is the conformance suite each implementation runs in a
// few lines; see its documentation for what it checks.
package gemm
