package bandit

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// NeuralOptions configures the networks of NeuSquareCB and NeuFastCB (and,
// with Ensemble 1 and no perturbation, of the neural baselines). Zero fields
// take the defaults in brackets; the package doc explains each choice.
type NeuralOptions struct {
	Hidden int // width of the hidden layer [100]
	// Ensemble is the number of independently initialised and perturbed
	// networks whose predictions are averaged [5; 1 for the baselines].
	Ensemble int
	// Perturbation is the standard deviation of the entries of each network's
	// fixed random vector ε (d·K entries): the network predicts f(c) + ε·c for
	// joint context c [0.1; 0 for the baselines]. Negative means none.
	Perturbation float64
	LR           float64 // SGD step size of the output layer [0.01]
	// HiddenLR is the SGD step size of the hidden layer. The hidden
	// layer's gradient is scaled by the small output weights, so with one
	// step size it would barely move and the arms (which differ only in their
	// block of W1) would be learnt through random features.
	HiddenLR float64 // [100·LR]
	Steps    int     // SGD steps per round on the chosen arm's example [1]
	// Replay is the number of earlier examples, drawn uniformly from all
	// past rounds, that each network also takes one SGD step on per round
	// [0: strictly online, as in the paper].
	Replay int
	// GammaScale and GammaExponent set the IGW schedule
	// gamma_t = GammaScale·(K·t)^GammaExponent for round t = 1, 2, ... [c, 0.5]
	// with c = 10.
	GammaScale, GammaExponent float64
	// InitOut scales the output layer's initial weights [0.1]: small, so the
	// untrained network's predictions differ little between arms.
	InitOut float64
	// ParamPerturbation > 0 turns on the second guess at the paper's
	// perturbation (see paramPerturb): every SGD step trains
	// f(θ; c) + ⟨ε, θ − θ₀⟩ with a fresh ε of norm ParamPerturbation over
	// all parameters (entries ±ParamPerturbation/√p) [0: off]. It can be
	// combined with Perturbation.
	ParamPerturbation float64
	// Z is the form of NeuralUCB's and NeuralTS's design matrix
	// Z = I + Σ g gᵀ: "diag" (its diagonal, as in the authors'
	// experiments), "full" (exact; K·(d·h)² numbers) or "lowrank" (over the
	// most recent ZRank gradients) ["diag"]. Other policies accept "diag" only.
	Z string
	// ZRank is the number of recent gradients a "lowrank" Z keeps [100].
	ZRank int
}

func (o NeuralOptions) withDefaults(ensemble int, perturb, gamma float64) NeuralOptions {
	if o.Hidden == 0 {
		o.Hidden = 100
	}
	if o.Ensemble == 0 {
		o.Ensemble = ensemble
	}
	if o.Perturbation == 0 {
		o.Perturbation = perturb
	}
	if o.LR == 0 {
		o.LR = 0.01
	}
	if o.HiddenLR == 0 {
		o.HiddenLR = 100 * o.LR
	}
	if o.Steps == 0 {
		o.Steps = 1
	}
	if o.GammaScale == 0 {
		o.GammaScale = gamma
	}
	if o.GammaExponent == 0 {
		o.GammaExponent = 0.5
	}
	if o.InitOut == 0 {
		o.InitOut = 1
	}
	if o.Z == "" {
		o.Z = zDiag
	}
	if o.Z == zLowRank && o.ZRank == 0 {
		o.ZRank = defaultZRank
	}
	return o
}

func (o NeuralOptions) check(name string) error {
	switch {
	case o.Hidden < 1 || o.Ensemble < 1 || o.Steps < 1 || o.Replay < 0:
		return fmt.Errorf("bandit: %s needs Hidden, Ensemble and Steps >= 1 and Replay >= 0, got %d, %d, %d, %d", name, o.Hidden, o.Ensemble, o.Steps, o.Replay)
	case !(o.LR > 0) || math.IsInf(o.LR, 0) || !(o.HiddenLR > 0) || math.IsInf(o.HiddenLR, 0):
		return fmt.Errorf("bandit: %s needs learning rates LR and HiddenLR > 0, got %v and %v", name, o.LR, o.HiddenLR)
	case !(o.ParamPerturbation >= 0) || math.IsInf(o.ParamPerturbation, 0):
		return fmt.Errorf("bandit: %s needs ParamPerturbation >= 0, got %v", name, o.ParamPerturbation)
	case !(o.GammaScale >= 0) || math.IsInf(o.GammaScale, 0) || math.IsNaN(o.GammaExponent):
		return fmt.Errorf("bandit: %s needs GammaScale >= 0 and a finite GammaExponent, got %v and %v", name, o.GammaScale, o.GammaExponent)
	}
	return nil
}

// ensemble is M block networks and the buffers of one round.
type ensemble struct {
	o    NeuralOptions
	sig  bool // sigmoid outputs, binary cross-entropy loss
	nets []*blockNet
	pp   []*paramPerturb // one per network with ParamPerturbation, else nil
	x32  []float32
	yhat []float64 // mean prediction per arm (a probability when sig)
	one  []float64 // one network's outputs
	r    *rand.Rand

	// past examples for Replay: features (d each), arms, rewards
	px   []float32
	pa   []int32
	pr   []float32
	xrep []float32
}

func newEnsemble(o NeuralOptions, sig bool, r *rand.Rand, arms, dim int) *ensemble {
	e := &ensemble{o: o, sig: sig, r: r, x32: make([]float32, dim), yhat: make([]float64, arms), one: make([]float64, arms), xrep: make([]float32, dim)}
	pert := max(o.Perturbation, 0)
	for range o.Ensemble {
		n := newBlockNet(r, dim, arms, o.Hidden, o.InitOut, pert)
		e.nets = append(e.nets, n)
		if o.ParamPerturbation > 0 {
			e.pp = append(e.pp, newParamPerturb(n, o.ParamPerturbation, r))
		}
	}
	return e
}

// predict sets yhat to the ensemble's mean prediction for every arm. A
// non-finite prediction means the SGD steps diverged.
func (e *ensemble) predict(x []float64) error {
	toF32(e.x32, x)
	for a := range e.yhat {
		e.yhat[a] = 0
	}
	for _, n := range e.nets {
		n.forward(e.x32, e.one)
		for a, v := range e.one {
			if e.sig {
				v = sigmoid(v)
			}
			e.yhat[a] += v
		}
	}
	m := float64(len(e.nets))
	for a := range e.yhat {
		e.yhat[a] /= m
		if math.IsNaN(e.yhat[a]) || math.IsInf(e.yhat[a], 0) {
			return fmt.Errorf("bandit: the network's prediction for arm %d is %v: training diverged; lower LR and HiddenLR (now %v and %v)", a, e.yhat[a], e.o.LR, e.o.HiddenLR)
		}
	}
	return nil
}

// learn takes Steps SGD steps on arm's example in every network. The loss is
// ½(f − r)² or, with sigmoid outputs, the binary cross-entropy
// −r log σ(f) − (1−r) log(1−σ(f)) (the KL loss for r ∈ {0, 1}); both have
// gradient (prediction − r) with respect to the output f.
func (e *ensemble) learn(x []float64, arm int, r float64) error {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return fmt.Errorf("bandit: reward %v for arm %d is not finite", r, arm)
	}
	toF32(e.x32, x)
	for i := range e.nets {
		for range e.o.Steps {
			e.sgd(i, e.x32, arm, r)
		}
	}
	if e.o.Replay == 0 {
		return nil
	}
	e.remember(arm, r)
	e.sgdPast(e.o.Replay)
	return nil
}

// remember appends the example in x32 (arm's context, reward r) to the
// history that sgdPast draws from.
func (e *ensemble) remember(arm int, r float64) {
	e.px = append(e.px, e.x32...)
	e.pa = append(e.pa, int32(arm))
	e.pr = append(e.pr, float32(r))
}

// sgdPast takes n SGD steps in every network, each on an example drawn
// uniformly from the history.
func (e *ensemble) sgdPast(n int) {
	d := len(e.x32)
	for range n {
		i := e.r.IntN(len(e.pa))
		x, a, y := e.px[i*d:(i+1)*d], int(e.pa[i]), float64(e.pr[i])
		for k := range e.nets {
			e.sgd(k, x, a, y)
		}
	}
}

// sgd is one SGD step of network k on arm a's example (x, reward r), with
// the parameter perturbation when it is on.
func (e *ensemble) sgd(k int, x []float32, a int, r float64) {
	n := e.nets[k]
	lr, lr1 := float32(e.o.LR), float32(e.o.HiddenLR)
	f := float64(n.forwardArm(x, a))
	if e.pp != nil {
		f += float64(e.pp[k].draw(n))
	}
	if e.sig {
		f = sigmoid(f)
	}
	g := float32(f - r)
	n.step(x, a, g, lr, lr1)
	if e.pp != nil {
		e.pp[k].step(n, g, lr, lr1)
	}
}

// gamma is the IGW schedule at round t (0-based): c·(K·(t+1))^e.
func (o NeuralOptions) gamma(arms, t int) float64 {
	return o.GammaScale * math.Pow(float64(arms)*float64(t+1), o.GammaExponent)
}

// neuIGW is NeuSquareCB (squared loss, IGW) or NeuFastCB (sigmoid outputs,
// cross-entropy, FastCB's reweighted IGW).
type neuIGW struct {
	fast   bool
	o      NeuralOptions
	e      *ensemble
	r      *rand.Rand
	losses []float64
}

// NeuSquareCB is the squared-loss algorithm of Deb et al. (2024): an
// ensemble of perturbed networks regresses the reward of the chosen arm
// online, and arms are drawn by SquareCB's inverse gap weighting (IGW) with
// gamma_t = GammaScale·(K·t)^GammaExponent.
func NeuSquareCB(o NeuralOptions) Policy {
	return &neuIGW{o: o.withDefaults(5, 0.1, 10)}
}

// NeuFastCB is the KL-loss algorithm of Deb et al. (2024): the networks'
// sigmoid outputs estimate the probability of reward 1, trained with binary
// cross-entropy, and arms are drawn by FastCB's reweighted IGW on the
// predicted losses 1 − σ(f).
func NeuFastCB(o NeuralOptions) Policy {
	return &neuIGW{fast: true, o: o.withDefaults(5, 0.1, 10)}
}

func (p *neuIGW) Name() string {
	name := "NeuSquareCB"
	if p.fast {
		name = "NeuFastCB"
	}
	if p.o.Replay > 0 {
		name += fmt.Sprintf(" (replay %d)", p.o.Replay)
	}
	return name
}

// Options returns the settings in use, defaults filled in.
func (p *neuIGW) Options() NeuralOptions { return p.o }

func (p *neuIGW) Clone() Policy { return &neuIGW{fast: p.fast, o: p.o} }

func (p *neuIGW) Start(arms, dim int, seed uint64) error {
	if err := checkStart(p.Name(), arms, dim); err != nil {
		return err
	}
	if err := p.o.check(p.Name()); err != nil {
		return err
	}
	if p.o.Z != zDiag || p.o.ZRank != 0 {
		return fmt.Errorf("bandit: %s has no design matrix: leave Z and ZRank unset (they are for NeuralUCB and NeuralTS)", p.Name())
	}
	p.r = newRand(seed)
	p.e = newEnsemble(p.o, p.fast, p.r, arms, dim)
	p.losses = make([]float64, arms)
	return nil
}

func (p *neuIGW) Choose(t int, x, probs []float64) (int, error) {
	if p.e == nil {
		return 0, fmt.Errorf("bandit: %s: Choose before Start", p.Name())
	}
	if err := p.e.predict(x); err != nil {
		return 0, err
	}
	for a, y := range p.e.yhat {
		p.losses[a] = 1 - y
	}
	g := p.o.gamma(len(probs), t)
	if p.fast {
		FastCB(p.losses, g, probs)
	} else {
		IGW(p.losses, g, probs)
	}
	return Sample(p.r, probs), nil
}

func (p *neuIGW) Update(t int, x []float64, arm int, reward float64) error {
	return p.e.learn(x, arm, reward)
}
