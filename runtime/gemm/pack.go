package gemm

// transposer copies columns of a rows×cols block (rows ≤ 16, lda apart)
// times alpha to dst+p*dstStride as lanes values each, zero past rows: the
// vector packing routine of a kernel (nil: the scalar loops below).
type transposer func(dst []float32, dstStride int, src []float32, lda, rows, lanes, cols int, alpha float32)

// scaler copies cols runs of rows values (lda apart) times alpha to
// dst+p*dstStride as lanes values each, zero past rows (rows ≤ lanes ≤ 16):
// a transposed A's panel, whose columns op(A)[·][p] are stored rows. It is
// the vector form of scaleRuns (nil: that loop), with the same bits.
type scaler func(dst []float32, dstStride int, src []float32, lda, rows, lanes, cols int, alpha float32)

// scaleRuns is the scalar scaler.
func scaleRuns(dst []float32, dstStride int, src []float32, lda, rows, lanes, cols int, alpha float32) {
	for p := 0; p < cols; p++ {
		s := src[p*lda : p*lda+rows]
		d := dst[p*dstStride : p*dstStride+lanes]
		for i, v := range s {
			d[i] = alpha * v
		}
		clear(d[rows:])
	}
}

// packA copies rows [ic,ic+mc) and columns [pc,pc+kc) of op(A), times alpha,
// into panels of mr rows: panel r holds, for each p, the mr values
// A[ic+r*mr+i][pc+p] contiguously. Rows past mc are zero so that the
// micro-kernel always runs full tiles.
func packA(tr transposer, sc scaler, dst []float32, trans bool, a []float32, lda int, alpha float32, ic, mc, pc, kc, mr int) {
	if trans && (sc == nil || mr > 16) {
		sc = scaleRuns
	}
	for r := 0; r < mc; r += mr {
		h := min(mr, mc-r)
		pan := dst[r*kc : (r+mr)*kc]
		if !trans && tr != nil && mr <= 16 {
			tr(pan, mr, a[(ic+r)*lda+pc:], lda, h, mr, kc, alpha)
			continue
		}
		if trans {
			// op(A)[i][p] = a[p*lda+i]: each p is a contiguous run of h values.
			sc(pan, mr, a[pc*lda+ic+r:], lda, h, mr, kc, alpha)
			continue
		}
		for i := 0; i < h; i++ {
			src := a[(ic+r+i)*lda+pc : (ic+r+i)*lda+pc+kc]
			if alpha == 1 {
				// A copy, not a multiply: the bfloat16 kernels pack pairs
				// of bf16 as float32 bits, which must stay untouched.
				for p, v := range src {
					pan[p*mr+i] = v
				}
				continue
			}
			for p, v := range src {
				pan[p*mr+i] = alpha * v
			}
		}
		for i := h; i < mr; i++ {
			for p := 0; p < kc; p++ {
				pan[p*mr+i] = 0
			}
		}
	}
}

// packB copies rows [pc,pc+kc) and columns [j0,j0+w) of op(B) into panels of
// nr columns starting at dst[off]: for each p, nr values B[pc+p][j..j+nr)
// contiguously, zero past the last column.
func packB(tr transposer, dst []float32, trans bool, b []float32, ldb int, pc, kc, j0, w, nr, off int) {
	if !trans {
		// Stored rows outer, so B is read sequentially: reading a panel at a
		// time strides by ldb and stalls on cache misses.
		full := w / nr * nr
		for p := 0; p < kc; p++ {
			src := b[(pc+p)*ldb+j0 : (pc+p)*ldb+j0+w]
			if nr == 16 {
				for q := 0; q < full; q += 16 {
					*(*[16]float32)(dst[off+q*kc+p*16:]) = *(*[16]float32)(src[q:])
				}
			} else {
				for q := 0; q < full; q += nr {
					copy(dst[off+q*kc+p*nr:off+q*kc+p*nr+nr], src[q:q+nr])
				}
			}
			if full < w {
				d := dst[off+full*kc+p*nr : off+full*kc+p*nr+nr]
				copy(d, src[full:])
				clear(d[w-full:])
			}
		}
		return
	}
	for q := 0; q < w; q += nr {
		cols := min(nr, w-q)
		pan := dst[off+q*kc : off+(q+nr)*kc]
		if tr != nil && nr%16 == 0 {
			for g := 0; g < nr; g += 16 {
				rows := max(0, min(16, cols-g))
				var src []float32
				if rows > 0 {
					src = b[(j0+q+g)*ldb+pc:]
				}
				tr(pan[g:], nr, src, ldb, rows, 16, kc, 1)
			}
			continue
		}
		// op(B)[p][j] = b[j*ldb+p]: read each stored row once, scatter by nr.
		for j := 0; j < cols; j++ {
			src := b[(j0+q+j)*ldb+pc : (j0+q+j)*ldb+pc+kc]
			for p, v := range src {
				pan[p*nr+j] = v
			}
		}
		for j := cols; j < nr; j++ {
			for p := 0; p < kc; p++ {
				pan[p*nr+j] = 0
			}
		}
	}
}
