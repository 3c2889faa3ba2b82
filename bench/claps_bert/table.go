package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
)

// methodOrder is the order of the table's rows.
var methodOrder = []string{
	"empty prompt", "manual prompt",
	"ClaPS greedy", "greedy, no pruning", "random search (ClaPS greedy's budget)",
	"ClaPS genetic", "genetic, no pruning", "ClaPS swarm", "swarm, no pruning",
}

// printTable reads the rows of a -out file and prints, per method, the test
// accuracy's mean ± standard error over the seeds, and the mean queries and
// wall time.
func printTable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	by := map[string][]row{}
	settings := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		by[r.Method] = append(by[r.Method], r)
		settings[r.Settings] = true
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for s := range settings {
		fmt.Println("settings:", s)
	}
	fmt.Println()
	fmt.Println("| method | search space | seeds | test accuracy (mean ± SE) | val accuracy | model queries (mean) | wall time (mean) | CPU (mean) | model inputs computed (mean) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	methods := append([]string(nil), methodOrder...)
	var extra []string
	for m := range by {
		known := false
		for _, k := range methodOrder {
			known = known || k == m
		}
		if !known {
			extra = append(extra, m)
		}
	}
	sort.Strings(extra)
	for _, m := range append(methods, extra...) {
		rs := by[m]
		if len(rs) == 0 {
			continue
		}
		var test, val, q, wall, cpu, comp, space []float64
		for _, r := range rs {
			test = append(test, r.TestAcc)
			val = append(val, r.ValAcc)
			q = append(q, float64(r.Queries))
			wall = append(wall, r.WallS)
			cpu = append(cpu, r.CPUS)
			comp = append(comp, float64(r.Computed))
			space = append(space, float64(r.Space))
		}
		tm, tse := meanSE(test)
		vm, _ := meanSE(val)
		qm, _ := meanSE(q)
		wm, _ := meanSE(wall)
		um, _ := meanSE(cpu)
		cm, _ := meanSE(comp)
		sm, _ := meanSE(space)
		sp := "-"
		if sm > 0 {
			sp = fmt.Sprintf("%.0f", sm)
		}
		cpuCol := "-" // rows written before the CPU was recorded
		if um > 0 {
			cpuCol = dur(um)
		}
		acc := fmt.Sprintf("%.3f ± %.3f", tm, tse)
		if len(rs) == 1 {
			acc = fmt.Sprintf("%.3f (one seed)", tm)
		}
		fmt.Printf("| %s | %s | %d | %s | %.3f | %.0f | %s | %s | %.0f |\n", m, sp, len(rs), acc, vm, qm, dur(wm), cpuCol, cm)
	}
	fmt.Println()
	printPaired(by)
	fmt.Println()
	fmt.Println("| seed | method | prompt | test | val | queries |")
	fmt.Println("|---:|---|---|---:|---:|---:|")
	for _, m := range append(methods, extra...) {
		for _, r := range by[m] {
			fmt.Printf("| %d | %s | %q | %.3f | %.3f | %d |\n", r.Seed, m, r.Prompt, r.TestAcc, r.ValAcc, r.Queries)
		}
	}
	return nil
}

func meanSE(xs []float64) (float64, float64) {
	n := float64(len(xs))
	var s float64
	for _, x := range xs {
		s += x
	}
	mean := s / n
	if len(xs) < 2 {
		return mean, math.NaN()
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

func dur(s float64) string {
	if s < 60 {
		return fmt.Sprintf("%.0f s", s)
	}
	return fmt.Sprintf("%.0f min %.0f s", math.Floor(s/60), math.Mod(s, 60))
}

// pairs are the comparisons the paper's claim is about: each as a minus b.
var pairs = [][2]string{
	{"ClaPS greedy", "manual prompt"}, {"ClaPS greedy", "empty prompt"},
	{"ClaPS greedy", "greedy, no pruning"}, {"ClaPS greedy", "random search (ClaPS greedy's budget)"},
	{"ClaPS genetic", "genetic, no pruning"}, {"ClaPS swarm", "swarm, no pruning"},
	{"ClaPS genetic", "manual prompt"}, {"ClaPS swarm", "manual prompt"},
	{"manual prompt", "empty prompt"},
}

// printPaired prints the test accuracy differences of the pairs over the
// seeds both rows have: mean ± SE of the per-seed difference, and the mean
// in SEs.
func printPaired(by map[string][]row) {
	fmt.Println("| a - b (test accuracy, paired over seeds) | seeds | mean ± SE | mean / SE |")
	fmt.Println("|---|---:|---:|---:|")
	for _, p := range pairs {
		bs := map[uint64]float64{}
		for _, r := range by[p[1]] {
			bs[r.Seed] = r.TestAcc
		}
		var d []float64
		for _, r := range by[p[0]] {
			if b, ok := bs[r.Seed]; ok {
				d = append(d, r.TestAcc-b)
			}
		}
		if len(d) == 0 {
			continue
		}
		if len(d) == 1 {
			fmt.Printf("| %s - %s | 1 | %+.3f (one seed: no SE) | - |\n", p[0], p[1], d[0])
			continue
		}
		m, se := meanSE(d)
		fmt.Printf("| %s - %s | %d | %+.3f ± %.3f | %+.1f |\n", p[0], p[1], len(d), m, se, m/se)
	}
}
