package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/yaknb/yak/plugins/bandit"
)

// config is one setting of a method: its grid parameters by name.
type config map[string]float64

func (c config) String() string {
	var keys []string
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%g", k, c[k]))
	}
	return strings.Join(parts, " ")
}

// method is a policy family with its tuning grid. Every tuned method has a
// grid of gridSize configurations: the same budget for all.
type method struct {
	key  string
	grid []config
	make func(c config) bandit.Policy
}

const gridSize = 8

// cross is the product of two parameter lists.
func cross(a string, av []float64, b string, bv []float64) []config {
	var out []config
	for _, x := range av {
		for _, y := range bv {
			out = append(out, config{a: x, b: y})
		}
	}
	return out
}

func one(a string, av ...float64) []config {
	var out []config
	for _, x := range av {
		out = append(out, config{a: x})
	}
	return out
}

// neural turns a config's lr and gamma into NeuralOptions (hidden step size
// 100·lr, the package's ratio).
func neural(c config) bandit.NeuralOptions {
	return bandit.NeuralOptions{LR: c["lr"], HiddenLR: 100 * c["lr"], GammaScale: c["gamma"]}
}

// methods are the tuned methods of the main table. The step sizes of the
// retrained baselines are lower: a retraining is RetrainSteps SGD steps.
var methods = []method{
	{"NeuSquareCB", cross("gamma", []float64{1, 3, 10, 30}, "lr", []float64{0.005, 0.02}),
		func(c config) bandit.Policy { return bandit.NeuSquareCB(neural(c)) }},
	{"NeuFastCB", cross("gamma", []float64{1, 3, 10, 30}, "lr", []float64{0.005, 0.02}),
		func(c config) bandit.Policy { return bandit.NeuFastCB(neural(c)) }},
	{"eps-greedy-linear", one("eps", 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3),
		func(c config) bandit.Policy { return bandit.EpsGreedy(c["eps"]) }},
	{"eps-greedy-neural", cross("eps", []float64{0.01, 0.03, 0.1, 0.2}, "lr", []float64{0.005, 0.02}),
		func(c config) bandit.Policy { return bandit.NeuralEpsGreedy(c["eps"], neural(c)) }},
	{"LinUCB", one("alpha", 0.1, 0.3, 0.5, 1, 2, 4, 8, 16),
		func(c config) bandit.Policy { return bandit.LinUCB(c["alpha"]) }},
	{"SquareCB-ridge", one("gamma", 1, 3, 10, 30, 100, 300, 1000, 3000),
		func(c config) bandit.Policy { return bandit.LinSquareCB(c["gamma"], 0.5) }},
	{"NeuralUCB-online", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.005, 0.02}),
		func(c config) bandit.Policy { return bandit.NeuralUCB(c["nu"], neural(c)) }},
	{"NeuralTS-online", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.005, 0.02}),
		func(c config) bandit.Policy { return bandit.NeuralTS(c["nu"], neural(c)) }},
	{"NeuralUCB-retrained", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralUCBRetrained(c["nu"], neural(c)) }},
	{"NeuralTS-retrained", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralTSRetrained(c["nu"], neural(c)) }},
	// The retrained baselines with the exact design matrix and with the
	// low-rank one (the last 100 gradients): the same grid as the diagonal.
	{"NeuralUCB-retrained-fullZ", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralUCBRetrained(c["nu"], withZ(c, "full")) }},
	{"NeuralTS-retrained-fullZ", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralTSRetrained(c["nu"], withZ(c, "full")) }},
	{"NeuralUCB-retrained-lowrankZ", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralUCBRetrained(c["nu"], withZ(c, "lowrank")) }},
	{"NeuralTS-retrained-lowrankZ", cross("nu", []float64{0.01, 0.1, 1, 10}, "lr", []float64{0.0005, 0.002}),
		func(c config) bandit.Policy { return bandit.NeuralTSRetrained(c["nu"], withZ(c, "lowrank")) }},
}

// withZ is neural(c) with the design matrix z (rank 100 when low-rank).
func withZ(c config, z string) bandit.NeuralOptions {
	o := neural(c)
	o.Z = z
	return o
}

// variants are the ablation rows: each takes the tuned config of its base
// method and changes the ensemble or the perturbation only.
type variant struct {
	key, base string
	make      func(c config) bandit.Policy
}

func ablate(fast bool, ensemble int, perturb bool) func(c config) bandit.Policy {
	return func(c config) bandit.Policy {
		o := neural(c)
		o.Ensemble = ensemble
		if !perturb {
			o.Perturbation = -1
		}
		if fast {
			return bandit.NeuFastCB(o)
		}
		return bandit.NeuSquareCB(o)
	}
}

// paramPerturbed is the tuned configuration with the second guess at the
// paper's perturbation (NeuralOptions.ParamPerturbation, ‖ε‖ = 0.5, fresh
// every step) instead of yak's fixed ε·c, 5 networks.
func paramPerturbed(fast bool) func(c config) bandit.Policy {
	return func(c config) bandit.Policy {
		o := neural(c)
		o.Perturbation = -1
		o.ParamPerturbation = 0.5
		if fast {
			return bandit.NeuFastCB(o)
		}
		return bandit.NeuSquareCB(o)
	}
}

var variants = []variant{
	{"NeuSquareCB-5nets-noperturb", "NeuSquareCB", ablate(false, 5, false)},
	{"NeuSquareCB-1net-perturb", "NeuSquareCB", ablate(false, 1, true)},
	{"NeuSquareCB-1net-noperturb", "NeuSquareCB", ablate(false, 1, false)},
	{"NeuFastCB-5nets-noperturb", "NeuFastCB", ablate(true, 5, false)},
	{"NeuFastCB-1net-perturb", "NeuFastCB", ablate(true, 1, true)},
	{"NeuFastCB-1net-noperturb", "NeuFastCB", ablate(true, 1, false)},
	{"NeuSquareCB-5nets-paramperturb", "NeuSquareCB", paramPerturbed(false)},
	{"NeuFastCB-5nets-paramperturb", "NeuFastCB", paramPerturbed(true)},
}

func findMethod(key string) (method, bool) {
	for _, m := range methods {
		if m.key == key {
			return m, true
		}
	}
	return method{}, false
}
