package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"syscall"
	"time"

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
