package tensor

import (
	"fmt"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// MatMul returns the matrix product of 2-D tensors a (m×k) and b (k×n).
func (a *Tensor) MatMul(b *Tensor) *Tensor {
	if len(a.shape) != 2 || len(b.shape) != 2 || a.shape[1] != b.shape[0] {
		panic(fmt.Sprintf("tensor: MatMul needs (m,k)×(k,n), got %v×%v", a.shape, b.shape))
	}
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	out := alloc([]int{m, n})
	if m*n > 0 && k > 0 {
		gemm.Sgemm(false, false, m, n, k, 1, a.Data, k, b.Data, n, 0, out.Data, n)
	}
	if needGrad(a, b) {
		link(out, a, b, func() {
			if k == 0 {
				return
			}
			if a.live() { // dA += dC · Bᵀ
				gemm.Sgemm(false, true, m, k, n, 1, out.Grad, n, b.Data, n, 1, GradOf(a), k)
			}
			if b.live() { // dB += Aᵀ · dC
				gemm.Sgemm(true, false, k, n, m, 1, a.Data, k, out.Grad, n, 1, GradOf(b), n)
			}
		})
	}
	return out
}

// Linear returns x·wᵀ + bias, the affine map of a fully connected layer with
// weight w of shape (out, in) as PyTorch stores it. x has shape (..., in);
// the result has shape (..., out). bias (shape (out)) may be nil. One op on
// the tape instead of three keeps small networks cheap.
func Linear(x, w, bias *Tensor) *Tensor {
	if len(w.shape) != 2 {
		panic(fmt.Sprintf("tensor: Linear weight must be (out, in), got shape %v", w.shape))
	}
	nout, nin := w.shape[0], w.shape[1]
	if len(x.shape) == 0 || x.shape[len(x.shape)-1] != nin {
		panic(fmt.Sprintf("tensor: Linear: input shape %v does not end in %d (weight %v)", x.shape, nin, w.shape))
	}
	if bias != nil && (len(bias.Data) != nout) {
		panic(fmt.Sprintf("tensor: Linear: bias shape %v, want [%d]", bias.shape, nout))
	}
	rows := len(x.Data) / max(nin, 1)
	if nin == 0 {
		rows = numel(x.shape[:len(x.shape)-1])
	}
	shape := append(append(make([]int, 0, len(x.shape)), x.shape[:len(x.shape)-1]...), nout)
	out := alloc(shape)
	y := out.Data
	if bias != nil {
		for r := 0; r < rows; r++ {
			copy(y[r*nout:(r+1)*nout], bias.Data)
		}
	}
	if rows > 0 && nout > 0 && nin > 0 {
		beta := float32(0)
		if bias != nil {
			beta = 1
		}
		gemm.Sgemm(false, true, rows, nout, nin, 1, x.Data, nin, w.Data, nin, beta, y, nout)
	}
	bgrad := bias != nil && bias.live()
	if needGrad(x, w) || (bgrad && GradEnabled()) {
		out.requiresGrad = true
		out.inputs = [3]*Tensor{x, w, bias}
		out.backward = func() {
			dy := out.Grad
			if rows == 0 || nin == 0 || nout == 0 {
				return
			}
			if x.live() { // dX += dY · W
				gemm.Sgemm(false, false, rows, nin, nout, 1, dy, nout, w.Data, nin, 1, GradOf(x), nin)
			}
			if w.live() { // dW += dYᵀ · X
				gw := GradOf(w)
				if rows == 1 {
					// One example: dW is the outer product dy ⊗ x, a
					// rank-1 update (BLAS's ger, not a gemm); row by row
					// it is an axpy, with no packing to pay for.
					for j, d := range dy {
						if d != 0 {
							vec.Axpy(d, x.Data, gw[j*nin:(j+1)*nin])
						}
					}
				} else {
					gemm.Sgemm(true, false, nout, nin, rows, 1, dy, nout, x.Data, nin, 1, gw, nin)
				}
			}
			if bgrad {
				gb := GradOf(bias)
				for r := 0; r < rows; r++ {
					vec.Add(dy[r*nout:(r+1)*nout], gb)
				}
			}
		}
	}
	return out
}
