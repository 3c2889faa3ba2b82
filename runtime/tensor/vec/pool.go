package vec

// MaxPool2 is one output row of a 2×2, stride-2 max pooling: out[i] is the
// largest of r0[2i], r0[2i+1], r1[2i], r1[2i+1] (the first on ties; a NaN
// in the window wins, the last NaN if several), and code[i], unless code is
// nil, says which: 0 and 1 for r0's two, 2 and 3 for r1's. The code is all
// the backward pass needs, a quarter of an int32 index.
func MaxPool2(out []float32, code []uint8, r0, r1 []float32) {
	n := len(out)
	if len(r0) < 2*n || len(r1) < 2*n || (code != nil && len(code) != n) {
		panic("vec: MaxPool2: rows shorter than twice the output, or a code slice of another length")
	}
	k := 0
	var c *uint8
	if code != nil && n > 0 {
		c = &code[0]
	}
	switch {
	case useAVX512 && useAVX2 && n > 0:
		k = n
		maxPool2AVX512(&out[0], c, &r0[0], &r1[0], k)
	case useAVX2 && n >= 8:
		k = n &^ 7
		maxPool2AVX2(&out[0], c, &r0[0], &r1[0], k)
	}
	for i := k; i < n; i++ {
		v, c := r0[2*i], uint8(0)
		// b > v || b != b: a NaN replaces the running maximum, and a later
		// value never replaces a NaN (the comparison with it is false).
		if b := r0[2*i+1]; b > v || b != b {
			v, c = b, 1
		}
		if b := r1[2*i]; b > v || b != b {
			v, c = b, 2
		}
		if b := r1[2*i+1]; b > v || b != b {
			v, c = b, 3
		}
		out[i] = v
		if code != nil {
			code[i] = c
		}
	}
}

// MaxPool2Grad routes the gradient dy of one output row of MaxPool2 to the
// window maxima that code names in the two input rows' gradients g0 and
// g1: it adds dy[i] there, or with assign stores it and stores zero in the
// window's other three places (a fresh buffer, written without a clear).
// Elements of g0 and g1 past 2·len(dy) are not touched.
func MaxPool2Grad(g0, g1, dy []float32, code []uint8, assign bool) {
	n := len(dy)
	if len(g0) < 2*n || len(g1) < 2*n || len(code) != n {
		panic("vec: MaxPool2Grad: rows shorter than twice the output, or a code slice of another length")
	}
	k := 0
	switch {
	case useAVX512 && useAVX2 && n > 0:
		k = n
		maxPool2GradAVX512(&g0[0], &g1[0], &dy[0], &code[0], k, assign)
	case useAVX2 && n >= 8:
		k = n &^ 7
		maxPool2GradAVX2(&g0[0], &g1[0], &dy[0], &code[0], k, assign)
	}
	for i := k; i < n; i++ {
		c := code[i]
		row, col := g0, 2*i+int(c&1)
		if c >= 2 {
			row = g1
		}
		if assign {
			g0[2*i], g0[2*i+1], g1[2*i], g1[2*i+1] = 0, 0, 0, 0
			row[col] = dy[i]
		} else {
			row[col] += dy[i]
		}
	}
}
