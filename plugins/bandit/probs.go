package bandit

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// ErrProbs is wrapped by the errors about action distributions: a policy
// whose probabilities are negative, not finite or do not sum to one.
var ErrProbs = errors.New("bandit: invalid action probabilities")

// probTol is how far from one a distribution's sum may be: the rules below
// and the samplers work in float64, so their sums are off by a few ulps.
const probTol = 1e-6

// IGW fills p with SquareCB's inverse gap weighting (Abe and Long 1999,
// Foster and Rakhlin 2020) over predicted losses: b = argmin losses (the
// lowest index among ties), p[a] = 1/(K + gamma·(losses[a] − losses[b])) for
// a ≠ b, and the rest to b. It returns b. gamma = 0 gives the uniform
// distribution; the larger gamma, the greedier.
//
// Policies that predict rewards pass 1 − reward as the loss.
func IGW(losses []float64, gamma float64, p []float64) int {
	checkRule("IGW", losses, gamma, p)
	k := float64(len(losses))
	b := argmin(losses)
	rest := 0.0
	for a, l := range losses {
		if a == b {
			continue
		}
		p[a] = 1 / (k + gamma*(l-losses[b]))
		rest += p[a]
	}
	p[b] = 1 - rest
	return b
}

// FastCB fills p with the reweighted inverse gap weighting of FastCB (Foster
// and Krishnamurthy 2021, "Efficient First-Order Contextual Bandits:
// Prediction, Allocation, and Triangular Discrimination", NeurIPS, Algorithm
// 1) over predicted losses in [0, 1]: b = argmin losses,
//
//	p[a] = losses[b] / (K·losses[b] + gamma·(losses[a] − losses[b]))   for a ≠ b,
//
// and the rest to b. It returns b. Losses are clipped to [0, 1]. Exploration
// shrinks with the best arm's predicted loss: an arm predicted to be
// (nearly) lossless is (nearly) always played. Where losses[b] = 0 the rule
// is 0/0 for arms tied with b; it is taken as its limit along ties, 1/K, and
// 0 for every arm with a larger loss.
func FastCB(losses []float64, gamma float64, p []float64) int {
	checkRule("FastCB", losses, gamma, p)
	k := float64(len(losses))
	b := argmin(losses)
	lb := clip01(losses[b])
	rest := 0.0
	for a, l := range losses {
		if a == b {
			continue
		}
		gap := clip01(l) - lb
		den := k*lb + gamma*gap
		switch {
		case den > 0:
			p[a] = lb / den
		case gap == 0:
			p[a] = 1 / k
		default:
			p[a] = 0
		}
		rest += p[a]
	}
	p[b] = 1 - rest
	return b
}

func checkRule(rule string, losses []float64, gamma float64, p []float64) {
	if len(losses) == 0 || len(p) != len(losses) {
		panic(fmt.Sprintf("bandit: %s needs one loss per arm and p of the same length, got %d losses and len(p) = %d", rule, len(losses), len(p)))
	}
	if !(gamma >= 0) || math.IsInf(gamma, 0) {
		panic(fmt.Sprintf("bandit: %s needs a finite gamma >= 0, got %v", rule, gamma))
	}
	for a, l := range losses {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			panic(fmt.Sprintf("bandit: %s: predicted loss of arm %d is %v (a diverged model? lower the learning rate)", rule, a, l))
		}
	}
}

func argmin(xs []float64) int {
	b := 0
	for i, x := range xs {
		if x < xs[b] {
			b = i
		}
	}
	return b
}

func argmax(xs []float64) int {
	b := 0
	for i, x := range xs {
		if x > xs[b] {
			b = i
		}
	}
	return b
}

func clip01(x float64) float64 { return min(1, max(0, x)) }

// CheckProbs returns an error wrapping ErrProbs unless p is a probability
// distribution: finite, non-negative entries summing to one (within 1e-6).
func CheckProbs(p []float64) error {
	if len(p) == 0 {
		return fmt.Errorf("%w: empty distribution", ErrProbs)
	}
	s := 0.0
	for a, v := range p {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("%w: p[%d] = %v (each probability must be finite and >= 0)", ErrProbs, a, v)
		}
		s += v
	}
	if math.Abs(s-1) > probTol {
		return fmt.Errorf("%w: they sum to %.9g, not 1", ErrProbs, s)
	}
	return nil
}

// Sample draws an arm from the distribution p with r. It takes the last arm
// with positive probability when rounding leaves the uniform draw past the
// cumulative sum.
func Sample(r *rand.Rand, p []float64) int {
	u := r.Float64()
	c := 0.0
	last := 0
	for a, v := range p {
		if v <= 0 {
			continue
		}
		c += v
		last = a
		if u < c {
			return a
		}
	}
	return last
}

// oneHot puts all the mass on arm a.
func oneHot(p []float64, a int) {
	for i := range p {
		p[i] = 0
	}
	p[a] = 1
}
