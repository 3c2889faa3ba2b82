package optim

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Optimizer is what SGD and Adam have in common.
type Optimizer interface {
	Step()
	ZeroGrad()
	LR() float64
	SetLR(lr float64)
}

func zeroGrads(ps []*tensor.Tensor) {
	for _, p := range ps {
		clear(p.Grad)
	}
}

func checkParams(name string, ps []*tensor.Tensor) {
	for i, p := range ps {
		if p == nil {
			panic(fmt.Sprintf("optim: %s: parameter %d is nil", name, i))
		}
		if !p.RequiresGrad() {
			panic(fmt.Sprintf("optim: %s: parameter %d (shape %v) does not require gradients; call SetRequiresGrad(true)", name, i, p.Shape()))
		}
	}
}

// SGD is stochastic gradient descent with optional momentum, Nesterov
// momentum and L2 weight decay (added to the gradient, as torch.optim.SGD).
type SGD struct {
	Params      []*tensor.Tensor
	Momentum    float32
	WeightDecay float32
	Nesterov    bool

	lr  float32
	buf [][]float32
}

// NewSGD returns an SGD optimizer for params.
func NewSGD(params []*tensor.Tensor, lr, momentum, weightDecay float64) *SGD {
	checkParams("NewSGD", params)
	return &SGD{Params: params, lr: float32(lr), Momentum: float32(momentum), WeightDecay: float32(weightDecay),
		buf: make([][]float32, len(params))}
}

// LR returns the learning rate.
func (o *SGD) LR() float64 { return float64(o.lr) }

// SetLR sets the learning rate (for schedules).
func (o *SGD) SetLR(lr float64) { o.lr = float32(lr) }

// ZeroGrad clears every parameter's gradient.
func (o *SGD) ZeroGrad() { zeroGrads(o.Params) }

// Step applies one update.
func (o *SGD) Step() {
	lr, mom, wd := o.lr, o.Momentum, o.WeightDecay
	for i, p := range o.Params {
		g := p.Grad
		if g == nil {
			continue
		}
		w := p.Data[:len(g)]
		if mom == 0 {
			// w -= lr·(g + wd·w), as two vector passes.
			if wd != 0 {
				vec.Scale(1-lr*wd, w)
			}
			vec.Axpy(-lr, g, w)
			continue
		}
		b := o.buf[i]
		if b == nil { // the first step starts the momentum at d = g + wd·w
			b = make([]float32, len(g))
			o.buf[i] = b
		} else {
			vec.Scale(mom, b)
		}
		vec.Add(g, b)
		if wd != 0 {
			vec.Axpy(wd, w, b)
		}
		if !o.Nesterov {
			vec.Axpy(-lr, b, w)
			continue
		}
		// Nesterov: w -= lr·(d + mom·b) with d = g + wd·w (w before the update).
		if wd != 0 {
			vec.Scale(1-lr*wd, w)
		}
		vec.Axpy(-lr, g, w)
		vec.Axpy(-lr*mom, b, w)
	}
}

// Adam is the Adam optimizer; with Decoupled set it is AdamW (weight decay
// applied to the weights directly rather than through the gradient).
type Adam struct {
	Params       []*tensor.Tensor
	Beta1, Beta2 float64
	Eps          float64
	WeightDecay  float64
	Decoupled    bool

	lr   float64
	t    int
	m, v [][]float32
}

// NewAdam returns Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8,
// no weight decay.
func NewAdam(params []*tensor.Tensor, lr float64) *Adam {
	checkParams("NewAdam", params)
	return &Adam{Params: params, lr: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
		m: make([][]float32, len(params)), v: make([][]float32, len(params))}
}

// NewAdamW returns AdamW with PyTorch's defaults and the given decoupled
// weight decay (PyTorch's default is 0.01).
func NewAdamW(params []*tensor.Tensor, lr, weightDecay float64) *Adam {
	o := NewAdam(params, lr)
	o.WeightDecay, o.Decoupled = weightDecay, true
	return o
}

// LR returns the learning rate.
func (o *Adam) LR() float64 { return o.lr }

// SetLR sets the learning rate (for schedules).
func (o *Adam) SetLR(lr float64) { o.lr = lr }

// ZeroGrad clears every parameter's gradient.
func (o *Adam) ZeroGrad() { zeroGrads(o.Params) }

// Steps returns how many updates have been applied.
func (o *Adam) Steps() int { return o.t }

// Step applies one update.
func (o *Adam) Step() {
	o.t++
	b1, b2 := float32(o.Beta1), float32(o.Beta2)
	bc1 := 1 - math.Pow(o.Beta1, float64(o.t))
	bc2 := 1 - math.Pow(o.Beta2, float64(o.t))
	step := float32(o.lr / bc1)
	sq2 := float32(math.Sqrt(bc2))
	eps := float32(o.Eps)
	wd := float32(o.WeightDecay)
	decay := float32(1 - o.lr*o.WeightDecay)
	for i, p := range o.Params {
		g := p.Grad
		if g == nil {
			continue
		}
		w := p.Data[:len(g)]
		if o.m[i] == nil {
			o.m[i] = make([]float32, len(g))
			o.v[i] = make([]float32, len(g))
		}
		m, v := o.m[i][:len(g)], o.v[i][:len(g)]
		if o.Decoupled && wd != 0 {
			for j := range w {
				w[j] *= decay
			}
		}
		if o.Decoupled || wd == 0 {
			// The same operations as the loop below, vectorized (same bits).
			vec.Adam(w, g, m, v, b1, b2, step, sq2, eps)
			continue
		}
		for j, gv := range g {
			if !o.Decoupled && wd != 0 {
				gv += wd * w[j]
			}
			m[j] = b1*m[j] + (1-b1)*gv
			v[j] = b2*v[j] + (1-b2)*gv*gv
			den := float32(math.Sqrt(float64(v[j])))/sq2 + eps
			w[j] -= step * m[j] / den
		}
	}
}
