// Command bandit measures the fidelity figures of plugins/bandit: the final
// cumulative regret of NeuSquareCB, NeuFastCB and the baselines on six
// classification bandits (shuttle, letter, satellite, vowel, vehicle, MNIST),
// every method tuned alike.
//
// Protocol: each method has a grid of the same size (gridSize
// configurations); -tune runs every configuration on the tuning seeds 1–5 of
// each data set and writes the one with the lowest mean final regret to a
// JSON file; -report reads that file and runs the chosen configurations, and
// the ensemble × perturbation ablation of NeuSquareCB and NeuFastCB, on the
// held-out seeds 6–15. Every run appends a JSON line to -runs as it ends; a
// run already there is not run again, so an interrupted invocation resumes.
// -table prints the held-out results as a Markdown table.
//
//	go run ./bench/bandit -tune bench/bandit/tuned.json -runs /tmp/bandit-runs.jsonl
//	go run ./bench/bandit -report bench/bandit/tuned.json -runs /tmp/bandit-runs.jsonl
//	go run ./bench/bandit -table bench/bandit/tuned.json -runs /tmp/bandit-runs.jsonl
//
// Given both -tune and -report, it tunes and reports one data set at a time.
// -dump writes one episode (the rounds' class and features) as CSV for
// bench/bandit_vw.py, and -speed times NeuFastCB alone.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/bandit"
)

func main() {
	rounds := flag.Int("T", 10000, "rounds per run")
	dataDir := flag.String("dir", "notebooks/data", "directory of the data sets")
	data := flag.String("data", "vehicle,vowel,shuttle,satellite,letter,mnist", "data sets, comma-separated")
	only := flag.String("only", "", "tune/report only the methods whose key contains one of these (comma-separated)")
	tune := flag.String("tune", "", "tune every method on seeds 1-5 and write the chosen configurations to this JSON file")
	report := flag.String("report", "", "run the configurations in this JSON file on the held-out seeds 6-15")
	table := flag.String("table", "", "print the held-out results of the configurations in this JSON file as Markdown")
	runsPath := flag.String("runs", "bench/bandit/runs.jsonl", "JSON lines of finished runs (read to resume, appended to)")
	dump := flag.String("dump", "", "write one episode of this data set as CSV (class index, then the features) to stdout")
	seed := flag.Uint64("seed", 1, "episode seed of -dump")
	speed := flag.Int("speed", 0, "time NeuFastCB alone for this many rounds on the first data set and print rounds/s")
	flag.Parse()
	if err := mainErr(*rounds, *dataDir, strings.Split(*data, ","), *only, *tune, *report, *table, *runsPath, *dump, *seed, *speed); err != nil {
		fmt.Fprintln(os.Stderr, "bench/bandit:", err)
		os.Exit(1)
	}
}

func mainErr(rounds int, dir string, names []string, only, tunePath, reportPath, tablePath, runsPath, dump string, seed uint64, speed int) error {
	var sets []dataSet
	for _, n := range names {
		d, err := findDataSet(n)
		if err != nil {
			return err
		}
		sets = append(sets, d)
	}
	switch {
	case dump != "":
		d, err := findDataSet(dump)
		if err != nil {
			return err
		}
		env, err := d.load(dir)
		if err != nil {
			return err
		}
		return dumpEpisode(os.Stdout, env, seed, rounds)
	case speed > 0:
		env, err := sets[0].load(dir)
		if err != nil {
			return err
		}
		t0 := time.Now()
		tr, err := bandit.Run(context.Background(), env, bandit.NeuFastCB(bandit.NeuralOptions{}), speed, 1, nil)
		if err != nil {
			return err
		}
		el := time.Since(t0).Seconds()
		fmt.Printf("rounds_per_second %.1f regret %.0f rounds %d\n", float64(speed)/el, tr.FinalRegret(), speed)
		return nil
	case tablePath != "":
		chosen, err := readChosen(tablePath)
		if err != nil {
			return err
		}
		st, err := openStore(runsPath)
		if err != nil {
			return err
		}
		defer st.close()
		fmt.Print(markdown(st, chosen, sets, rounds))
		return nil
	case tunePath == "" && reportPath == "":
		return fmt.Errorf("give -tune FILE, -report FILE, both, -table FILE, -dump DATA or -speed N")
	}
	st, err := openStore(runsPath)
	if err != nil {
		return err
	}
	defer st.close()
	chosen := chosenConfigs{}
	if reportPath != "" && tunePath == "" {
		if chosen, err = readChosen(reportPath); err != nil {
			return err
		}
	} else if c, err := readChosen(tunePath); err == nil {
		chosen = c // keep the choices for data sets not tuned in this invocation
	}
	keep := func(key string) bool {
		if only == "" {
			return true
		}
		for _, w := range strings.Split(only, ",") {
			if strings.Contains(key, w) {
				return true
			}
		}
		return false
	}
	for _, d := range sets {
		env, err := d.load(dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s %v\n", time.Now().Format("15:04:05"), env)
		if tunePath != "" {
			for _, m := range methods {
				if !keep(m.key) {
					continue
				}
				best, err := tuneMethod(st, env, d.name, m, rounds)
				if err != nil {
					return err
				}
				chosen.set(d.name, m.key, best)
				if err := chosen.write(tunePath); err != nil {
					return err
				}
			}
		}
		if reportPath != "" {
			if err := reportData(st, env, d.name, chosen, rounds, keep); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	tuneSeeds   = []uint64{1, 2, 3, 4, 5}
	reportSeeds = []uint64{6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
)

// tuneMethod runs m's grid on the tuning seeds and returns the configuration
// with the lowest mean final regret. A configuration whose run fails (its
// training diverged, say) is out of the running.
func tuneMethod(st *store, env bandit.Environment, data string, m method, rounds int) (config, error) {
	if len(m.grid) != gridSize {
		return nil, fmt.Errorf("%s has %d configurations, the budget is %d for every method", m.key, len(m.grid), gridSize)
	}
	var best config
	bestMean := 0.0
	for _, c := range m.grid {
		sum, ok := 0.0, true
		for _, s := range tuneSeeds {
			r, err := st.run(env, record{Phase: "tune", Data: data, Method: m.key, Config: c, Seed: s, T: rounds}, m.make(c))
			if err != nil {
				return nil, err
			}
			if r.Err != "" {
				ok = false
				break
			}
			sum += r.Regret
		}
		mean := sum / float64(len(tuneSeeds))
		if ok && (best == nil || mean < bestMean) {
			best, bestMean = c, mean
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%s on %s: every configuration failed; see the runs file", m.key, data)
	}
	fmt.Fprintf(os.Stderr, "%s %s %s: chose %v (mean regret %.0f on seeds 1-5)\n", time.Now().Format("15:04:05"), data, m.key, best, bestMean)
	return best, nil
}

// reportData runs every chosen configuration and the ablation variants on
// the held-out seeds.
func reportData(st *store, env bandit.Environment, data string, chosen chosenConfigs, rounds int, keep func(string) bool) error {
	type job struct {
		key string
		c   config
		mk  func(config) bandit.Policy
	}
	var jobs []job
	for _, m := range methods {
		if c := chosen.get(data, m.key); c != nil && keep(m.key) {
			jobs = append(jobs, job{m.key, c, m.make})
		}
	}
	jobs = append(jobs, job{"uniform", config{}, func(config) bandit.Policy { return bandit.Uniform() }})
	for _, v := range variants {
		if c := chosen.get(data, v.base); c != nil && keep(v.key) {
			jobs = append(jobs, job{v.key, c, v.make})
		}
	}
	for _, j := range jobs {
		for _, s := range reportSeeds {
			if _, err := st.run(env, record{Phase: "report", Data: data, Method: j.key, Config: j.c, Seed: s, T: rounds}, j.mk(j.c)); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "%s %s %s: held-out seeds done\n", time.Now().Format("15:04:05"), data, j.key)
	}
	return nil
}

// chosenConfigs maps data set → method key → configuration.
type chosenConfigs map[string]map[string]config

func (c chosenConfigs) set(data, key string, cfg config) {
	if c[data] == nil {
		c[data] = map[string]config{}
	}
	c[data][key] = cfg
}

func (c chosenConfigs) get(data, key string) config { return c[data][key] }

func (c chosenConfigs) write(path string) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func readChosen(path string) (chosenConfigs, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run -tune %s first)", err, path)
	}
	c := chosenConfigs{}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// dumpEpisode writes rounds rounds of episode seed: the rewarded arm, then
// the features.
func dumpEpisode(w *os.File, env bandit.Environment, seed uint64, rounds int) error {
	x, rew := make([]float64, env.Dim()), make([]float64, env.Arms())
	var sb strings.Builder
	fmt.Fprintf(&sb, "# arms %d dim %d seed %d\n", env.Arms(), env.Dim(), seed)
	for t := range rounds {
		if err := env.Round(seed, t, x, rew); err != nil {
			return err
		}
		best := 0
		for a, r := range rew {
			if r > rew[best] {
				best = a
			}
		}
		fmt.Fprintf(&sb, "%d", best)
		for _, v := range x {
			fmt.Fprintf(&sb, ",%.9g", v)
		}
		sb.WriteByte('\n')
	}
	_, err := w.WriteString(sb.String())
	return err
}
