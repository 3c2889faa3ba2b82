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
	fmt.Println("| method | search space | seeds | test accuracy (mean ± SE) | val accuracy | model queries (mean) | wall time (mean) | model inputs computed (mean) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
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
		var test, val, q, wall, comp, space []float64
		for _, r := range rs {
			test = append(test, r.TestAcc)
			val = append(val, r.ValAcc)
			q = append(q, float64(r.Queries))
			wall = append(wall, r.WallS)
			comp = append(comp, float64(r.Computed))
			space = append(space, float64(r.Space))
		}
		tm, tse := meanSE(test)
		vm, _ := meanSE(val)
		qm, _ := meanSE(q)
		wm, _ := meanSE(wall)
		cm, _ := meanSE(comp)
		sm, _ := meanSE(space)
		sp := "-"
		if sm > 0 {
			sp = fmt.Sprintf("%.0f", sm)
		}
		fmt.Printf("| %s | %s | %d | %.3f ± %.3f | %.3f | %.0f | %s | %.0f |\n", m, sp, len(rs), tm, tse, vm, qm, dur(wm), cm)
	}
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
