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
	// Groups of four rows share loads of x; threads get whole groups.
	groups := (rows + 3) / 4
	if threads <= 1 {
		p.dotRange(x, mat, ld, rows, k, alpha, beta, out, inc, 0, groups)
		return
	}
	p.dotsSplit(x, mat, ld, rows, k, alpha, beta, out, inc, threads, groups)
}

// dotsSplit is dots on threads goroutines: a function of its own so that
// the one-thread path does not pay for the heap copies of what the closure
// captures.
func (p packed) dotsSplit(x, mat []float32, ld, rows, k int, alpha, beta float32, out []float32, inc, threads, groups int) {
	split(threads, groups, func(lo, hi int) {
		p.dotRange(x, mat, ld, rows, k, alpha, beta, out, inc, lo, hi)
	})
}

func (p packed) dotRange(x, mat []float32, ld, rows, k int, alpha, beta float32, out []float32, inc, g0, g1 int) {
	// From the pool: an array on the stack would move to the heap on every
	// call through the kernel's function value.
	db := getBuf(4)
	defer putBuf(db)
	d := (*[4]float32)(db.s)
	for g := g0; g < g1; g++ {
		i0 := 4 * g
		n := min(4, rows-i0)
		if n == 4 {
			p.k.dot4(x, mat[i0*ld:], ld, d)
		}
		for r := 0; r < n; r++ {
			if n < 4 {
				p.k.dot4(x, mat[(i0+r)*ld:], 0, d)
				d[r] = d[0]
			}
			o := &out[(i0+r)*inc]
			if beta == 0 {
				*o = alpha * d[r]
			} else {
				*o = alpha*d[r] + beta**o
			}
		}
	}
}

// combine sets out[:w] = alpha*Σp x[p]*M[p,:w] + beta*out over the k stored
// rows of M, each thread owning a range of columns so that every output is
// summed in the same order whatever the thread count.
func (p packed) combine(x, mat []float32, ld, k, w int, alpha, beta float32, out []float32, threads int) {
	if threads <= 1 {
		p.combineRange(x, mat, ld, k, 0, w, alpha, beta, out)
		return
	}
	p.combineSplit(x, mat, ld, k, w, alpha, beta, out, threads)
}

// combineSplit is combine on threads goroutines (see dotsSplit).
func (p packed) combineSplit(x, mat []float32, ld, k, w int, alpha, beta float32, out []float32, threads int) {
	const chunk = 64 // keeps column ranges aligned for the vector loops
	split(threads, (w+chunk-1)/chunk, func(lo, hi int) {
		p.combineRange(x, mat, ld, k, lo*chunk, min(w, hi*chunk), alpha, beta, out)
	})
}

func (p packed) combineRange(x, mat []float32, ld, k, j0, j1 int, alpha, beta float32, out []float32) {
	o := out[j0:j1]
	scaleC(beta, 1, len(o), o, len(o))
	for q := 0; q < k; q++ {
		// No skipping of zero x[q]: 0*Inf must still give NaN, as in Reference.
		p.k.axpy(alpha*x[q], mat[q*ld+j0:q*ld+j1], o)
	}
}

// rank1 handles k == 1, an outer product (the weight gradient of a
// single-example Linear layer): each row of C is beta*C + (alpha*a_i)*b.
func (p packed) rank1(transA, transB bool, m, n int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	x := vector(b, n, transB, ldb)
	defer putBuf(x)
	for i := 0; i < m; i++ {
		var ai float32
		if transA {
			ai = a[i]
		} else {
			ai = a[i*lda]
		}
		row := c[i*ldc : i*ldc+n]
		scaleC(beta, 1, n, row, n)
		p.k.axpy(alpha*ai, x.s, row)
	}
}

// thinNT computes C = alpha*A·Bᵀ + beta*C in 2×4 blocks of dot products read
// straight from the rows of A and B.
func (p packed) thinNT(m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int, threads int) {
	quads := (n + 3) / 4
	blocks := (m + 1) / 2 * quads
	// One scratch block per 2×4 block, from the pool: an array on the
	// stack would move to the heap on every call through the kernel's
	// function value. The thin condition keeps blocks small.
	ob := getBuf(8 * blocks)
	defer putBuf(ob)
	outs := ob.s
	if threads <= 1 {
		for blk := 0; blk < blocks; blk++ {
			p.ntBlock(blk, quads, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, (*[8]float32)(outs[8*blk:]))
		}
		return
	}
	dynamic(threads, blocks, func(blk int) {
		p.ntBlock(blk, quads, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, (*[8]float32)(outs[8*blk:]))
	})
}

func (p packed) ntBlock(blk, quads, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int, out *[8]float32) {
	i0, j0 := 2*(blk/quads), 4*(blk%quads)
	h, w := min(2, m-i0), min(4, n-j0)
	la := lda
	if h < 2 {
		la = 0 // the last row alone: computed twice, kept once
	}
	if w == 4 {
		p.k.nt(a[i0*lda:], la, b[j0*ldb:], ldb, k, out)
		p.ntStore(out[:], 4, h, 4, i0, j0, alpha, beta, c, ldc)
		return
	}
	// Fewer than four columns left: one column per call (ldb = 0).
	for j := 0; j < w; j++ {
		p.k.nt(a[i0*lda:], la, b[(j0+j)*ldb:], 0, k, out)
		p.ntStore(out[:], 4, h, 1, i0, j0+j, alpha, beta, c, ldc)
	}
}

func (packed) ntStore(out []float32, ldo, h, w, i0, j0 int, alpha, beta float32, c []float32, ldc int) {
	for i := 0; i < h; i++ {
		for j := 0; j < w; j++ {
			o := &c[(i0+i)*ldc+j0+j]
			if beta == 0 {
				*o = alpha * out[i*ldo+j]
			} else {
				*o = alpha*out[i*ldo+j] + beta**o
			}
		}
	}
}
