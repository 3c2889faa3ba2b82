package vec

// ReLU with a bit mask: the backward pass of a ReLU needs only where the
// output was positive, one bit per element, instead of the output itself
// (32 times the bytes). On an image's worth of activations that is a
// stream less to read, which is most of the cost of this memory-bound op.

// ReLUMask computes dst = max(x, 0) as ReLU does and sets bit i%8 of
// mask[i/8] where dst[i] > 0 (clearing it elsewhere); mask needs
// (len(x)+7)/8 bytes. The last byte's bits past len(x) are cleared.
func ReLUMask(dst []float32, mask []uint8, x []float32) {
	same("ReLUMask", len(x), len(dst))
	if len(mask) < (len(x)+7)/8 {
		panic("vec: ReLUMask: mask shorter than one bit per element")
	}
	k := simd(len(x))
	switch {
	case useAVX512 && useAVX2 && len(x) > 0:
		k = len(x)
		reluMaskAVX512(&dst[0], &mask[0], &x[0], k)
	case k > 0:
		reluMaskAVX2(&dst[0], &mask[0], &x[0], k)
	}
	// k is a multiple of 8 here, so the rest starts a fresh byte.
	for i := k; i < len(x); i += 8 {
		var bits uint8
		for j := i; j < min(i+8, len(x)); j++ {
			v := x[j]
			if v < 0 {
				v = 0
			}
			dst[j] = v
			if v > 0 {
				bits |= 1 << (j - i)
			}
		}
		mask[i/8] = bits
	}
}

// ReLUGradMask routes dy through a ReLU whose mask ReLUMask made: g += dy
// where the bit is set, or with assign g = 0 + dy there and 0 elsewhere
// (the bits a cleared buffer plus dy gives, as ReLUGradSet).
func ReLUGradMask(g []float32, mask []uint8, dy []float32, assign bool) {
	same("ReLUGradMask", len(g), len(dy))
	if len(mask) < (len(g)+7)/8 {
		panic("vec: ReLUGradMask: mask shorter than one bit per element")
	}
	k := simd(len(g))
	switch {
	case useAVX512 && useAVX2 && len(g) > 0:
		k = len(g)
		reluGradMaskAVX512(&g[0], &mask[0], &dy[0], k, assign)
	case k > 0:
		reluGradMaskAVX2(&g[0], &mask[0], &dy[0], k, assign)
	}
	var zero float32
	for i := k; i < len(g); i++ {
		on := mask[i/8]>>(i%8)&1 != 0
		switch {
		case assign && on:
			g[i] = zero + dy[i]
		case assign:
			g[i] = 0
		case on:
			g[i] += dy[i]
		}
	}
}
