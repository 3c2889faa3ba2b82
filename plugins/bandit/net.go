package bandit

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// blockNet is the two-layer ReLU network f(c) = w2·relu(W1 c + b1) + b2 + ε·c
// over the joint context c (d·K inputs), specialised to block contexts: the
// context of arm a is x in block a, so W1 c only reads the d columns of block
// a. W1 is stored block by block, one row of width h per input, so the
// forward pass is d axpys of length h and the update on one example another
// d: the work per arm is O(d·h), not O(d·K·h), and nothing is allocated per
// round. ε is the optional fixed perturbation (see Options.Perturbation).
//
// It is float32 and uses the runtime's AVX2 vector kernels (runtime/tensor/vec).
type blockNet struct {
	d, k, h int
	w1      []float32 // K blocks of d rows of h: W1ᵀ, block-major
	b1, w2  []float32 // h
	b2      float32
	eps     []float32 // d·K, nil without perturbation

	// per-arm caches of the last forward pass over all arms
	z, hid []float32 // K×h pre-activations and activations
	dh     []float32 // h
}

// newBlockNet draws the initial weights: W1 ~ N(0, 2) (He for unit-norm
// inputs: each pre-activation has variance 2‖x‖² = 2), b1 = 0,
// w2 ~ N(0, initOut²/h), b2 = 0. A small initOut makes the untrained network
// predict nearly the same for every arm, so IGW starts close to uniform.
func newBlockNet(r *rand.Rand, d, k, h int, initOut, perturb float64) *blockNet {
	n := &blockNet{d: d, k: k, h: h,
		w1: make([]float32, k*d*h), b1: make([]float32, h), w2: make([]float32, h),
		z: make([]float32, k*h), hid: make([]float32, k*h), dh: make([]float32, h)}
	for i := range n.w1 {
		n.w1[i] = float32(r.NormFloat64() * math.Sqrt2)
	}
	for i := range n.w2 {
		n.w2[i] = float32(r.NormFloat64() * initOut / math.Sqrt(float64(h)))
	}
	if perturb > 0 {
		n.eps = make([]float32, k*d)
		for i := range n.eps {
			n.eps[i] = float32(r.NormFloat64() * perturb)
		}
	}
	return n
}

// forward computes the output for every arm's context into out (length K),
// caching the hidden layer for update and gradients.
func (n *blockNet) forward(x []float32, out []float64) {
	for a := range n.k {
		out[a] = float64(n.forwardArm(x, a))
	}
}

// forwardArm computes arm a's output and caches its hidden layer.
func (n *blockNet) forwardArm(x []float32, a int) float32 {
	d, h := n.d, n.h
	z := n.z[a*h : (a+1)*h]
	hid := n.hid[a*h : (a+1)*h]
	copy(z, n.b1)
	w := n.w1[a*d*h:]
	for i, xi := range x {
		if xi != 0 {
			vec.Axpy(xi, x2row(w, i, h), z)
		}
	}
	vec.ReLU(hid, z)
	o := vec.Dot(n.w2, hid) + n.b2
	if n.eps != nil {
		o += vec.Dot(n.eps[a*d:(a+1)*d], x)
	}
	return o
}

func x2row(w []float32, i, h int) []float32 { return w[i*h : (i+1)*h : (i+1)*h] }

// step is one SGD step on arm a's example, whose output's loss gradient is g
// (dL/df), using the hidden layer cached by the last forward pass over a.
func (n *blockNet) step(x []float32, a int, g, lr, lr1 float32) {
	d, h := n.d, n.h
	hid := n.hid[a*h : (a+1)*h]
	dh := n.dh
	vec.Fill(dh, 0)
	vec.ReLUGrad(dh, hid, n.w2) // dh = w2 where the unit is active
	vec.Scale(g, dh)            // dL/dz
	vec.Axpy(-lr*g, hid, n.w2)
	n.b2 -= lr * g
	vec.Axpy(-lr1, dh, n.b1)
	w := n.w1[a*d*h:]
	for i, xi := range x {
		if xi != 0 {
			vec.Axpy(-lr1*xi, dh, x2row(w, i, h))
		}
	}
}

// gradSq returns Σ_i g_i²/zdiag_i over the parameters, where g is the
// gradient of arm a's output (cached forward pass) and zdiag the diagonal
// of the design matrix in parameter order (W1, b1, w2, b2). With add, it
// first adds g² to zdiag (the chosen arm's update). It is the diagonal
// approximation of gᵀZ⁻¹g used by NeuralUCB and NeuralTS.
func (n *blockNet) gradSq(x []float32, a int, zdiag []float32, add bool) float64 {
	d, h := n.d, n.h
	hid := n.hid[a*h : (a+1)*h]
	dh := n.dh
	vec.Fill(dh, 0)
	vec.ReLUGrad(dh, hid, n.w2) // ∂f/∂z
	s := 0.0
	off := a * d * h
	for i, xi := range x {
		if xi == 0 {
			continue
		}
		zr := zdiag[off+i*h : off+(i+1)*h]
		for j, v := range dh {
			g := xi * v
			if add {
				zr[j] += g * g
			}
			s += float64(g * g / zr[j])
		}
	}
	zb1 := zdiag[n.k*d*h : n.k*d*h+h]
	zw2 := zdiag[n.k*d*h+h : n.k*d*h+2*h]
	for j := 0; j < h; j++ {
		if add {
			zb1[j] += dh[j] * dh[j]
			zw2[j] += hid[j] * hid[j]
		}
		s += float64(dh[j]*dh[j]/zb1[j] + hid[j]*hid[j]/zw2[j])
	}
	zb2 := &zdiag[n.k*d*h+2*h]
	if add {
		*zb2 += 1
	}
	s += float64(1 / *zb2)
	return s
}

// params is the number of parameters, the length of a zdiag.
func (n *blockNet) params() int { return n.k*n.d*n.h + 2*n.h + 1 }

// toF32 converts x into the buffer b.
func toF32(b []float32, x []float64) {
	for i, v := range x {
		b[i] = float32(v)
	}
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
