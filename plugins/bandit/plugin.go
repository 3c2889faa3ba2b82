package bandit

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/yaknb/yak/plugins/registry"
)

const example = `import (
	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/bandit"
)

env, _ := bandit.LoadCSV("data/shuttle.csv.gz", "Class")
ps := []bandit.Policy{bandit.NeuFastCB(bandit.NeuralOptions{}), bandit.NeuSquareCB(bandit.NeuralOptions{}), bandit.LinUCB(1), bandit.Uniform()}
res, err := bandit.Experiment{Env: env, Policies: ps, Rounds: 2000}.Run(ctx)
if err != nil {
	panic(err)
}
display.Display(res.Chart("shuttle"))
res.Table()`

func init() {
	registry.Register(registry.Meta{
		Name:       "bandit",
		Version:    "0.1.0",
		Summary:    "contextual bandits with online neural regression (NeuSquareCB, NeuFastCB), baselines, experiments and off-policy evaluation",
		ImportPath: registry.BuiltinPrefix + "bandit",
		Example:    example,
		Doc: "NeuSquareCB and NeuFastCB (Deb, Ban, Zuo, He, Banerjee, ICLR 2024): an ensemble of perturbed " +
			"two-layer networks regresses rewards online, and arms are drawn by SquareCB's inverse gap weighting " +
			"or FastCB's reweighted version (Foster and Krishnamurthy 2021). Baselines: uniform, epsilon-greedy " +
			"(linear, neural), LinUCB, linear SquareCB (VW's --squarecb schedule over exact ridge regression), " +
			"NeuralUCB and NeuralTS (diagonal Z; online, or retrained on the history as published). " +
			"Classification data sets become K-armed bandits; Experiment runs policies x seeds on all cores; " +
			"Evaluate gives IPS, SNIPS and doubly-robust estimates from a log. See notebooks/bandits.ipynb.",
		SelfTest: selfTest,
	}.Plugin())
}

// selfTest runs NeuFastCB and the uniform policy on a small synthetic
// problem and checks that the learner's regret is well below uniform's.
func selfTest() error {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := make([][]float64, 600), make([]int, 600)
	for i := range x {
		y[i] = i % 3
		x[i] = []float64{0.2 * r.NormFloat64(), 0.2 * r.NormFloat64(), 0.2 * r.NormFloat64()}
		x[i][y[i]] += 1
	}
	env, err := NewClassification("selftest", x, y, nil)
	if err != nil {
		return err
	}
	learner, err := Run(context.Background(), env, NeuFastCB(NeuralOptions{}), 600, 1, nil)
	if err != nil {
		return err
	}
	uni, err := Run(context.Background(), env, Uniform(), 600, 1, nil)
	if err != nil {
		return err
	}
	if learner.FinalRegret() > uni.FinalRegret()/2 {
		return fmt.Errorf("bandit: NeuFastCB's regret %.0f is not below half the uniform policy's %.0f", learner.FinalRegret(), uni.FinalRegret())
	}
	return nil
}
