package tensor

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Reshape returns a view with the same data and a new shape; one dimension
// may be -1 to be inferred. No data is copied.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	shape = append([]int(nil), shape...)
	infer := -1
	n := 1
	for i, d := range shape {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			panic(fmt.Sprintf("tensor: Reshape to %v: bad dimension %d", shape, d))
		default:
			n *= d
		}
	}
	if infer >= 0 {
		if n == 0 || len(t.Data)%n != 0 {
			panic(fmt.Sprintf("tensor: Reshape %v to %v: cannot infer the -1 dimension", t.shape, shape))
		}
		shape[infer] = len(t.Data) / n
		n = len(t.Data)
	}
	if n != len(t.Data) {
		panic(fmt.Sprintf("tensor: Reshape %v (%d elements) to %v (%d elements)", t.shape, len(t.Data), shape, n))
	}
	t.share()
	out := &Tensor{Data: t.Data}
	out.setShape(shape)
	if needGrad(t, nil) {
		link(out, t, nil, func() { addGrad(t, out.Grad) })
	}
	return out
}

// Flatten returns a view of shape [Dim(0), rest].
func (t *Tensor) Flatten() *Tensor {
	if len(t.shape) == 0 {
		return t.Reshape(1, 1)
	}
	return t.Reshape(t.shape[0], -1)
}

// Slice returns the view t[i:j] along the first axis, sharing data.
func (t *Tensor) Slice(i, j int) *Tensor {
	if len(t.shape) == 0 {
		panic("tensor: Slice of a rank-0 tensor")
	}
	if i < 0 || j < i || j > t.shape[0] {
		panic(fmt.Sprintf("tensor: Slice(%d, %d) out of range for first dimension %d", i, j, t.shape[0]))
	}
	row := 1
	for _, d := range t.shape[1:] {
		row *= d
	}
	t.share()
	out := &Tensor{Data: t.Data[i*row : j*row : j*row]}
	out.setShape(t.shape)
	out.shape[0] = j - i
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)[i*row : j*row]
			for k, v := range out.Grad {
				g[k] += v
			}
		})
	}
	return out
}

// Index returns the view t[i], dropping the first axis.
func (t *Tensor) Index(i int) *Tensor {
	s := t.Slice(i, i+1)
	return s.Reshape(t.shape[1:]...)
}

// Gather returns the rows t[idx[0]], t[idx[1]], ... stacked along a new
// first axis (a copy); gradients flow back to the selected rows.
func (t *Tensor) Gather(idx []int) *Tensor {
	if len(t.shape) == 0 {
		panic("tensor: Gather of a rank-0 tensor")
	}
	row := len(t.Data) / max(t.shape[0], 1)
	shape := append([]int{len(idx)}, t.shape[1:]...)
	out := allocOut(shape)
	for k, i := range idx {
		if i < 0 || i >= t.shape[0] {
			panic(fmt.Sprintf("tensor: Gather index %d out of range for first dimension %d", i, t.shape[0]))
		}
		copy(out.Data[k*row:(k+1)*row], t.Data[i*row:(i+1)*row])
	}
	if needGrad(t, nil) {
		idx = append([]int(nil), idx...)
		link(out, t, nil, func() {
			g := GradOf(t)
			for k, i := range idx {
				dst, src := g[i*row:(i+1)*row], out.Grad[k*row:(k+1)*row]
				for m := range dst {
					dst[m] += src[m]
				}
			}
		})
	}
	return out
}

// Transpose returns the transpose of a 2-D tensor (a copy).
func (t *Tensor) Transpose() *Tensor {
	if len(t.shape) != 2 {
		panic(fmt.Sprintf("tensor: Transpose needs a 2-D tensor, got shape %v", t.shape))
	}
	r, c := t.shape[0], t.shape[1]
	out := allocOut([]int{c, r})
	transpose(out.Data, t.Data, r, c)
	if needGrad(t, nil) {
		link(out, t, nil, func() {
			g := GradOf(t)
			for i := 0; i < r; i++ {
				for j := 0; j < c; j++ {
					g[i*c+j] += out.Grad[j*r+i]
				}
			}
		})
	}
	return out
}

func transpose(dst, src []float32, r, c int) {
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			dst[j*r+i] = src[i*c+j]
		}
	}
}

// Concat joins tensors along axis; all other dimensions must agree. For
// (N, C, H, W) feature maps, axis 1 concatenates channels.
func Concat(axis int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic("tensor: Concat of nothing")
	}
	first := ts[0].shape
	if axis < 0 {
		axis += len(first)
	}
	if axis < 0 || axis >= len(first) {
		panic(fmt.Sprintf("tensor: Concat axis %d out of range for shape %v", axis, first))
	}
	shape := append([]int(nil), first...)
	shape[axis] = 0
	for _, t := range ts {
		if len(t.shape) != len(first) {
			panic(fmt.Sprintf("tensor: Concat shapes %v and %v differ in rank", first, t.shape))
		}
		for d := range first {
			if d != axis && t.shape[d] != first[d] {
				panic(fmt.Sprintf("tensor: Concat along %d: shapes %v and %v differ in dimension %d", axis, first, t.shape, d))
			}
		}
		shape[axis] += t.shape[axis]
	}
	outer := numel(first[:axis])
	inner := numel(first[axis+1:])
	out := allocOut(shape)
	width := shape[axis] * inner
	off := 0
	for _, t := range ts {
		w := t.shape[axis] * inner
		for o := 0; o < outer; o++ {
			copy(out.Data[o*width+off:o*width+off+w], t.Data[o*w:(o+1)*w])
		}
		off += w
	}
	grads := false
	for _, t := range ts {
		grads = grads || t.live()
	}
	if grads && GradEnabled() {
		inputs := append([]*Tensor(nil), ts...)
		out.requiresGrad = true
		out.extra = inputs
		out.backward = func() {
			off := 0
			for _, t := range inputs {
				w := t.shape[axis] * inner
				if t.live() {
					g, overwrite := GradFor(t)
					for o := 0; o < outer; o++ {
						src := out.Grad[o*width+off : o*width+off+w]
						dst := g[o*w : (o+1)*w]
						if overwrite {
							copy(dst, src)
						} else {
							vec.Add(src, dst)
						}
					}
				}
				off += w
			}
		}
	}
	return out
}
