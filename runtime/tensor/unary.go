package tensor

import (
	"math"
	"unsafe"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// unary applies f elementwise; on backward, each input gradient is
// g * df(x, y) where y = f(x). Hot activations (ReLU) have their own loops.
func (t *Tensor) unary(f func(x float32) float32, df func(x, y float32) float32) *Tensor {
	out := allocOut(t.shape)
	for i, v := range t.Data {
		out.Data[i] = f(v)
	}
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)
			for i, gv := range out.Grad {
				g[i] += gv * df(t.Data[i], out.Data[i])
			}
		})
	}
	return out
}

// Exp returns e^t (with vec.Exp: inputs below −87.34 give 1.2e−38, not a
// subnormal).
func (t *Tensor) Exp() *Tensor {
	out := allocOut(t.shape)
	vec.Exp(out.Data, t.Data)
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			tmp := getBuf(len(out.Data))
			vec.Mul3(tmp, out.Grad, out.Data)
			vec.Add(tmp, GradOf(t))
			putBuf(tmp)
		})
	}
	return out
}

// Log returns the natural logarithm of t (NaN for negative, -Inf at 0).
func (t *Tensor) Log() *Tensor {
	return t.unary(func(x float32) float32 { return float32(math.Log(float64(x))) },
		func(x, _ float32) float32 { return 1 / x })
}

// Sqrt returns the square root of t.
func (t *Tensor) Sqrt() *Tensor {
	return t.unary(func(x float32) float32 { return float32(math.Sqrt(float64(x))) },
		func(_, y float32) float32 { return 0.5 / y })
}

// Square returns t*t.
func (t *Tensor) Square() *Tensor {
	return t.unary(func(x float32) float32 { return x * x },
		func(x, _ float32) float32 { return 2 * x })
}

// Reciprocal returns 1/t.
func (t *Tensor) Reciprocal() *Tensor {
	return t.unary(func(x float32) float32 { return 1 / x },
		func(_, y float32) float32 { return -y * y })
}

// Abs returns |t|; its gradient at 0 is taken as 0.
func (t *Tensor) Abs() *Tensor {
	return t.unary(func(x float32) float32 { return float32(math.Abs(float64(x))) },
		func(x, _ float32) float32 {
			switch {
			case x > 0:
				return 1
			case x < 0:
				return -1
			}
			return 0
		})
}

// Pow returns t^p elementwise.
func (t *Tensor) Pow(p float32) *Tensor {
	return t.unary(func(x float32) float32 { return float32(math.Pow(float64(x), float64(p))) },
		func(x, _ float32) float32 { return p * float32(math.Pow(float64(x), float64(p-1))) })
}

// Clamp limits t to [lo, hi]; the gradient is zero where it clamps.
func (t *Tensor) Clamp(lo, hi float32) *Tensor {
	return t.unary(func(x float32) float32 { return min(max(x, lo), hi) },
		func(x, _ float32) float32 {
			if x < lo || x > hi {
				return 0
			}
			return 1
		})
}

// ReLU returns max(t, 0). With a graph on a big tensor, the forward also
// keeps one bit per element saying where the output is positive, and the
// backward reads that instead of the output: for a memory-bound op, a
// stream less.
func (t *Tensor) ReLU() *Tensor {
	out := allocOut(t.shape)
	n := len(t.Data)
	grad := needGrad(t, nil)
	// Small tensors (a single example's layer) stay on this goroutine
	// without building the closures of the split, and without a mask:
	// their output is in cache for the backward anyway.
	if n < minParallelWork {
		vec.ReLU(out.Data, t.Data)
		if grad {
			link(out, t, nil, func() {
				g, assign := GradFor(t)
				if assign {
					vec.ReLUGradSet(g, out.Data, out.Grad)
				} else {
					vec.ReLUGrad(g, out.Data, out.Grad)
				}
			})
		}
		return out
	}
	if !grad {
		elementwise(n, func(lo, hi int) { vec.ReLU(out.Data[lo:hi], t.Data[lo:hi]) })
		return out
	}
	maskBuf := Scratch((n + 31) / 32)
	mask := unsafe.Slice((*uint8)(unsafe.Pointer(unsafe.SliceData(maskBuf))), 4*len(maskBuf))
	// elementwise's blocks are multiples of 8 elements: each starts a mask byte.
	elementwise(n, func(lo, hi int) { vec.ReLUMask(out.Data[lo:hi], mask[lo/8:], t.Data[lo:hi]) })
	link(out, t, nil, func() {
		// A fresh gradient (an intermediate's, or a leaf's after
		// FreeGrad) is written in the same pass that masks dy.
		g, assign := GradFor(t)
		elementwise(n, func(lo, hi int) { vec.ReLUGradMask(g[lo:hi], mask[lo/8:], out.Grad[lo:hi], assign) })
	})
	out.HoldScratch(maskBuf)
	return out
}

// elementBlock is the unit elementwise splits work into: 4 KiB of float32,
// whole cache lines, so two goroutines never write the same line.
const elementBlock = 1024

// elementwise runs fn over [0, n) in blocks on Threads goroutines when n is
// big enough to pay for them (a memory-bound loop gains from a second
// core's bandwidth), else on the caller's. The blocks depend only on n, and
// an element-wise kernel's results do not depend on the split. The parts are
// fixed (ParallelParts, not Parallel's chunks handed out as goroutines come
// free): helper k takes part k+1 call after call, so the part of a feature
// map a core wrote in the forward is still in its L2 when the backward
// reads it (ReLUImage, two threads: 63-69 us against 72-77 us with chunks).
func elementwise(n int, fn func(lo, hi int)) {
	blocks := (n + elementBlock - 1) / elementBlock
	ParallelParts(blocks, n, func(_, lo, hi int) {
		fn(lo*elementBlock, min(hi*elementBlock, n))
	})
}

// LeakyReLU returns t where positive and slope*t elsewhere.
func (t *Tensor) LeakyReLU(slope float32) *Tensor {
	return t.unary(func(x float32) float32 {
		if x > 0 {
			return x
		}
		return slope * x
	}, func(x, _ float32) float32 {
		if x > 0 {
			return 1
		}
		return slope
	})
}

// Sigmoid returns 1/(1+e^-t), computed without overflow for large |t|.
func (t *Tensor) Sigmoid() *Tensor {
	return t.unary(sigmoid, func(_, y float32) float32 { return y * (1 - y) })
}

func sigmoid(x float32) float32 {
	if x >= 0 {
		return float32(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return float32(e / (1 + e))
}

// Tanh returns the hyperbolic tangent of t.
func (t *Tensor) Tanh() *Tensor {
	return t.unary(func(x float32) float32 { return float32(math.Tanh(float64(x))) },
		func(_, y float32) float32 { return 1 - y*y })
}

// GELU returns x*Φ(x) with Φ the standard normal distribution function (the
// exact form, as PyTorch's default).
func (t *Tensor) GELU() *Tensor {
	return t.unary(func(x float32) float32 {
		return float32(0.5 * float64(x) * (1 + math.Erf(float64(x)/math.Sqrt2)))
	}, func(x, _ float32) float32 {
		xf := float64(x)
		cdf := 0.5 * (1 + math.Erf(xf/math.Sqrt2))
		pdf := math.Exp(-0.5*xf*xf) / math.Sqrt(2*math.Pi)
		return float32(cdf + xf*pdf)
	})
}
