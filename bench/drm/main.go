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
//
// -search FILE runs DomainBed's protocol instead: all 70,000 images of
// MNIST (or Fashion-MNIST) shared out across the domains, rebuilt from each
// data seed; -trials hyperparameter draws per algorithm (drm.RandomHParams,
// trial 0 being DomainBed's defaults) for every data seed and held-out
// domain; DomainBed's MNIST CNN by default. Each finished training is a
// JSON line appended to FILE, and a search started again skips what FILE
// holds. -report FILE prints the tables under training-domain validation:
// accuracy per method, each method's paired difference to ERM (same data
// seed, each algorithm's kept trial; mean ± SE and the seeds where it is
// above ERM) and the trial each seed kept. Lines repeated in FILE, as when
// the files of processes that shared a search are concatenated, count once.
//
//	GOMAXPROCS=1 go run ./bench/drm -search /tmp/drm.jsonl -data cmnist -seeds 3 -trials 5 -steps 100
//	go run ./bench/drm -report /tmp/drm.jsonl
//
// -seed-list 4,5 runs those data seeds only (in place of 1..-seeds), so two
// processes can share one search file's seeds.
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
	nseeds := flag.Int("seeds", 3, "seeds (1..seeds)")
	seedList := flag.String("seed-list", "", "comma-separated data seeds (overrides -seeds; lets two processes share a search's seeds)")
	sets := flag.String("data", "rmnist,cmnist", "data sets: rmnist, cmnist")
	feat := flag.String("feat", "mlp", "featurizer: mlp (2×128) or cnn (8/16 channels, 64 features)")
	only := flag.String("only", "", "run only this algorithm: erm, coral, irm or drm")
	steerLR := flag.Float64("steerlr", 0, "DRM steering learning rate (0: default)")
	beta := flag.Float64("beta", 0, "DRM steering confidence threshold (0: default)")
	authors := flag.String("authors", "", "comma-separated thresholds of rows that steer as the authors' code does (their grid: 0.1,0.25,0.75,1.1)")
	searchOut := flag.String("search", "", "run the hyperparameter search, appending JSON lines to this file (resumes from it)")
	reportIn := flag.String("report", "", "print the search's tables from this JSON-lines file and exit")
	fullTrials := flag.Int("full", 0, "report: use only the cells (algorithm, held-out domain, seed) with this many finished trials")
	trials := flag.Int("trials", 5, "search: hyperparameter trials per algorithm, data seed and held-out domain")
	testIx := flag.String("test", "", "search: held-out domain indices per data set, e.g. rmnist=0,5;cmnist=2 (default: all)")
	evalEvery := flag.Int("evalevery", 0, "validation checkpoints every this many steps (0: default)")
	valMax := flag.Int("valmax", 0, "search: validate on at most this many held-out images per training domain (0: all)")
	testMax := flag.Int("testmax", 0, "search: score at most this many images of the held-out domain (0: all)")
	mnistDir := flag.String("mnist", "", "folder with the MNIST IDX files (search: train and t10k; default: the standard places)")
	fashionDir := flag.String("fashion", "", "folder with the Fashion-MNIST IDX files (default: the standard places)")
	flag.Parse()
	if *reportIn != "" {
		if err := report(os.Stdout, *reportIn, *fullTrials); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	var seeds []uint64
	if *seedList != "" {
		var err error
		if seeds, err = parseList(*seedList, func(f string) (uint64, error) { return strconv.ParseUint(f, 10, 64) }); err != nil {
			fmt.Fprintf(os.Stderr, "-seed-list: %v\n", err)
			os.Exit(2)
		}
	} else {
		for s := range *nseeds {
			seeds = append(seeds, uint64(s+1))
		}
	}
	cfg := drm.Config{Steps: *steps, Featurizer: drm.MLP(128, 2), SteerLR: *steerLR, Beta: *beta}
	var authorsBetas []float64
	if *authors != "" {
		var err error
		if authorsBetas, err = parseList(*authors, func(f string) (float64, error) { return strconv.ParseFloat(f, 64) }); err != nil {
			fmt.Fprintf(os.Stderr, "-authors: %v\n", err)
			os.Exit(2)
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
	switch *feat {
	case "cnn":
		cfg.Featurizer = drm.CNN(8, 64)
	case "mnistcnn":
		cfg.Featurizer = drm.MNISTCNN()
	case "mlp":
	default:
		fmt.Fprintf(os.Stderr, "unknown featurizer %q: use mlp, cnn or mnistcnn\n", *feat)
		os.Exit(2)
	}
	cfg.EvalEvery = *evalEvery
	if *searchOut != "" {
		if !isFlagSet("feat") {
			cfg.Featurizer, *feat = drm.MNISTCNN(), "mnistcnn"
		}
		if !isFlagSet("data") {
			*sets = "rmnist,cmnist,rfmnist"
		}
		cfg.ValMax, cfg.TestMax = *valMax, *testMax
		tests, err := parseTests(*testIx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		err = search(searchPlan{out: *searchOut, sets: strings.Split(*sets, ","), seeds: seeds, trials: *trials,
			test: tests, algs: algs, base: cfg, feat: *feat, dataDir: func(name string) string {
				if name == "rfmnist" {
					return *fashionDir
				}
				return *mnistDir
			}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
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

func isFlagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseTests reads -test: "rmnist=0,5;cmnist=2".
func parseTests(s string) (map[string][]int, error) {
	out := map[string][]int{}
	if s == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ";") {
		name, list, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("-test %q: want data=i,j;data=k", s)
		}
		for _, f := range strings.Split(list, ",") {
			i, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || i < 0 {
				return nil, fmt.Errorf("-test %q: %q is not a domain index", s, f)
			}
			out[strings.TrimSpace(name)] = append(out[strings.TrimSpace(name)], i)
		}
	}
	return out, nil
}

// parseList parses a comma-separated flag value item by item, naming the
// item it could not read.
func parseList[T any](s string, parse func(string) (T, error)) ([]T, error) {
	var out []T
	for _, f := range strings.Split(s, ",") {
		v, err := parse(strings.TrimSpace(f))
		if err != nil {
			return nil, fmt.Errorf("bad item %q in %q", f, s)
		}
		out = append(out, v)
	}
	return out, nil
}
