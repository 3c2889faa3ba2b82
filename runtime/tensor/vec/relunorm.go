package vec

// Kernels for a normalisation that takes a ReLU of its input first (the
// MNIST CNN's group norms after each convolution): its backward pass reads
// the unrectified input and rectifies it on the fly, so that the
// convolution before it keeps no mask and has no masking pass of its own.

// ReLUSumDot returns Σ x[i] and Σ x[i]·max(y[i], 0) in one pass, with
// SumDot's order and bits for y ≥ 0 (max as ReLU's: a NaN stays NaN).
func ReLUSumDot(x, y []float32) (sum, dot float32) {
	same("ReLUSumDot", len(x), len(y))
	if len(x) == 0 {
		return 0, 0
	}
	if useAVX2 && useAVX512 {
		return reluSumDotAVX512(&x[0], &y[0], len(x))
	}
	return sumDotLanes(x, y, true)
}

// ReLUAffineMix computes dst[i] = (a·x[i] + c) + b·y[i] where x[i] > 0
// and 0 elsewhere (NaN included): AffineMix's values and bits where x is
// positive, masked as a ReLU's gradient is. dst may be x or y.
func ReLUAffineMix(dst, x, y []float32, a, b, c float32) {
	same("ReLUAffineMix", len(x), len(dst))
	same("ReLUAffineMix", len(y), len(dst))
	if len(dst) == 0 {
		return
	}
	if useAVX2 && useAVX512 {
		reluAffineMixAVX512(&dst[0], &x[0], &y[0], a, b, c, len(dst))
		return
	}
	for i := range dst {
		if xv := x[i]; xv > 0 {
			dst[i] = (float32(a*xv) + c) + float32(b*y[i])
		} else {
			dst[i] = 0
		}
	}
}
