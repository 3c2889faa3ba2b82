package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/drm"
)

// run is one finished training of the search: one JSON line of the
// -search file.
type run struct {
	Data   string             `json:"data"`
	Seed   uint64             `json:"seed"` // the data seed: domains, held-out parts and initialisation
	Test   string             `json:"test"` // the held-out domain
	TestIx int                `json:"test_index"`
	Trial  uint64             `json:"trial"` // the hyperparameter draw (0: DomainBed's defaults)
	Alg    string             `json:"alg"`
	HP     drm.HParams        `json:"hp"`
	Steps  int                `json:"steps"`
	Feat   string             `json:"feat"`
	Val    float64            `json:"val"` // training-domain validation accuracy of the kept checkpoint
	Acc    map[string]float64 `json:"acc"` // test accuracy of each of the algorithm's methods
	Wall   float64            `json:"wall_s"`
	CPU    float64            `json:"cpu_s"`
}

func (r run) key() string {
	return fmt.Sprintf("%s|%d|%d|%d|%s", r.Data, r.Seed, r.TestIx, r.Trial, r.Alg)
}

func cpuSeconds() float64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return float64(u.Utime.Sec+u.Stime.Sec) + float64(u.Utime.Usec+u.Stime.Usec)/1e6
}

func readRuns(path string) ([]run, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []run
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r run
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			// A line cut by a kill is the last one; the run is redone.
			fmt.Fprintf(os.Stderr, "%s:%d: skipped (%v)\n", path, line, err)
			continue
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

type searchPlan struct {
	out     string
	sets    []string
	seeds   []uint64
	trials  int
	test    map[string][]int // data set -> held-out domain indices (nil: all)
	algs    []drm.Algorithm
	base    drm.Config
	feat    string
	dataDir func(name string) string
}

// search runs every (data set, data seed, held-out domain, trial,
// algorithm) not yet in the out file, appending one JSON line per
// training as it finishes, so a stopped search resumes where it was.
func search(p searchPlan) error {
	done := map[string]bool{}
	old, err := readRuns(p.out)
	if err != nil {
		return err
	}
	for _, r := range old {
		done[r.key()] = true
	}
	f, err := os.OpenFile(p.out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, name := range p.sets {
		for _, seed := range p.seeds {
			var md *drm.MultiDomain
			for _, ti := range testDomains(p.test[name], name) {
				for trial := range uint64(p.trials) {
					hp := drm.RandomHParams(trial)
					for _, alg := range p.algs {
						key := run{Data: name, Seed: seed, TestIx: ti, Trial: trial, Alg: alg.Name()}.key()
						if done[key] {
							continue
						}
						if md == nil {
							if md, err = loadSet(name, seed, p.dataDir(name)); err != nil {
								return err
							}
						}
						if ti >= len(md.Domains) {
							return fmt.Errorf("%s has %d domains, no held-out domain %d", name, len(md.Domains), ti)
						}
						cfg := hp.Apply(p.base)
						start, cpu0 := time.Now(), cpuSeconds()
						res, err := drm.Experiment{Data: md, Algorithms: []drm.Algorithm{alg}, Seeds: []uint64{seed},
							Test: []int{ti}, Config: cfg, Workers: 1}.Run(context.Background())
						if err != nil {
							return err
						}
						r := run{Data: name, Seed: seed, Test: md.Domains[ti].Name, TestIx: ti, Trial: trial, Alg: alg.Name(),
							HP: hp, Steps: cfg.Steps, Feat: p.feat, Val: res.Val[0][0][0], Acc: map[string]float64{},
							Wall: time.Since(start).Seconds(), CPU: cpuSeconds() - cpu0}
						for m, method := range res.Methods {
							r.Acc[method] = res.Acc[m][0][0]
						}
						b, _ := json.Marshal(r)
						if _, err := f.Write(append(b, '\n')); err != nil {
							return err
						}
						fmt.Fprintf(os.Stderr, "%s seed %d test %s trial %d %s: val %.3f acc %v (%.0f s, %.0f CPU-s)\n",
							name, seed, r.Test, trial, r.Alg, r.Val, fmtAcc(r.Acc), r.Wall, r.CPU)
					}
				}
			}
		}
	}
	return nil
}

func testDomains(ix []int, name string) []int {
	if ix != nil {
		return ix
	}
	n := map[string]int{"rmnist": 6, "rfmnist": 6, "cmnist": 3}[name]
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func fmtAcc(a map[string]float64) string {
	var parts []string
	for k, v := range a {
		parts = append(parts, fmt.Sprintf("%s %.3f", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func loadSet(name string, seed uint64, dir string) (*drm.MultiDomain, error) {
	opt := drm.MNISTOptions{Split: "all", Seed: seed, Dir: dir}
	switch name {
	case "rmnist":
		return drm.RotatedMNIST(nil, opt)
	case "cmnist":
		return drm.ColoredMNIST(nil, opt)
	case "rfmnist":
		return drm.RotatedFashionMNIST(nil, opt)
	}
	return nil, fmt.Errorf("unknown data set %q: use rmnist, cmnist or rfmnist", name)
}

// report prints, per data set, DomainBed's table under training-domain
// validation: for each algorithm, held-out domain and data seed, the trial
// with the best validation accuracy is kept; its methods' test accuracies
// are averaged over the seeds (mean ± SE), and Avg is the per-seed mean
// over held-out domains, then mean ± SE over the seeds that have every
// domain. With fullTrials above 0, a cell with fewer finished trials (a
// search still running) is left out.
func report(w io.Writer, path string, fullTrials int) error {
	runs, err := readRuns(path)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		return fmt.Errorf("%s has no finished runs", path)
	}
	byData := map[string][]run{}
	var sets []string
	for _, r := range runs {
		if byData[r.Data] == nil {
			sets = append(sets, r.Data)
		}
		byData[r.Data] = append(byData[r.Data], r)
	}
	for _, name := range sets {
		rs := byData[name]
		type cell struct {
			alg  string
			test int
			seed uint64
		}
		best := map[cell]run{}
		trials := map[cell]int{}
		tests := map[int]string{}
		var seeds []uint64
		seen := map[uint64]bool{}
		cpu, steps, used := 0.0, 0, 0
		for _, r := range rs {
			trials[cell{r.Alg, r.TestIx, r.Seed}]++
		}
		for _, r := range rs {
			c := cell{r.Alg, r.TestIx, r.Seed}
			if trials[c] < fullTrials {
				continue
			}
			if b, ok := best[c]; !ok || r.Val > b.Val {
				best[c] = r
			}
			tests[r.TestIx] = r.Test
			if !seen[r.Seed] {
				seen[r.Seed] = true
				seeds = append(seeds, r.Seed)
			}
			cpu += r.CPU
			steps = r.Steps
			used++
		}
		var tix []int
		for t := range tests {
			tix = append(tix, t)
		}
		sort.Ints(tix)
		// Methods in the order they first appear (ERM, Tent, CORAL, ...).
		var methods []string
		algOf := map[string]string{}
		for _, r := range rs {
			var ms []string
			for m := range r.Acc {
				ms = append(ms, m)
			}
			sort.Strings(ms)
			for _, m := range ms {
				if _, ok := algOf[m]; !ok {
					algOf[m] = r.Alg
					methods = append(methods, m)
				}
			}
		}
		minTrials, maxTrials := math.MaxInt, 0
		for c, n := range trials {
			if _, kept := best[c]; kept {
				minTrials, maxTrials = min(minTrials, n), max(maxTrials, n)
			}
		}
		fmt.Fprintf(w, "\n%s: %d runs, %d data seeds, %d-%d trials per algorithm, held-out domain and seed, %d steps, %.0f CPU-min; training-domain validation; accuracy %% mean ± SE over data seeds\n\n",
			name, used, len(seeds), minTrials, maxTrials, steps, cpu/60)
		fmt.Fprintf(w, "| method |")
		for _, t := range tix {
			fmt.Fprintf(w, " %s |", tests[t])
		}
		fmt.Fprintf(w, " Avg |\n|---|%s---|\n", strings.Repeat("---|", len(tix)))
		for _, m := range methods {
			fmt.Fprintf(w, "| %s |", m)
			perSeed := map[uint64][]float64{}
			for _, t := range tix {
				var xs []float64
				for _, s := range seeds {
					if b, ok := best[cell{algOf[m], t, s}]; ok {
						xs = append(xs, b.Acc[m])
						perSeed[s] = append(perSeed[s], b.Acc[m])
					}
				}
				st := display.MeanSE(xs)
				fmt.Fprintf(w, " %.1f ± %.1f (%d) |", 100*st.Mean, 100*st.SE, len(xs))
			}
			var avg []float64
			for _, s := range seeds {
				if len(perSeed[s]) == len(tix) {
					sum := 0.0
					for _, v := range perSeed[s] {
						sum += v
					}
					avg = append(avg, sum/float64(len(tix)))
				}
			}
			st := display.MeanSE(avg)
			fmt.Fprintf(w, " %.1f ± %.1f (%d) |\n", 100*st.Mean, 100*st.SE, len(avg))
		}
	}
	fmt.Fprintln(w, "\n(n) is the number of data seeds behind each cell.")
	return nil
}
