package vec

import "fmt"

// MulAdd computes C += A·B for row-major A (m×k, row stride lda), B (k×n,
// stride ldb) and C (m×n, stride ldc), reading B in place. It is meant for
// products with few rows and long ones (a narrow convolution: C is an output
// sample, m its channels, n its pixels), where runtime/gemm's packing of B
// costs more than the multiply: here four rows of C at a time stay in
// registers for the whole sum over k, and B is read in panels that stay in
// cache while every group of rows passes over them. Results are the same for
// the same inputs (the order of the sums is fixed), though not bit-identical
// to gemm's.
func MulAdd(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 || lda < k || ldb < n || ldc < n {
		panic(fmt.Sprintf("vec: MulAdd m=%d n=%d k=%d lda=%d ldb=%d ldc=%d", m, n, k, lda, ldb, ldc))
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if len(a) < (m-1)*lda+k || len(b) < (k-1)*ldb+n || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("vec: MulAdd slices too short for m=%d n=%d k=%d", m, n, k))
	}
	m4 := 0
	n16 := 0
	if useAVX2 {
		m4, n16 = m&^3, n&^15
		if useAVX512 {
			n16 = n // the last strip runs under a mask
		}
	}
	// Panels of columns small enough that k rows of one stay in L2.
	const panel = 256
	for j0 := 0; j0 < n16; j0 += panel {
		w := min(panel, n16-j0)
		for i := 0; i < m4; i += 4 {
			if useAVX512 {
				mulAdd4xNAVX512(&a[i*lda], lda, &b[j0], ldb, &c[i*ldc+j0], ldc, k, w)
			} else {
				mulAdd4x16AVX2(&a[i*lda], lda, &b[j0], ldb, &c[i*ldc+j0], ldc, k, w/16)
			}
		}
	}
	// The rest: the last m%4 rows over all columns, and the column tail of
	// the blocked rows, as rows of axpy.
	for i := 0; i < m; i++ {
		lo := 0
		if i < m4 {
			lo = n16
		}
		if lo == n {
			continue
		}
		crow := c[i*ldc+lo : i*ldc+n]
		for p := 0; p < k; p++ {
			if av := a[i*lda+p]; av != 0 {
				Axpy(av, b[p*ldb+lo:p*ldb+n], crow)
			}
		}
	}
}

// MulAddT computes C += A·Bᵀ for row-major A (m×k, stride lda), B (n×k,
// stride ldb) and C (m×n, stride ldc): every element of C is a dot product
// of a row of A and a row of B. A convolution's weight gradient has this
// shape (dY times the columns, transposed, summed over pixels). Blocks of
// four rows of A and two of B share their loads, eight sums at a time. The
// order of the sums depends only on the sizes.
func MulAddT(m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 || lda < k || ldb < k || ldc < n {
		panic(fmt.Sprintf("vec: MulAddT m=%d n=%d k=%d lda=%d ldb=%d ldc=%d", m, n, k, lda, ldb, ldc))
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if len(a) < (m-1)*lda+k || len(b) < (n-1)*ldb+k || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("vec: MulAddT slices too short for m=%d n=%d k=%d", m, n, k))
	}
	m4, n2, k8 := 0, 0, 0
	if useAVX2 {
		m4, n2, k8 = m&^3, n&^1, k&^7
		if useAVX512 {
			n2, k8 = n&^3, k // the kernel masks the tail of k
		}
	}
	if k8 > 0 {
		// Each group of B's rows is read from memory once and reused from
		// cache by every block of A's rows (A is the smaller operand here).
		if useAVX512 {
			for j := 0; j < n2; j += 4 {
				off := [4]int{j * ldb, (j + 1) * ldb, (j + 2) * ldb, (j + 3) * ldb}
				for i := 0; i < m4; i += 4 {
					dots4x4AVX512(&a[i*lda], lda, &b[0], &off, &c[i*ldc+j], ldc, k8)
				}
			}
		} else {
			for j := 0; j < n2; j += 2 {
				for i := 0; i < m4; i += 4 {
					dots4x2AVX2(&a[i*lda], lda, &b[j*ldb], ldb, &c[i*ldc+j], ldc, k8)
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			lo := 0
			if i < m4 && j < n2 {
				lo = k8 // the kernel did [0, k8)
			}
			if lo < k {
				c[i*ldc+j] += Dot(a[i*lda+lo:i*lda+k], b[j*ldb+lo:j*ldb+k])
			}
		}
	}
}

// MulAddOffsets is MulAdd with row p of B at b[off[p] : off[p]+n] instead of
// at p·ldb: the rows may be any windows of b, overlapping or not. A stride-1
// convolution uses it to read its column matrix straight out of the padded
// input (row (c, i, j) is the padded plane of channel c shifted by (i, j)),
// without writing the columns out.
func MulAddOffsets(m, n, k int, a []float32, lda int, b []float32, off []int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 || lda < k || ldc < n || len(off) < k {
		panic(fmt.Sprintf("vec: MulAddOffsets m=%d n=%d k=%d lda=%d ldc=%d with %d offsets", m, n, k, lda, ldc, len(off)))
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("vec: MulAddOffsets slices too short for m=%d n=%d k=%d", m, n, k))
	}
	for p, o := range off[:k] {
		if o < 0 || o+n > len(b) {
			panic(fmt.Sprintf("vec: MulAddOffsets row %d at %d (+%d) outside b (%d)", p, o, n, len(b)))
		}
	}
	m4, n16 := 0, 0
	if useAVX2 {
		m4, n16 = m&^3, n&^15
		if useAVX512 {
			n16 = n // the last strip runs under a mask
		}
	}
	const panel = 256
	for j0 := 0; j0 < n16; j0 += panel {
		w := min(panel, n16-j0)
		for i := 0; i < m4; i += 4 {
			if useAVX512 {
				mulAdd4xNOffAVX512(&a[i*lda], lda, &b[j0], &off[0], &c[i*ldc+j0], ldc, k, w)
			} else {
				mulAdd4x16OffAVX2(&a[i*lda], lda, &b[j0], &off[0], &c[i*ldc+j0], ldc, k, w/16)
			}
		}
	}
	for i := 0; i < m; i++ {
		lo := 0
		if i < m4 {
			lo = n16
		}
		if lo == n {
			continue
		}
		crow := c[i*ldc+lo : i*ldc+n]
		for p := 0; p < k; p++ {
			if av := a[i*lda+p]; av != 0 {
				Axpy(av, b[off[p]+lo:off[p]+n], crow)
			}
		}
	}
}

// MulAddTOffsets is MulAddT with row j of B at b[off[j] : off[j]+k]
// (offsets non-decreasing): C[i][j] += Σ_p A[i][p]·b[off[j]+p]. A stride-1
// convolution's weight gradient reads its columns out of the padded input
// this way.
func MulAddTOffsets(m, n, k int, a []float32, lda int, b []float32, off []int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 || lda < k || ldc < n || len(off) < n {
		panic(fmt.Sprintf("vec: MulAddTOffsets m=%d n=%d k=%d lda=%d ldc=%d with %d offsets", m, n, k, lda, ldc, len(off)))
	}
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("vec: MulAddTOffsets slices too short for m=%d n=%d k=%d", m, n, k))
	}
	for j, o := range off[:n] {
		if o < 0 || o+k > len(b) || (j > 0 && o < off[j-1]) {
			panic(fmt.Sprintf("vec: MulAddTOffsets row %d at %d (+%d): outside b (%d) or out of order", j, o, k, len(b)))
		}
	}
	m4, n2, k8 := 0, 0, 0
	if useAVX2 {
		m4, n2, k8 = m&^3, n&^1, k&^7
		if useAVX512 {
			n2, k8 = n&^3, k // the kernel masks the tail of k
		}
	}
	if k8 > 0 {
		if useAVX512 {
			for j := 0; j < n2; j += 4 {
				o := [4]int{off[j], off[j+1], off[j+2], off[j+3]}
				for i := 0; i < m4; i += 4 {
					dots4x4AVX512(&a[i*lda], lda, &b[0], &o, &c[i*ldc+j], ldc, k8)
				}
			}
		} else {
			for j := 0; j < n2; j += 2 {
				for i := 0; i < m4; i += 4 {
					dots4x2AVX2(&a[i*lda], lda, &b[off[j]], off[j+1]-off[j], &c[i*ldc+j], ldc, k8)
				}
			}
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			lo := 0
			if i < m4 && j < n2 {
				lo = k8
			}
			if lo < k {
				c[i*ldc+j] += Dot(a[i*lda+lo:i*lda+k], b[off[j]+lo:off[j]+k])
			}
		}
	}
}

// MulAddOffsetsSet is MulAddOffsets that stores C = bias[i] + A·B (bias nil
// means zero) instead of adding to C, whose contents it ignores: a
// convolution writes its output once, without filling it with the bias
// first. The sums are MulAddOffsets's, added to the bias as MulAddOffsets
// adds them to a C filled with it, so the bits are the same.
func MulAddOffsetsSet(m, n, k int, a []float32, lda int, b []float32, off []int, c []float32, ldc int, bias []float32) {
	if bias != nil && len(bias) < m {
		panic(fmt.Sprintf("vec: MulAddOffsetsSet: %d biases for %d rows", len(bias), m))
	}
	m4 := 0
	if useAVX2 && useAVX512 && k > 0 && n > 0 {
		// MulAddOffsets checks the arguments first (with no rows).
		MulAddOffsets(0, n, k, a, lda, b, off, c, ldc)
		if len(a) < (m-1)*lda+k || len(c) < (m-1)*ldc+n {
			panic(fmt.Sprintf("vec: MulAddOffsetsSet slices too short for m=%d n=%d k=%d", m, n, k))
		}
		for _, o := range off[:k] {
			if o < 0 || o+n > len(b) {
				panic(fmt.Sprintf("vec: MulAddOffsetsSet row at %d (+%d) outside b (%d)", o, n, len(b)))
			}
		}
		m4 = m &^ 3
		var zero [4]float32
		const panel = 256
		for j0 := 0; j0 < n; j0 += panel {
			w := min(panel, n-j0)
			for i := 0; i < m4; i += 4 {
				bi := &zero[0]
				if bias != nil {
					bi = &bias[i]
				}
				mulAdd4xNOffSetAVX512(&a[i*lda], lda, &b[j0], &off[0], &c[i*ldc+j0], ldc, k, w, bi)
			}
		}
	}
	for i := m4; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if bias != nil {
			Fill(row, bias[i])
		} else {
			clear(row)
		}
	}
	if m4 < m {
		MulAddOffsets(m-m4, n, k, a[m4*lda:], lda, b, off, c[m4*ldc:], ldc)
	}
}
