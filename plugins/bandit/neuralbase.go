package bandit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Neural baselines: one unperturbed network (Ensemble 1, Perturbation none),
// squared loss, trained like NeuSquareCB's networks (Steps SGD steps on the
// chosen arm's example per round), explored differently.
type neuralBase struct {
	kind  string // "eps", "ucb", "ts"
	param float64
	// retrain: no online step; the network is retrained on the whole
	// history on the schedule of retrainDue, as NeuralUCB and NeuralTS are
	// published.
	retrain bool
	o       NeuralOptions
	e       *ensemble
	r       *rand.Rand
	z       designMatrix // nil for eps
	scores  []float64
}

// NeuralEpsGreedy plays the network's best arm, or with probability eps a
// uniformly random arm.
func NeuralEpsGreedy(eps float64, o NeuralOptions) Policy {
	return &neuralBase{kind: "eps", param: eps, o: o.withDefaults(1, -1, 0)}
}

// NeuralUCB (Zhou, Li and Gu 2020) with the diagonal approximation of its
// design matrix Z = λI + Σ g gᵀ (g the gradient of the network's output for
// the chosen arm's context, λ = 1): it plays argmax f(c_a) + nu·sqrt(Σ_i
// g_i²/Z_ii). The network is trained online (one SGD step per round by
// default) instead of being retrained on all the data each round.
func NeuralUCB(nu float64, o NeuralOptions) Policy {
	return &neuralBase{kind: "ucb", param: nu, o: o.withDefaults(1, -1, 0)}
}

// NeuralTS (Zhang et al. 2021) with the same diagonal approximation: it
// samples r̃_a ~ N(f(c_a), nu²·Σ_i g_i²/Z_ii) and plays argmax r̃.
func NeuralTS(nu float64, o NeuralOptions) Policy {
	return &neuralBase{kind: "ts", param: nu, o: o.withDefaults(1, -1, 0)}
}

// NeuralUCBRetrained is NeuralUCB as published (Zhou et al. 2020; the
// NeuralTS authors' code, learner_diag.py, for both): instead of one online
// SGD step per round, the network is retrained on all the history. Each
// retraining is RetrainSteps SGD steps on examples drawn uniformly from every
// round so far (the authors' full-model learner also caps a retraining at
// 1,000 single-example steps); the authors retrain after every round, which
// costs O(T²), so here it happens after every round for the first 100
// rounds, every 10th round up to round 1,000 and every 100th after (280
// retrainings in 10,000 rounds). Z is the diagonal approximation, as in the
// authors' experiments. o.Steps is unused.
func NeuralUCBRetrained(nu float64, o NeuralOptions) Policy {
	return &neuralBase{kind: "ucb", param: nu, retrain: true, o: o.withDefaults(1, -1, 0)}
}

// NeuralTSRetrained is NeuralTS (Zhang et al. 2021) retrained on the history
// on the schedule of NeuralUCBRetrained.
func NeuralTSRetrained(nu float64, o NeuralOptions) Policy {
	return &neuralBase{kind: "ts", param: nu, retrain: true, o: o.withDefaults(1, -1, 0)}
}

// RetrainSteps is the number of SGD steps of one retraining of
// NeuralUCBRetrained and NeuralTSRetrained.
const RetrainSteps = 1000

// retrainDue reports whether the network is retrained after the round that
// brought the history to n examples.
func retrainDue(n int) bool {
	switch {
	case n <= 100:
		return true
	case n <= 1000:
		return n%10 == 0
	}
	return n%100 == 0
}

func (p *neuralBase) Name() string {
	var tags []string
	if p.retrain {
		tags = append(tags, "retrained")
	}
	switch p.o.Z {
	case zFull:
		tags = append(tags, "full Z")
	case zLowRank:
		tags = append(tags, fmt.Sprintf("low-rank Z, r = %d", p.o.ZRank))
	}
	suffix := ""
	if len(tags) > 0 {
		suffix = " (" + strings.Join(tags, ", ") + ")"
	}
	switch p.kind {
	case "eps":
		return "ε-greedy (neural)"
	case "ucb":
		return "NeuralUCB" + suffix
	}
	return "NeuralTS" + suffix
}

func (p *neuralBase) Clone() Policy {
	return &neuralBase{kind: p.kind, param: p.param, retrain: p.retrain, o: p.o}
}

func (p *neuralBase) Start(arms, dim int, seed uint64) error {
	if err := checkStart(p.Name(), arms, dim); err != nil {
		return err
	}
	if err := p.o.check(p.Name()); err != nil {
		return err
	}
	if p.kind == "eps" && (p.o.Z != zDiag || p.o.ZRank != 0) {
		return fmt.Errorf("bandit: %s has no design matrix: leave Z and ZRank unset (they are for NeuralUCB and NeuralTS)", p.Name())
	}
	if err := checkZ(p.Name(), p.o.Z, p.o.ZRank); err != nil {
		return err
	}
	if !(p.param >= 0) || math.IsInf(p.param, 0) || (p.kind == "eps" && p.param > 1) {
		return fmt.Errorf("bandit: %s: parameter %v out of range (epsilon in [0, 1], nu >= 0)", p.Name(), p.param)
	}
	p.r = newRand(seed)
	p.e = newEnsemble(p.o, false, p.r, arms, dim)
	p.scores = make([]float64, arms)
	p.z = nil
	if p.kind != "eps" {
		p.z = newDesignMatrix(p.o.Z, p.o.ZRank, p.e.nets[0])
	}
	return nil
}

func (p *neuralBase) Choose(t int, x, probs []float64) (int, error) {
	if p.e == nil {
		return 0, fmt.Errorf("bandit: %s: Choose before Start", p.Name())
	}
	if err := p.e.predict(x); err != nil {
		return 0, err
	}
	k := len(probs)
	if p.kind == "eps" {
		b := argmax(p.e.yhat)
		for a := range probs {
			probs[a] = p.param / float64(k)
		}
		probs[b] += 1 - p.param
		return Sample(p.r, probs), nil
	}
	n := p.e.nets[0]
	for a := range k {
		s := math.Sqrt(p.z.quad(n, p.e.x32, a))
		if p.kind == "ucb" {
			p.scores[a] = p.e.yhat[a] + p.param*s
		} else {
			p.scores[a] = p.e.yhat[a] + p.param*s*p.r.NormFloat64()
		}
	}
	b := argmax(p.scores)
	oneHot(probs, b)
	return b, nil
}

func (p *neuralBase) Update(t int, x []float64, arm int, reward float64) error {
	if p.z != nil {
		// Z grows with the gradient at the parameters that chose the arm.
		toF32(p.e.x32, x)
		n := p.e.nets[0]
		n.forwardArm(p.e.x32, arm)
		p.z.add(n, p.e.x32, arm)
	}
	if p.retrain {
		if math.IsNaN(reward) || math.IsInf(reward, 0) {
			return fmt.Errorf("bandit: reward %v for arm %d is not finite", reward, arm)
		}
		toF32(p.e.x32, x)
		p.e.remember(arm, reward)
		if retrainDue(len(p.e.pa)) {
			p.e.sgdPast(RetrainSteps)
		}
		return nil
	}
	return p.e.learn(x, arm, reward)
}
