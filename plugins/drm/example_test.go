package drm_test

import (
	"fmt"

	"github.com/yaknb/yak/plugins/drm"
)

// Two heads on one sample: the first is unsure (0.5, 0.5), the second
// fairly sure (0.9, 0.1). The entropy rule picks the second; the ensemble
// weighs them by entropy^(−1).
func ExampleProbs() {
	p, _ := drm.NewProbs([][]float32{{0, 0}, {-0.1053605, -2.3025851}}, 1, 2)
	w := p.Weights(1)
	fmt.Println("head:", p.MinEntropyHead())
	fmt.Printf("weights: %.3f %.3f\n", w[0][0], w[1][0])
	fmt.Printf("ensemble: %.3f\n", p.Ensemble(1)[0])
	// Output:
	// head: 1
	// weights: 0.319 0.681
	// ensemble: 0.772
}

// A hyperparameter search as DomainBed's: trial 0 is the defaults, every
// other trial a draw shared by the algorithms; Apply puts a trial into a
// Config, the IRM anneal rescaled to the run's 100 steps.
func ExampleRandomHParams() {
	for trial := range uint64(3) {
		h := drm.RandomHParams(trial)
		c := h.Apply(drm.Config{Steps: 100})
		fmt.Printf("trial %d: lr %.2g, batch %d, IRM anneal %d of 5000 -> %d of 100\n", trial, c.LR, c.Batch, h.IRMAnneal, c.IRMAnneal)
	}
	// Output:
	// trial 0: lr 0.001, batch 64, IRM anneal 500 of 5000 -> 10 of 100
	// trial 1: lr 5.3e-05, batch 17, IRM anneal 1 of 5000 -> 1 of 100
	// trial 2: lr 0.00073, batch 93, IRM anneal 472 of 5000 -> 9 of 100
}
