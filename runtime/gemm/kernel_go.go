package gemm

// goKernel is the portable kernel: plain Go, no assembly, any GOARCH. The
// 2×4 tile is the largest whose accumulators, operands and temporaries fit
// amd64's 16 float registers: a 4×4 tile spilled to the stack and ran at
// less than half the speed.
var goKernel = &kernel{
	name: "blocked",
	mr:   2, nr: 4,
	mc: 128, kc: 256, nc: 4096,
	tile: goTile2x4,
	dot:  goDot,
	dot4: goDot4,
	axpy: goAxpy,
	nt:   goDotTile,
}

func goTile2x4(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
	var c00, c01, c02, c03 float32
	var c10, c11, c12, c13 float32
	ap = ap[:kc*2]
	for p := 0; p < kc; p++ {
		b := bp[p*ldb : p*ldb+4 : p*ldb+4]
		b0, b1, b2, b3 := b[0], b[1], b[2], b[3]
		a0, a1 := ap[2*p], ap[2*p+1]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
	}
	storeRow4(c[0:4:4], c00, c01, c02, c03, beta, mode)
	storeRow4(c[ldc:ldc+4:ldc+4], c10, c11, c12, c13, beta, mode)
}

func storeRow4(c []float32, v0, v1, v2, v3, beta float32, mode int) {
	switch mode {
	case modeSet:
		c[0], c[1], c[2], c[3] = v0, v1, v2, v3
	case modeAdd:
		c[0] += v0
		c[1] += v1
		c[2] += v2
		c[3] += v3
	default:
		c[0] = beta*c[0] + v0
		c[1] = beta*c[1] + v1
		c[2] = beta*c[2] + v2
		c[3] = beta*c[3] + v3
	}
}

// goDot sums in four interleaved lanes, the same order the vector kernels use
// within a lane, so that short and long inputs both vectorise well.
func goDot(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func goAxpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// goTileEmpty applies a tile's store rule to a zero accumulator (kc == 0).
func goTileEmpty(mr, nr int, c []float32, ldc int, beta float32, mode int) {
	for i := 0; i < mr; i++ {
		row := c[i*ldc : i*ldc+nr]
		switch mode {
		case modeSet:
			clear(row)
		case modeScale:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

func goDot4(x, m []float32, ld int, out *[4]float32) {
	k := len(x)
	for r := range out {
		out[r] = goDot(x, m[r*ld:r*ld+k])
	}
}

func goDotTile(a []float32, lda int, b []float32, ldb, k int, out *[8]float32) {
	for i := 0; i < 2; i++ {
		for j := 0; j < 4; j++ {
			out[i*4+j] = goDot(a[i*lda:i*lda+k], b[j*ldb:j*ldb+k])
		}
	}
}
