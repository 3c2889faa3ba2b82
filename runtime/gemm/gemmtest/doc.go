// Package gemmtest is the conformance suite that every gemm.Impl runs, as
// gonum's testblas is for BLAS implementations: an implementation's test file
// is a few lines,
//
//	func TestMine(t *testing.T)      { gemmtest.Test(t, mine) }
//	func BenchmarkMine(b *testing.B) { gemmtest.Benchmark(b, mine) }
//
// # What is checked
//
// Test compares the implementation against gemm.Reference on many shapes
// (1×N and N×1, odd sizes, sizes around the kernels' tiles and cache blocks,
// k = 0), every combination of transposes, alpha and beta in {0, 1, other},
// padded strides (elements outside the m×n window of C must be untouched),
// beta = 0 overwriting NaN in C, NaN and Inf propagation, and determinism:
// the same input gives the same bits on every call and for 1, 2 and 3
// threads when the implementation was made by a constructor taking threads.
package gemmtest
