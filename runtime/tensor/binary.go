package tensor

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Binary operations broadcast trailing dimensions: the operand with fewer
// elements must have a shape equal to the trailing dimensions of the other
// (a bias of shape [C] against [N, C]), or hold a single element. The result
// has the larger operand's shape.

// broadcast returns the output shape and whether a (and not b) is the smaller,
// repeated operand. small == 0 means equal shapes.
func broadcast(op string, a, b *Tensor) (shape []int, small int) {
	if sameShape(a.shape, b.shape) {
		return a.shape, 0
	}
	if len(b.Data) == 1 || isSuffix(b.shape, a.shape) {
		return a.shape, 2
	}
	if len(a.Data) == 1 || isSuffix(a.shape, b.shape) {
		return b.shape, 1
	}
	panic(fmt.Sprintf("tensor: %s: shapes %v and %v do not broadcast (the smaller must match the trailing dimensions of the larger)", op, a.shape, b.shape))
}

func isSuffix(s, of []int) bool {
	if len(s) > len(of) {
		return false
	}
	off := len(of) - len(s)
	for i, d := range s {
		if of[off+i] != d {
			return false
		}
	}
	return true
}

// Add returns a + b.
func (a *Tensor) Add(b *Tensor) *Tensor {
	shape, small := broadcast("Add", a, b)
	out := allocOut(shape)
	o := out.Data
	switch small {
	case 0:
		vec.Sum3(o, a.Data, b.Data)
	case 2:
		repeat2(o, a.Data, b.Data, vec.Sum3)
	case 1:
		repeat2(o, b.Data, a.Data, vec.Sum3)
	}
	if needGrad(a, b) {
		link(out, a, b, func() {
			addGrad(a, out.Grad)
			addGrad(b, out.Grad)
		})
	}
	return out
}

// Sub returns a - b.
func (a *Tensor) Sub(b *Tensor) *Tensor {
	shape, small := broadcast("Sub", a, b)
	out := allocOut(shape)
	o := out.Data
	switch small {
	case 0:
		ad, bd := a.Data[:len(o)], b.Data[:len(o)]
		for i := range o {
			o[i] = ad[i] - bd[i]
		}
	case 2:
		repeat2(o, a.Data, b.Data, func(o, x, y []float32) {
			for i := range o {
				o[i] = x[i] - y[i]
			}
		})
	case 1:
		repeat2(o, b.Data, a.Data, func(o, x, y []float32) {
			for i := range o {
				o[i] = y[i] - x[i]
			}
		})
	}
	if needGrad(a, b) {
		link(out, a, b, func() {
			addGrad(a, out.Grad)
			subGrad(b, out.Grad)
		})
	}
	return out
}

// Mul returns the elementwise product a * b.
func (a *Tensor) Mul(b *Tensor) *Tensor {
	shape, small := broadcast("Mul", a, b)
	out := allocOut(shape)
	mulInto(out.Data, a, b, small)
	if needGrad(a, b) {
		link(out, a, b, func() {
			// d/da = g*b, d/db = g*a, each reduced to its operand's shape.
			if a.live() {
				tmp := getBuf(len(out.Data))
				mulInto(tmp, New(out.Grad, out.shape...), b, small)
				addGrad(a, tmp)
				putBuf(tmp)
			}
			if b.live() {
				tmp := getBuf(len(out.Data))
				mulInto(tmp, New(out.Grad, out.shape...), a, small)
				addGrad(b, tmp)
				putBuf(tmp)
			}
		})
	}
	return out
}

// mulInto writes x*y (broadcast) into o, where o has the larger shape.
func mulInto(o []float32, x, y *Tensor, small int) {
	xd, yd := x.Data, y.Data
	switch {
	case len(xd) == len(o) && len(yd) == len(o):
		vec.Mul3(o, xd, yd)
	case len(xd) == len(o):
		repeat2(o, xd, yd, vec.Mul3)
	default:
		repeat2(o, yd, xd, vec.Mul3)
	}
}

// Div returns the elementwise quotient a / b.
func (a *Tensor) Div(b *Tensor) *Tensor {
	inv := b.Reciprocal()
	return a.Mul(inv)
}

// repeat2 applies f to o and big in blocks of len(small), pairing each block
// with small (which has one element or len(o) divisible by len(small)).
func repeat2(o, big, small []float32, f func(o, x, y []float32)) {
	n := len(small)
	if n == 1 {
		tmp := getBuf(len(o))
		for i := range tmp {
			tmp[i] = small[0]
		}
		f(o, big, tmp)
		putBuf(tmp)
		return
	}
	for off := 0; off < len(o); off += n {
		f(o[off:off+n], big[off:off+n], small)
	}
}

// addGrad adds g (shaped like the op's output) into t's gradient, summing
// over the broadcast dimensions when t is the smaller operand.
func addGrad(t *Tensor, g []float32) {
	if !t.live() {
		return
	}
	tg := GradOf(t)
	n := len(tg)
	if n == len(g) {
		vec.Add(g, tg)
		return
	}
	if n == 1 {
		var s float64
		for _, v := range g {
			s += float64(v)
		}
		tg[0] += float32(s)
		return
	}
	for off := 0; off < len(g); off += n {
		vec.Add(g[off:off+n], tg)
	}
}

// subGrad is addGrad of -g.
func subGrad(t *Tensor, g []float32) {
	if !t.live() {
		return
	}
	if len(t.Data) == len(g) {
		vec.Axpy(-1, g, GradOf(t))
		return
	}
	tmp := getBuf(len(g))
	for i, v := range g {
		tmp[i] = -v
	}
	addGrad(t, tmp)
	putBuf(tmp)
}

// AddScalar returns t + c.
func (t *Tensor) AddScalar(c float32) *Tensor {
	out := allocOut(t.shape)
	for i, v := range t.Data {
		out.Data[i] = v + c
	}
	if needGrad(t, nil) {
		link(out, t, nil, func() { addGrad(t, out.Grad) })
	}
	return out
}

// Scale returns c * t.
func (t *Tensor) Scale(c float32) *Tensor {
	out := allocOut(t.shape)
	copy(out.Data, t.Data)
	vec.Scale(c, out.Data)
	if needGrad(t, nil) {
		link(out, t, nil, func() { vec.Axpy(c, out.Grad, GradOf(t)) })
	}
	return out
}

// Neg returns -t.
func (t *Tensor) Neg() *Tensor { return t.Scale(-1) }
