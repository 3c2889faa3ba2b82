// Command bandit measures the fidelity figures of plugins/bandit: the final
// cumulative regret of NeuSquareCB and NeuFastCB against every baseline on
// the UCI shuttle and letter bandits (mean ± standard error over seeds).
//
//	go run ./bench/bandit -T 10000 -seeds 5
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/bandit"
)

// labelColumn names the class column of each data set ("" for the last).
var labelColumn = map[string]string{"shuttle": "Class", "letter": "lettr"}

func main() {
	rounds := flag.Int("T", 10000, "rounds per run")
	nseeds := flag.Int("seeds", 5, "seeds (episodes) per policy")
	data := flag.String("data", "shuttle,letter", "data sets in notebooks/data, comma-separated")
	only := flag.String("only", "", "run only the policies whose name contains this")
	lr := flag.Float64("lr", 0, "learning rate of the neural policies (0: default)")
	gs := flag.Float64("gamma", 0, "GammaScale of NeuSquareCB/NeuFastCB (0: default)")
	ens := flag.Int("ensemble", 0, "ensemble size (0: default)")
	pert := flag.Float64("perturb", 0, "perturbation scale (0: default, <0 none)")
	initOut := flag.Float64("initout", 0, "InitOut of the neural policies (0: default)")
	hlr := flag.Float64("hlr", 0, "HiddenLR of the neural policies (0: default)")
	replay := flag.Int("replay", 0, "Replay of the neural policies")
	steps := flag.Int("steps", 0, "SGD steps per round (0: default)")
	speed := flag.Int("speed", 0, "instead of the table: time NeuFastCB alone for this many rounds on the first data set and print rounds/s")
	workers := flag.Int("workers", 2, "runs at once")
	flag.Parse()

	o := bandit.NeuralOptions{LR: *lr, GammaScale: *gs, Ensemble: *ens, Perturbation: *pert, InitOut: *initOut, Steps: *steps, HiddenLR: *hlr, Replay: *replay}
	base := bandit.NeuralOptions{LR: *lr, InitOut: *initOut, Steps: *steps, HiddenLR: *hlr, Replay: *replay}
	policies := []bandit.Policy{
		bandit.NeuSquareCB(o), bandit.NeuFastCB(o),
		bandit.Uniform(), bandit.EpsGreedy(0.05), bandit.NeuralEpsGreedy(0.05, base),
		bandit.LinUCB(1), bandit.LinSquareCB(10, 0.5),
		bandit.NeuralUCB(0.1, base), bandit.NeuralTS(0.1, base),
	}
	if *only != "" {
		var keep []bandit.Policy
		for _, p := range policies {
			for _, w := range strings.Split(*only, ",") {
				if strings.Contains(p.Name(), w) {
					keep = append(keep, p)
					break
				}
			}
		}
		policies = keep
	}
	var seeds []uint64
	for s := 1; s <= *nseeds; s++ {
		seeds = append(seeds, uint64(s))
	}
	for _, name := range strings.Split(*data, ",") {
		env, err := bandit.LoadCSV(filepath.Join("notebooks", "data", name+".csv.gz"), labelColumn[name])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if *speed > 0 {
			t0 := time.Now()
			tr, err := bandit.Run(context.Background(), env, bandit.NeuFastCB(o), *speed, 1, nil)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			el := time.Since(t0).Seconds()
			fmt.Printf("rounds_per_second %.1f regret %.0f rounds %d\n", float64(*speed)/el, tr.FinalRegret(), *speed)
			return
		}
		t0 := time.Now()
		res, err := bandit.Experiment{Env: env, Policies: policies, Seeds: seeds, Rounds: *rounds, Workers: *workers}.Run(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(res.Table().String())
		fmt.Printf("(%s wall)\n\n", time.Since(t0).Round(time.Second))
	}
}
