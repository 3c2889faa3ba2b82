//go:build openblas && cgo

package openblas

/*
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import "github.com/yaknb/yak/runtime/gemm"

// openBLAS calls OpenBLAS's cblas_sgemm; see the package documentation.
type openBLAS struct{ threads int }

func init() { gemm.Register("openblas", func(threads int) gemm.Impl { return openBLAS{threads} }) }

func (openBLAS) Name() string { return "openblas" }

func (o openBLAS) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 || k == 0 || alpha == 0 {
		// Reference handles the degenerate cases (C = beta*C, or nothing).
		gemm.Reference{}.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if o.threads > 0 {
		// A process-wide setting in OpenBLAS: the last caller's count wins.
		C.openblas_set_num_threads(C.int(o.threads))
	}
	ta, tb := C.enum_CBLAS_TRANSPOSE(C.CblasNoTrans), C.enum_CBLAS_TRANSPOSE(C.CblasNoTrans)
	if transA {
		ta = C.CblasTrans
	}
	if transB {
		tb = C.CblasTrans
	}
	C.cblas_sgemm(C.CblasRowMajor, ta, tb, C.blasint(m), C.blasint(n), C.blasint(k),
		C.float(alpha), (*C.float)(&a[0]), C.blasint(lda), (*C.float)(&b[0]), C.blasint(ldb),
		C.float(beta), (*C.float)(&c[0]), C.blasint(ldc))
}
