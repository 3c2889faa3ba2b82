package bandit

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// ridge is per-arm online ridge regression (λ = 1), the linear model on the
// joint context: a weight vector over d·K inputs reads block a only for arm
// a, so it is K independent d-dimensional regressions. Each arm keeps A⁻¹
// (A = I + Σ x xᵀ) by Sherman–Morrison updates and θ = A⁻¹b.
type ridge struct {
	d, k  int
	ainv  [][]float64 // K × d·d
	b, th [][]float64 // K × d
	u     []float64
}

func newRidge(k, d int) *ridge {
	m := &ridge{d: d, k: k, u: make([]float64, d)}
	for range k {
		a := make([]float64, d*d)
		for i := range d {
			a[i*d+i] = 1
		}
		m.ainv = append(m.ainv, a)
		m.b = append(m.b, make([]float64, d))
		m.th = append(m.th, make([]float64, d))
	}
	return m
}

func (m *ridge) predict(x []float64, a int) float64 {
	s := 0.0
	for i, v := range x {
		s += v * m.th[a][i]
	}
	return s
}

// width is sqrt(xᵀA⁻¹x) for arm a, LinUCB's confidence width.
func (m *ridge) width(x []float64, a int) float64 {
	d, ai := m.d, m.ainv[a]
	s := 0.0
	for i := range d {
		r := 0.0
		for j := range d {
			r += ai[i*d+j] * x[j]
		}
		s += x[i] * r
	}
	return math.Sqrt(max(s, 0))
}

func (m *ridge) update(x []float64, a int, r float64) {
	d, ai := m.d, m.ainv[a]
	u := m.u // A⁻¹x
	for i := range d {
		s := 0.0
		for j := range d {
			s += ai[i*d+j] * x[j]
		}
		u[i] = s
	}
	den := 1.0
	for i := range d {
		den += x[i] * u[i]
	}
	for i := range d {
		for j := range d {
			ai[i*d+j] -= u[i] * u[j] / den
		}
	}
	for i := range d {
		m.b[a][i] += r * x[i]
	}
	for i := range d {
		s := 0.0
		for j := range d {
			s += ai[i*d+j] * m.b[a][j]
		}
		m.th[a][i] = s
	}
}

// linear is the family of linear baselines.
type linear struct {
	kind      string // "eps", "ucb", "squarecb"
	p1, p2    float64
	m         *ridge
	r         *rand.Rand
	scores, l []float64
}

// EpsGreedy is linear epsilon-greedy: per-arm ridge regression, the best arm
// with probability 1 − eps, a uniform arm otherwise.
func EpsGreedy(eps float64) Policy { return &linear{kind: "eps", p1: eps} }

// LinUCB (Li et al. 2010, disjoint model: exactly the linear model on the
// block context) plays argmax θ_aᵀx + alpha·sqrt(xᵀA_a⁻¹x).
func LinUCB(alpha float64) Policy { return &linear{kind: "ucb", p1: alpha} }

// LinSquareCB is SquareCB with a linear model, as Vowpal Wabbit's --squarecb
// (defaults --gamma_scale 10, --gamma_exponent 0.5): IGW with gamma_t =
// gammaScale·t^gammaExponent over the per-arm ridge regression's predicted
// losses. VW fits its regressor by online (normalised, adaptive) gradient
// descent; exact ridge here is the same model fitted better.
func LinSquareCB(gammaScale, gammaExponent float64) Policy {
	return &linear{kind: "squarecb", p1: gammaScale, p2: gammaExponent}
}

func (p *linear) Name() string {
	switch p.kind {
	case "eps":
		return "ε-greedy (linear)"
	case "ucb":
		return "LinUCB"
	}
	return "SquareCB (linear, exact ridge)"
}

func (p *linear) Clone() Policy { return &linear{kind: p.kind, p1: p.p1, p2: p.p2} }

func (p *linear) Start(arms, dim int, seed uint64) error {
	if err := checkStart(p.Name(), arms, dim); err != nil {
		return err
	}
	if !(p.p1 >= 0) || math.IsInf(p.p1, 0) || (p.kind == "eps" && p.p1 > 1) || math.IsNaN(p.p2) {
		return fmt.Errorf("bandit: %s: parameter %v out of range (epsilon in [0, 1], alpha and gamma scale >= 0)", p.Name(), p.p1)
	}
	p.m = newRidge(arms, dim)
	p.r = newRand(seed)
	p.scores, p.l = make([]float64, arms), make([]float64, arms)
	return nil
}

func (p *linear) Choose(t int, x, probs []float64) (int, error) {
	if p.m == nil {
		return 0, fmt.Errorf("bandit: %s: Choose before Start", p.Name())
	}
	k := len(probs)
	for a := range k {
		p.scores[a] = p.m.predict(x, a)
	}
	switch p.kind {
	case "eps":
		b := argmax(p.scores)
		for a := range probs {
			probs[a] = p.p1 / float64(k)
		}
		probs[b] += 1 - p.p1
		return Sample(p.r, probs), nil
	case "ucb":
		for a := range k {
			p.scores[a] += p.p1 * p.m.width(x, a)
		}
		b := argmax(p.scores)
		oneHot(probs, b)
		return b, nil
	}
	for a := range k {
		p.l[a] = 1 - p.scores[a]
	}
	IGW(p.l, p.p1*math.Pow(float64(t+1), p.p2), probs)
	return Sample(p.r, probs), nil
}

func (p *linear) Update(t int, x []float64, arm int, reward float64) error {
	if math.IsNaN(reward) || math.IsInf(reward, 0) {
		return fmt.Errorf("bandit: reward %v for arm %d is not finite", reward, arm)
	}
	p.m.update(x, arm, reward)
	return nil
}
