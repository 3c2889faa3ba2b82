package drm

import (
	"fmt"
	"math"
)

// Probs is a batch of class probabilities per head: Probs[k][n*classes+c]
// is head k's probability of class c for sample n.
type Probs struct {
	Heads   [][]float64
	N       int
	Classes int
}

// NewProbs turns each head's logits (N×classes, row-major) into softmax
// probabilities.
func NewProbs(logits [][]float32, n, classes int) (*Probs, error) {
	if len(logits) == 0 {
		return nil, fmt.Errorf("%w: no heads", ErrData)
	}
	p := &Probs{N: n, Classes: classes, Heads: make([][]float64, len(logits))}
	for k, l := range logits {
		if len(l) != n*classes {
			return nil, fmt.Errorf("%w: head %d has %d logits, want %d samples × %d classes", ErrData, k, len(l), n, classes)
		}
		p.Heads[k] = softmaxRows(l, n, classes)
	}
	return p, nil
}

func softmaxRows(l []float32, n, classes int) []float64 {
	out := make([]float64, len(l))
	for i := range n {
		row, o := l[i*classes:(i+1)*classes], out[i*classes:(i+1)*classes]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, float64(v))
		}
		s := 0.0
		for c, v := range row {
			o[c] = math.Exp(float64(v) - m)
			s += o[c]
		}
		for c := range o {
			o[c] /= s
		}
	}
	return out
}

// Entropy is head k's entropy −Σ p log p for each sample.
func (p *Probs) Entropy(k int) []float64 {
	out := make([]float64, p.N)
	for i := range p.N {
		h := 0.0
		for _, v := range p.Heads[k][i*p.Classes : (i+1)*p.Classes] {
			if v > 0 {
				h -= v * math.Log(v)
			}
		}
		out[i] = h
	}
	return out
}

// MinEntropyHead is the head whose mean entropy over the batch is lowest:
// the paper's rule for picking the domain-specific head that fits a test
// batch best. Ties go to the lower index.
func (p *Probs) MinEntropyHead() int {
	best, bestH := 0, math.Inf(1)
	for k := range p.Heads {
		h := 0.0
		for _, v := range p.Entropy(k) {
			h += v
		}
		if h /= float64(p.N); h < bestH {
			best, bestH = k, h
		}
	}
	return best
}

// minEntropy is the floor put under an entropy before it is raised to
// −gamma, so a head that is certain (entropy 0) gets a large finite weight
// rather than an infinite one.
const minEntropy = 1e-8

// Weights are the per-sample ensemble weights w_k(n) ∝ H_k(n)^(−gamma),
// normalised over the heads: Weights()[k][n]. gamma = 0 averages the heads.
func (p *Probs) Weights(gamma float64) [][]float64 {
	w := make([][]float64, len(p.Heads))
	for k := range p.Heads {
		w[k] = p.Entropy(k)
		for i, h := range w[k] {
			w[k][i] = math.Pow(math.Max(h, minEntropy), -gamma)
		}
	}
	for i := range p.N {
		s := 0.0
		for k := range w {
			s += w[k][i]
		}
		for k := range w {
			w[k][i] /= s
		}
	}
	return w
}

// Ensemble is the entropy-weighted mixture of the heads' probabilities
// (N×classes): Σ_k w_k(n) p_k(n).
func (p *Probs) Ensemble(gamma float64) []float64 {
	w := p.Weights(gamma)
	out := make([]float64, p.N*p.Classes)
	for k, h := range p.Heads {
		for i := range p.N {
			for c := range p.Classes {
				out[i*p.Classes+c] += w[k][i] * h[i*p.Classes+c]
			}
		}
	}
	return out
}

// Head is head k's probabilities (N×classes).
func (p *Probs) Head(k int) []float64 { return p.Heads[k] }

// Argmax is the most probable class of each row of an N×classes matrix,
// and its probability: the confidence the steering threshold compares with
// beta. The probabilities are used as they are: the authors' code passed
// them through a second softmax, which squeezes every confidence towards
// 1/classes (see the package documentation).
func Argmax(probs []float64, classes int) (labels []int, conf []float64) {
	n := len(probs) / classes
	labels, conf = make([]int, n), make([]float64, n)
	for i := range n {
		row := probs[i*classes : (i+1)*classes]
		for c, v := range row {
			if v > row[labels[i]] {
				labels[i] = c
			}
		}
		conf[i] = row[labels[i]]
	}
	return labels, conf
}
