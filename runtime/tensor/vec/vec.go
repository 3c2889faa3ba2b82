package vec

import (
	"fmt"
	"math"
)

// HasAVX2 reports whether the assembly kernels are in use.
func HasAVX2() bool { return useAVX2 }

// Kernels names the kernels in use, chosen by CPUID at start-up: "avx512"
// (AVX-512 F/DQ/BW/VL), "avx2" (AVX2 and FMA) or "go" (portable Go: other
// CPUs and architectures, and the purego build tag).
func Kernels() string {
	switch {
	case useAVX2 && useAVX512:
		return "avx512"
	case useAVX2:
		return "avx2"
	}
	return "go"
}

// Available lists the kernel sets this CPU and build can run, fastest
// first: "avx512", "avx2" (amd64 with those extensions, without the purego
// build tag) and "go", which is always there.
func Available() []string {
	var p []string
	if detect512OK && detectOK {
		p = append(p, "avx512")
	}
	if detectOK {
		p = append(p, "avx2")
	}
	return append(p, "go")
}

// UseKernels switches every kernel of this package to one set of
// Available, for tests and comparisons (the fastest is chosen at start-up),
// and returns the previous set's name. It is not synchronised: call it
// while no other goroutine runs kernels. A name the CPU cannot run is an
// error that lists the ones it can.
func UseKernels(name string) (previous string, err error) {
	previous = Kernels()
	for _, a := range Available() {
		if a != name {
			continue
		}
		switch name {
		case "avx512":
			setAVX2(true)
			setAVX512(true)
		case "avx2":
			setAVX2(true)
			setAVX512(false)
		default:
			setAVX2(false)
			setAVX512(false)
		}
		return previous, nil
	}
	return previous, fmt.Errorf("vec: kernels %q not available here; this CPU and build run %v", name, Available())
}

func same(op string, a, b int) {
	if a != b {
		panic("vec: " + op + ": slices of different lengths")
	}
}

// simd is how many leading elements the assembly handles: a multiple of 8.
func simd(n int) int {
	if !useAVX2 {
		return 0
	}
	return n &^ 7
}

// Axpy computes y += a·x.
func Axpy(a float32, x, y []float32) {
	same("Axpy", len(x), len(y))
	k := simd(len(x))
	if k > 0 {
		if useAVX512 {
			axpyAVX512(a, &x[0], &y[0], k)
		} else {
			axpyAVX2(a, &x[0], &y[0], k)
		}
	}
	x, y = x[k:], y[k:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}

// Add computes y += x.
func Add(x, y []float32) { Axpy(1, x, y) }

// Sum3 computes dst = x + y.
func Sum3(dst, x, y []float32) {
	same("Sum3", len(x), len(y))
	same("Sum3", len(x), len(dst))
	k := simd(len(x))
	if k > 0 {
		if useAVX512 {
			addAVX512(&dst[0], &x[0], &y[0], k)
		} else {
			addAVX2(&dst[0], &x[0], &y[0], k)
		}
	}
	dst, x, y = dst[k:], x[k:], y[k:len(x)]
	for i, v := range x {
		dst[i] = v + y[i]
	}
}

// Mul3 computes dst = x · y elementwise.
func Mul3(dst, x, y []float32) {
	same("Mul3", len(x), len(y))
	same("Mul3", len(x), len(dst))
	k := simd(len(x))
	if k > 0 {
		if useAVX512 {
			mulAVX512(&dst[0], &x[0], &y[0], k)
		} else {
			mulAVX2(&dst[0], &x[0], &y[0], k)
		}
	}
	dst, x, y = dst[k:], x[k:], y[k:len(x)]
	for i, v := range x {
		dst[i] = v * y[i]
	}
}

// Scale computes x *= a.
func Scale(a float32, x []float32) {
	k := simd(len(x))
	if k > 0 {
		scaleAVX2(a, &x[0], k)
	}
	x = x[k:]
	for i := range x {
		x[i] *= a
	}
}

// Fill sets every element of x to v.
func Fill(x []float32, v float32) {
	k := simd(len(x))
	if k > 0 {
		if useAVX512 {
			fillAVX512(v, &x[0], k)
		} else {
			fillAVX2(v, &x[0], k)
		}
	}
	x = x[k:]
	for i := range x {
		x[i] = v
	}
}

// ReLU computes dst = max(x, 0); a NaN in x stays NaN.
func ReLU(dst, x []float32) {
	same("ReLU", len(x), len(dst))
	k := simd(len(x))
	if k > 0 {
		if useAVX512 {
			reluAVX512(&dst[0], &x[0], k)
		} else {
			reluAVX2(&dst[0], &x[0], k)
		}
	}
	dst, x = dst[k:], x[k:len(dst)]
	for i, v := range x {
		if v < 0 {
			v = 0
		}
		dst[i] = v
	}
}

// ReLUGrad computes g += dy where y > 0, for y the output of ReLU.
func ReLUGrad(g, y, dy []float32) {
	same("ReLUGrad", len(g), len(y))
	same("ReLUGrad", len(g), len(dy))
	k := simd(len(g))
	if k > 0 {
		if useAVX512 {
			reluGradAVX512(&g[0], &y[0], &dy[0], k)
		} else {
			reluGradAVX2(&g[0], &y[0], &dy[0], k)
		}
	}
	g, y, dy = g[k:], y[k:len(g)], dy[k:len(g)]
	for i, v := range y {
		if v > 0 {
			g[i] += dy[i]
		}
	}
}

// ReLUGradSet computes g = 0 + dy where y > 0 and g = 0 elsewhere: ReLUGrad
// into a fresh buffer, without clearing it first. The explicit 0 + dy gives
// the bits a cleared buffer plus dy gives (a -0 in dy becomes +0).
func ReLUGradSet(g, y, dy []float32) {
	same("ReLUGradSet", len(g), len(y))
	same("ReLUGradSet", len(g), len(dy))
	k := simd(len(g))
	switch {
	case useAVX512 && useAVX2 && len(g) > 0:
		// The AVX-512 kernel's masked tail takes any length: a
		// convolution's output lines (28, 14, 7 wide) need no scalar loop.
		k = len(g)
		reluGradSetAVX512(&g[0], &y[0], &dy[0], k)
	case k > 0:
		reluGradSetAVX2(&g[0], &y[0], &dy[0], k)
	}
	g, y, dy = g[k:], y[k:len(g)], dy[k:len(g)]
	var zero float32
	for i, v := range y {
		if v > 0 {
			g[i] = zero + dy[i]
		} else {
			g[i] = 0
		}
	}
}

// Sum returns the sum of x in float32, with eight-lane partial sums that
// keep the rounding error small for long vectors.
func Sum(x []float32) float32 {
	k := simd(len(x))
	var s float32
	if k > 0 {
		if useAVX512 {
			s = sumAVX512(&x[0], k)
		} else {
			s = sumAVX2(&x[0], k)
		}
	} else {
		var acc [8]float32
		for ; k+8 <= len(x); k += 8 {
			for j := range acc {
				acc[j] += x[k+j]
			}
		}
		for _, v := range acc {
			s += v
		}
	}
	for _, v := range x[k:] {
		s += v
	}
	return s
}

// Dot returns Σ x[i]·y[i] in float32, accumulated like Sum.
func Dot(x, y []float32) float32 {
	same("Dot", len(x), len(y))
	k := simd(len(x))
	var s float32
	if k > 0 {
		if useAVX512 {
			s = dotAVX512(&x[0], &y[0], k)
		} else {
			s = dotAVX2(&x[0], &y[0], k)
		}
	} else {
		var acc [8]float32
		for ; k+8 <= len(x); k += 8 {
			for j := range acc {
				acc[j] += x[k+j] * y[k+j]
			}
		}
		for _, v := range acc {
			s += v
		}
	}
	for i := k; i < len(x); i++ {
		s += x[i] * y[i]
	}
	return s
}

// MaxAbs returns the largest |x[i]|, or NaN if x holds a NaN; 0 for empty x.
func MaxAbs(x []float32) float32 {
	var m float32
	for _, v := range x {
		if v != v {
			return float32(math.NaN())
		}
		m = max(m, float32(math.Abs(float64(v))))
	}
	return m
}

// MaxInto computes m = max(m, x) elementwise. A NaN already in m stays; a
// NaN in x may be dropped (callers that must see it, like SoftmaxBlock, meet
// it again in the next pass).
func MaxInto(m, x []float32) {
	same("MaxInto", len(m), len(x))
	k := simd(len(m))
	if k > 0 {
		if useAVX512 {
			maxIntoAVX512(&m[0], &x[0], k)
		} else {
			maxIntoAVX2(&m[0], &x[0], k)
		}
	}
	m, x = m[k:], x[k:len(m)]
	for i, v := range x {
		if v > m[i] {
			m[i] = v
		}
	}
}

// AddMul computes y += a·b elementwise.
func AddMul(y, a, b []float32) {
	same("AddMul", len(y), len(a))
	same("AddMul", len(y), len(b))
	k := simd(len(y))
	if k > 0 {
		addMulAVX2(&y[0], &a[0], &b[0], k)
	}
	y, a, b = y[k:], a[k:len(y)], b[k:len(y)]
	for i, v := range a {
		y[i] += v * b[i]
	}
}
