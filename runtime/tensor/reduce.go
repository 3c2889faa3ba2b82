package tensor

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Reductions accumulate in float64: sums over a whole feature map lose
// several digits in float32.

// Sum returns the sum of all elements as a rank-0 tensor.
func (t *Tensor) Sum() *Tensor {
	var s float64
	for _, v := range t.Data {
		s += float64(v)
	}
	out := Scalar(float32(s))
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)
			gv := out.Grad[0]
			for i := range g {
				g[i] += gv
			}
		})
	}
	return out
}

// Mean returns the mean of all elements as a rank-0 tensor. The mean of an
// empty tensor is an error, not NaN.
func (t *Tensor) Mean() *Tensor {
	if len(t.Data) == 0 {
		panic(fmt.Sprintf("tensor: Mean of an empty tensor (shape %v)", t.shape))
	}
	return t.Sum().Scale(1 / float32(len(t.Data)))
}

// axisSplit returns the sizes before, along and after axis.
func (t *Tensor) axisSplit(op string, axis int) (outer, n, inner, ax int) {
	if axis < 0 {
		axis += len(t.shape)
	}
	if axis < 0 || axis >= len(t.shape) {
		panic(fmt.Sprintf("tensor: %s: axis %d out of range for shape %v", op, axis, t.shape))
	}
	return numel(t.shape[:axis]), t.shape[axis], numel(t.shape[axis+1:]), axis
}

func dropAxis(shape []int, axis int) []int {
	out := make([]int, 0, len(shape)-1)
	out = append(out, shape[:axis]...)
	return append(out, shape[axis+1:]...)
}

// SumAxis sums along axis, removing it.
func (t *Tensor) SumAxis(axis int) *Tensor {
	outer, n, inner, ax := t.axisSplit("SumAxis", axis)
	out := alloc(dropAxis(t.shape, ax))
	acc := make([]float64, inner)
	for o := 0; o < outer; o++ {
		clear(acc)
		base := o * n * inner
		for k := 0; k < n; k++ {
			row := t.Data[base+k*inner : base+(k+1)*inner]
			for i, v := range row {
				acc[i] += float64(v)
			}
		}
		for i, v := range acc {
			out.Data[o*inner+i] = float32(v)
		}
	}
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)
			for o := 0; o < outer; o++ {
				src := out.Grad[o*inner : (o+1)*inner]
				for k := 0; k < n; k++ {
					dst := g[(o*n+k)*inner : (o*n+k+1)*inner]
					for i, v := range src {
						dst[i] += v
					}
				}
			}
		})
	}
	return out
}

// MeanAxis averages along axis, removing it.
func (t *Tensor) MeanAxis(axis int) *Tensor {
	_, n, _, _ := t.axisSplit("MeanAxis", axis)
	if n == 0 {
		panic(fmt.Sprintf("tensor: MeanAxis(%d) over an empty dimension (shape %v)", axis, t.shape))
	}
	return t.SumAxis(axis).Scale(1 / float32(n))
}

// MaxAxis returns the maximum along axis, removing it; the gradient goes to
// the first maximal element.
func (t *Tensor) MaxAxis(axis int) *Tensor {
	outer, n, inner, ax := t.axisSplit("MaxAxis", axis)
	if n == 0 {
		panic(fmt.Sprintf("tensor: MaxAxis(%d) over an empty dimension (shape %v)", axis, t.shape))
	}
	arg := t.argmax(outer, n, inner)
	out := alloc(dropAxis(t.shape, ax))
	for j, a := range arg {
		o, i := j/inner, j%inner
		out.Data[j] = t.Data[(o*n+a)*inner+i]
	}
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)
			for j, a := range arg {
				o, i := j/inner, j%inner
				g[(o*n+a)*inner+i] += out.Grad[j]
			}
		})
	}
	return out
}

// ArgMax returns the index of the first maximum along axis for every
// position of the other axes, in row-major order of the remaining shape.
// NaN compares as larger than everything, so a NaN is found, not hidden.
func (t *Tensor) ArgMax(axis int) []int {
	outer, n, inner, _ := t.axisSplit("ArgMax", axis)
	if n == 0 {
		panic(fmt.Sprintf("tensor: ArgMax(%d) over an empty dimension (shape %v)", axis, t.shape))
	}
	return t.argmax(outer, n, inner)
}

func (t *Tensor) argmax(outer, n, inner int) []int {
	arg := make([]int, outer*inner)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			base := o*n*inner + i
			best, bv := 0, t.Data[base]
			for k := 1; k < n && bv == bv; k++ {
				v := t.Data[base+k*inner]
				if v > bv || v != v {
					best, bv = k, v
				}
			}
			arg[o*inner+i] = best
		}
	}
	return arg
}

// Softmax returns exp(t) normalised to sum to one along axis, computed
// after subtracting the maximum so large logits do not overflow.
func (t *Tensor) Softmax(axis int) *Tensor {
	outer, n, inner, _ := t.axisSplit("Softmax", axis)
	out := alloc(t.shape)
	softmaxInto(out.Data, t.Data, outer, n, inner, false)
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			// dx = y * (g - sum(g*y)) along the axis.
			g := GradOf(t)
			y, gy := out.Data, out.Grad
			for o := 0; o < outer; o++ {
				for i := 0; i < inner; i++ {
					base := o*n*inner + i
					var dot float64
					for k := 0; k < n; k++ {
						p := base + k*inner
						dot += float64(gy[p] * y[p])
					}
					for k := 0; k < n; k++ {
						p := base + k*inner
						g[p] += y[p] * (gy[p] - float32(dot))
					}
				}
			}
		})
	}
	return out
}

// LogSoftmax returns t minus log-sum-exp along axis, stable for large logits.
func (t *Tensor) LogSoftmax(axis int) *Tensor {
	outer, n, inner, _ := t.axisSplit("LogSoftmax", axis)
	out := alloc(t.shape)
	softmaxInto(out.Data, t.Data, outer, n, inner, true)
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			// dx = g - softmax * sum(g) along the axis.
			g := GradOf(t)
			y, gy := out.Data, out.Grad
			for o := 0; o < outer; o++ {
				for i := 0; i < inner; i++ {
					base := o*n*inner + i
					var s float64
					for k := 0; k < n; k++ {
						s += float64(gy[base+k*inner])
					}
					for k := 0; k < n; k++ {
						p := base + k*inner
						g[p] += gy[p] - vec.Exp32(y[p])*float32(s)
					}
				}
			}
		})
	}
	return out
}

// softmaxInto writes softmax (or log-softmax) of x along the middle axis.
func softmaxInto(dst, x []float32, outer, n, inner int, log bool) {
	lse := make([]float32, inner)
	sum := make([]float32, inner)
	for o := 0; o < outer; o++ {
		xs, ds := x[o*n*inner:(o+1)*n*inner], dst[o*n*inner:(o+1)*n*inner]
		vec.SoftmaxBlock(xs, ds, lse, sum, n, inner)
		if !log {
			continue
		}
		for k := 0; k < n; k++ {
			row, drow := xs[k*inner:(k+1)*inner], ds[k*inner:(k+1)*inner]
			for i, v := range row {
				drow[i] = v - lse[i]
			}
		}
	}
}
