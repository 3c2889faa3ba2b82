package drm

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
)

// HParams are the training hyperparameters that DomainBed's random search
// draws for its small-image data sets (Rotated and Colored MNIST), with
// the distributions of its hparams_registry:
//
//	LR           10^U(−4.5, −2.5)      default 1e-3
//	Batch        ⌊2^U(3, 9)⌋ per domain default 64
//	CoralWeight  10^U(−1, 1)           default 1     (CORAL's mmd_gamma)
//	IRMLambda    10^U(−1, 5)           default 100
//	IRMAnneal    ⌊10^U(0, 4)⌋ steps    default 500   (of DomainBed's 5,000)
//
// Weight decay is 0 for small images in DomainBed, so it is not drawn.
// DRM and Tent have no training hyperparameters of their own in it; their
// test-time settings (steering's β, learning rate and steps, Tent's) stay
// at Config's values, fixed beforehand, since nothing but test data could
// select them.
type HParams struct {
	LR          float64 `json:"lr"`
	Batch       int     `json:"batch"`
	CoralWeight float64 `json:"coral_weight"`
	IRMLambda   float64 `json:"irm_lambda"`
	IRMAnneal   int     `json:"irm_anneal"` // in DomainBed's 5,000-step scale; Apply rescales it
}

// DomainBedSteps is the length of DomainBed's trainings, the scale of
// IRMAnneal.
const DomainBedSteps = 5000

// DefaultHParams are DomainBed's defaults, what its trial 0 runs.
func DefaultHParams() HParams {
	return HParams{LR: 1e-3, Batch: 64, CoralWeight: 1, IRMLambda: 100, IRMAnneal: 500}
}

// RandomHParams is trial number trial of the search: trial 0 is
// DefaultHParams (as DomainBed's hparams_seed 0), every other trial draws
// each hyperparameter from its own stream, seeded by the trial and the
// hyperparameter's name. So, as in DomainBed, the algorithms of one trial
// share their learning rate and batch size, and spend the same budget.
func RandomHParams(trial uint64) HParams {
	if trial == 0 {
		return DefaultHParams()
	}
	u := func(name string, lo, hi float64) float64 {
		h := fnv.New64a()
		h.Write([]byte(name))
		r := rand.New(rand.NewPCG(trial, h.Sum64()))
		return lo + (hi-lo)*r.Float64()
	}
	return HParams{
		LR:          math.Pow(10, u("lr", -4.5, -2.5)),
		Batch:       int(math.Pow(2, u("batch_size", 3, 9))),
		CoralWeight: math.Pow(10, u("mmd_gamma", -1, 1)),
		IRMLambda:   math.Pow(10, u("irm_lambda", -1, 5)),
		IRMAnneal:   int(math.Pow(10, u("irm_penalty_anneal_iters", 0, 4))),
	}
}

// Apply sets the hyperparameters in c. IRMAnneal is a number of steps of
// DomainBed's 5,000; a shorter training (c.Steps) switches the penalty on
// after the same fraction of its steps, at least one.
func (h HParams) Apply(c Config) Config {
	c.LR, c.Batch, c.CoralWeight, c.IRMLambda = h.LR, h.Batch, h.CoralWeight, h.IRMLambda
	steps := c.Steps
	if steps <= 0 {
		steps = c.withDefaults().Steps
	}
	c.IRMAnneal = max(1, int(math.Round(float64(h.IRMAnneal)*float64(steps)/DomainBedSteps)))
	return c
}
