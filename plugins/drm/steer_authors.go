package drm

import (
	"fmt"
	"math"
)

// AuthorsSteerName is the name of the method that steers with the
// authors' rule at threshold beta (DRM.AuthorsSteering).
func AuthorsSteerName(beta float64) string {
	return fmt.Sprintf("DRM + steering (authors' code, β=%g)", beta)
}

// AuthorsPseudo is the pseudo-labelling of the authors' steering code
// ("drm" labels of their DRMFull): with all D+1 heads of p (the D domain
// heads, then the shared one),
//
//   - per-sample weights w_k ∝ H_k^(−gamma), normalised over all D+1 heads;
//   - the combination Σ_{k<D} w_k p_k over the domain heads only (the shared
//     head's weight is left out, so the rows do not sum to one);
//   - its labels (argmax), and as confidence the largest entry of the
//     softmax of the combination: a second softmax over probabilities,
//     which is at most e/(e + C − 1) (0.232 for 10 classes, 0.731 for 2)
//     and at least 1/C;
//   - the samples whose confidence is at least beta are kept.
//
// So a threshold keeps all samples or (almost) none: with 10 classes 0.1
// keeps all, 0.25, 0.75 and 1.1 (the other thresholds of the authors'
// grid) none. Entropies are floored at 1e-8, as in Probs.Weights (the
// authors' code divides by them as they are).
func AuthorsPseudo(p *Probs, gamma, beta float64) (pred []int, conf []float64, keep []int) {
	d := len(p.Heads) - 1
	w := p.Weights(gamma)
	com := make([]float64, p.N*p.Classes)
	for k := range d {
		for i := range p.N {
			for c := range p.Classes {
				com[i*p.Classes+c] += w[k][i] * p.Heads[k][i*p.Classes+c]
			}
		}
	}
	pred, conf = make([]int, p.N), make([]float64, p.N)
	for i := range p.N {
		row := com[i*p.Classes : (i+1)*p.Classes]
		s := 0.0
		for c, v := range row {
			s += math.Exp(v)
			if v > row[pred[i]] {
				pred[i] = c
			}
		}
		conf[i] = math.Exp(row[pred[i]]) / s
		if conf[i] >= beta {
			keep = append(keep, i)
		}
	}
	return pred, conf, keep
}

// stepAuthors steers one test batch as the authors' code does, SteerSteps
// times: each time the pseudo labels of AuthorsPseudo over all D+1 heads
// (DomainHeadsOnly does not apply), then, if any sample is kept, one Adam
// step on the sum over the D+1 heads of each head's cross-entropy to them.
// The prediction returned is the last one made (before the last step; with
// one step, before any).
func (s *steerer) stepAuthors(beta float64) func(x []float32, rows int) []int {
	return func(x []float32, rows int) []int {
		c := s.m.t.Config
		var pred []int
		z := s.m.n.features(x, rows)
		for step := range c.SteerSteps {
			if step > 0 && c.SteerAll {
				z = s.m.n.features(x, rows)
			}
			hs := s.m.n.heads
			ls := make([][]float32, len(hs))
			for k, h := range hs {
				ls[k] = h.Forward(z.Detach()).Data
			}
			p, err := NewProbs(ls, rows, s.m.n.classes)
			if err != nil {
				panic(err) // shapes come from our own heads
			}
			var keep []int
			pred, _, keep = AuthorsPseudo(p, c.Gamma, beta)
			if step == 0 {
				s.Seen += rows
			}
			s.Kept += len(keep)
			if len(keep) == 0 {
				continue
			}
			pseudo := make([]int, len(keep))
			for i, j := range keep {
				pseudo[i] = pred[j]
			}
			s.opt.ZeroGrad()
			headsLoss(hs, z, keep, pseudo, c.SteerAll).Backward() // summed, as their code does
			s.opt.Step()
		}
		return pred
	}
}
