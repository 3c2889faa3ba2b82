// Command drm measures the fidelity figures of plugins/drm: DRM (lowest-
// entropy head, ensemble, steering) against ERM, Tent, CORAL and IRM on
// Rotated MNIST and Colored MNIST, leave-one-domain-out, mean ± standard
// error over seeds, at a CPU budget. It prints DomainBed-style tables in
// Markdown for BENCHMARKS.md.
//
//	go run ./bench/drm -steps 300 -per 1000 -seeds 3
//
// -authors 0.1,0.25,0.75,1.1 adds DRM rows that steer as the authors' code
// does, one per threshold, beside the corrected rule.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/drm"
)

func main() {
	steps := flag.Int("steps", 300, "training steps")
	per := flag.Int("per", 1000, "images per domain (from MNIST t10k)")
	nseeds := flag.Int("seeds", 3, "seeds")
	sets := flag.String("data", "rmnist,cmnist", "data sets: rmnist, cmnist")
	feat := flag.String("feat", "mlp", "featurizer: mlp (2×128) or cnn (8/16 channels, 64 features)")
	only := flag.String("only", "", "run only this algorithm: erm, coral, irm or drm")
	steerLR := flag.Float64("steerlr", 0, "DRM steering learning rate (0: default)")
	beta := flag.Float64("beta", 0, "DRM steering confidence threshold (0: default)")
	authors := flag.String("authors", "", "comma-separated thresholds of rows that steer as the authors' code does (their grid: 0.1,0.25,0.75,1.1)")
	flag.Parse()
	var seeds []uint64
	for s := range *nseeds {
		seeds = append(seeds, uint64(s+1))
	}
	cfg := drm.Config{Steps: *steps, Featurizer: drm.MLP(128, 2), SteerLR: *steerLR, Beta: *beta}
	var authorsBetas []float64
	if *authors != "" {
		for _, f := range strings.Split(*authors, ",") {
			b, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				fmt.Fprintf(os.Stderr, "bad threshold %q in -authors\n", f)
				os.Exit(2)
			}
			authorsBetas = append(authorsBetas, b)
		}
	}
	algs := []drm.Algorithm{drm.ERM{Tent: true}, drm.CORAL{}, drm.IRM{}, drm.DRM{AuthorsSteering: authorsBetas}}
	if *only != "" {
		var keep []drm.Algorithm
		for _, a := range algs {
			if strings.EqualFold(a.Name(), *only) {
				keep = append(keep, a)
			}
		}
		algs = keep
	}
	if *feat == "cnn" {
		cfg.Featurizer = drm.CNN(8, 64)
	}
	for _, name := range strings.Split(*sets, ",") {
		var md *drm.MultiDomain
		var err error
		switch name {
		case "rmnist":
			md, err = drm.RotatedMNIST(nil, drm.MNISTOptions{PerDomain: *per, Seed: 1, Dir: "notebooks/data/mnist"})
		case "cmnist":
			md, err = drm.ColoredMNIST(nil, drm.MNISTOptions{PerDomain: *per, Seed: 1, Dir: "notebooks/data/mnist"})
		default:
			err = fmt.Errorf("unknown data set %q", name)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		start := time.Now()
		r, err := drm.Experiment{Data: md, Seeds: seeds, Config: cfg,
			Algorithms: algs}.Run(context.Background())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		c := r.Config
		fmt.Printf("\n%s (%s featurizer, %d images per domain, %d steps, %d seeds, steering lr %g, beta %g; %.0f s)\n\n",
			md.Name, *feat, *per, *steps, len(seeds), c.SteerLR, c.Beta, time.Since(start).Seconds())
		markdown(r)
		fmt.Println()
		fmt.Println(r.PicksTable())
	}
}

func markdown(r *drm.Results) {
	fmt.Printf("| method | %s | Avg |\n|---|%s---|\n", strings.Join(r.Domains, " | "), strings.Repeat("---|", len(r.Domains)))
	for _, name := range r.Methods {
		fmt.Printf("| %s |", name)
		for d := range r.Domains {
			s := r.Mean(name, d)
			fmt.Printf(" %.1f ± %.1f |", 100*s.Mean, 100*s.SE)
		}
		a := r.Average(name)
		fmt.Printf(" %.1f ± %.1f |\n", 100*a.Mean, 100*a.SE)
	}
}
