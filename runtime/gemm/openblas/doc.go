// Package openblas puts OpenBLAS's cblas_sgemm behind gemm.Impl, to measure
// yak's own kernels against in the same process with the same calls. It is
// compiled only with `-tags openblas` (cgo, a C compiler and libopenblas-dev);
// without the tag this package is empty. Importing it registers the
// implementation as "openblas" but never makes it the default: select it with
// YAK_GEMM=openblas or gemm.Use(gemm.New("openblas", 0)).
//
//	go test -tags openblas ./runtime/gemm/openblas
//	go run -tags openblas ./bench/gemm -impl openblas
package openblas
