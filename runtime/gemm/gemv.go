package gemm

// gemv handles m == 1 or n == 1, where packing would cost as much as the
// product: a single-example Linear layer lands here. Both shapes reduce to
// one of two loops over the rows of a stored matrix M with a vector x:
// dots (out[i] = M[i,:]·x) or a linear combination (out = Σp x[p]·M[p,:]).
func (p packed) gemv(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int, threads int) {
	if m == 1 {
		// c[0,:] = alpha * a_row · op(B). a_row[p] is a[p] or a[p*lda].
		x := vector(a, k, transA, lda)
		defer putBuf(x)
		if transB {
			// B stored n×k: c[j] = a_row · b[j,:].
			p.dots(x.s, b, ldb, n, k, alpha, beta, c, 1, threads)
		} else {
			p.combine(x.s, b, ldb, k, n, alpha, beta, c, threads)
		}
		return
	}
	// n == 1: c[:,0] = alpha * op(A) · b_col. b_col[p] is b[p*ldb] or b[p].
	x := vector(b, k, !transB, ldb)
	defer putBuf(x)
	if !transA {
		p.dots(x.s, a, lda, m, k, alpha, beta, c, ldc, threads)
		return
	}
	// A stored k×m: the result is a combination of A's stored rows, built
	// contiguously and then written to the strided column of C.
	out := getBuf(m)
	defer putBuf(out)
	p.combine(x.s, a, lda, k, m, alpha, 0, out.s, threads)
	for i, v := range out.s {
		ci := &c[i*ldc]
		if beta == 0 {
			*ci = v
		} else {
			*ci = beta**ci + v
		}
	}
}

// vector gathers k values v[p*stride] (or v[p] when contiguous) into scratch.
func vector(v []float32, k int, strided bool, stride int) *buf {
	x := getBuf(k)
	if !strided || stride == 1 {
		copy(x.s, v[:k])
		return x
	}
	for p := range x.s {
		x.s[p] = v[p*stride]
	}
	return x
}

// dots sets out[i*inc] = alpha*(M[i,:]·x) + beta*out[i*inc] for rows i < rows
// of M (stride ld, k columns).
func (p packed) dots(x, mat []float32, ld, rows, k int, alpha, beta float32, out []float32, inc, threads int) {
	parallel(threads, rows, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			d := alpha * p.k.dot(mat[i*ld:i*ld+k], x)
			o := &out[i*inc]
			if beta == 0 {
				*o = d
			} else {
				*o = d + beta**o
			}
		}
	})
}

// combine sets out[:w] = alpha*Σp x[p]*M[p,:w] + beta*out over the k stored
// rows of M, each thread owning a range of columns so that every output is
// summed in the same order whatever the thread count.
func (p packed) combine(x, mat []float32, ld, k, w int, alpha, beta float32, out []float32, threads int) {
	const chunk = 64 // keeps column ranges aligned for the vector loops
	parallel(threads, (w+chunk-1)/chunk, func(lo, hi int) {
		j0, j1 := lo*chunk, min(w, hi*chunk)
		o := out[j0:j1]
		scaleC(beta, 1, len(o), o, len(o))
		for q := 0; q < k; q++ {
			// No skipping of zero x[q]: 0*Inf must still give NaN, as in Reference.
			p.k.axpy(alpha*x[q], mat[q*ld+j0:q*ld+j1], o)
		}
	})
}
