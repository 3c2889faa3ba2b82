package bandit

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// paramPerturb is the second guess at the paper's perturbation
// (NeuralOptions.ParamPerturbation): each training step draws a fresh random
// vector ε over all the network's p parameters, with entries ±σ/√p (so
// ‖ε‖ = σ whatever the width: the step along ε then moves f̃ by lr·g·σ², and
// entries of a fixed size diverge on wide networks), and trains
// the perturbed prediction f̃(θ; c) = f(θ; c) + ⟨ε, θ − θ₀⟩, θ₀ the initial
// parameters. Why this form: the paper's perturbation makes the loss have
// quadratic growth and a unique minimum in θ, which a term that does not
// depend on θ (like ε·c) cannot do; averaged over ε, the squared loss of f̃
// is the loss of f plus (σ²/p)‖θ − θ₀‖², a pull towards the initialisation that
// makes the minimum unique. Arms are chosen on f, the mean of f̃ over ε.
type paramPerturb struct {
	sigma float32
	r     *rand.Rand
	// θ₀ and the ε of the current step, in the network's parameter layout
	w10, b10, w20 []float32
	b20           float32
	ew1, eb1, ew2 []float32
	eb2           float32
}

func newParamPerturb(n *blockNet, sigma float64, r *rand.Rand) *paramPerturb {
	return &paramPerturb{sigma: float32(sigma / math.Sqrt(float64(n.params()))), r: r,
		w10: append([]float32(nil), n.w1...), b10: append([]float32(nil), n.b1...),
		w20: append([]float32(nil), n.w2...), b20: n.b2,
		ew1: make([]float32, len(n.w1)), eb1: make([]float32, len(n.b1)), ew2: make([]float32, len(n.w2))}
}

// signs fills x with ±s, 64 signs from each random word. The sign bit is
// set from the word without a branch (a branch on random bits mispredicts
// half the time, and this runs over every parameter at every step).
func signs(r *rand.Rand, x []float32, s float32) {
	sb := math.Float32bits(s)
	for i := 0; i < len(x); i += 64 {
		bits := r.Uint64()
		for j := i; j < min(i+64, len(x)); j++ {
			x[j] = math.Float32frombits(sb | uint32(bits&1)<<31)
			bits >>= 1
		}
	}
}

// draw draws ε and returns ⟨ε, θ − θ₀⟩ for network n.
func (p *paramPerturb) draw(n *blockNet) float32 {
	signs(p.r, p.ew1, p.sigma)
	signs(p.r, p.eb1, p.sigma)
	signs(p.r, p.ew2, p.sigma)
	p.eb2 = p.sigma
	if p.r.Uint64()&1 == 1 {
		p.eb2 = -p.sigma
	}
	s := vec.Dot(p.ew1, n.w1) - vec.Dot(p.ew1, p.w10)
	s += vec.Dot(p.eb1, n.b1) - vec.Dot(p.eb1, p.b10)
	s += vec.Dot(p.ew2, n.w2) - vec.Dot(p.ew2, p.w20)
	return s + p.eb2*(n.b2-p.b20)
}

// step adds the perturbation's part of the SGD step, whose loss gradient
// with respect to f̃ is g: θ −= lr·g·ε (the hidden layer with lr1).
func (p *paramPerturb) step(n *blockNet, g, lr, lr1 float32) {
	vec.Axpy(-lr1*g, p.ew1, n.w1)
	vec.Axpy(-lr1*g, p.eb1, n.b1)
	vec.Axpy(-lr*g, p.ew2, n.w2)
	n.b2 -= lr * g * p.eb2
}
