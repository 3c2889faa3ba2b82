package gemm

import "fmt"

// checkArgs panics with a gemm:-prefixed message when the dimensions, strides
// or slice lengths cannot describe the product; these are programmer errors
// in compiled callers (the engine recovers the panic for notebook code).
func checkArgs(transA, transB bool, m, n, k int, lda int, la int, ldb int, lb int, ldc int, lc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	checkMat("a", transA, m, k, lda, la)
	checkMat("b", transB, k, n, ldb, lb)
	checkMat("c", false, m, n, ldc, lc)
}

// checkMat checks a rows×cols operand (after op) stored row-major with stride
// ld, transposed in storage when trans is set.
func checkMat(name string, trans bool, rows, cols, ld, length int) {
	sr, sc := rows, cols
	if trans {
		sr, sc = cols, rows
	}
	if ld < max(1, sc) {
		panic(fmt.Sprintf("gemm: ld%s=%d is less than the %d columns of %s as stored", name, ld, sc, name))
	}
	if sr == 0 || sc == 0 {
		return
	}
	if need := (sr-1)*ld + sc; length < need {
		panic(fmt.Sprintf("gemm: len(%s)=%d is too short for %d×%d with stride %d (need %d)", name, length, sr, sc, ld, need))
	}
}

// scaleC sets C = beta*C, the whole result when k or alpha is zero. As in
// BLAS, beta == 0 overwrites C, so NaNs already in C do not survive.
func scaleC(beta float32, m, n int, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
