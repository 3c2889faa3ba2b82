package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/yaknb/yak/display"
)

// cell is one selection of the search: an algorithm, a held-out domain and
// a data seed; training-domain validation keeps one of its trials.
type cell struct {
	alg  string
	test int
	seed uint64
}

// selection is one data set's search after training-domain validation.
type selection struct {
	name      string
	best      map[cell]run // the kept trial of each cell
	runs      []run        // every run, duplicates dropped
	trials    map[cell]int // finished trials of each cell
	tests     map[int]string
	tix       []int    // held-out domain indices, ascending
	seeds     []uint64 // data seeds, ascending
	methods   []string // in the order they first appear
	algOf     map[string]string
	cpu       float64
	steps     int
	used      int
	minTrials int
	maxTrials int
}

// selectRuns keeps, for each cell with at least fullTrials finished
// trials, the trial with the best validation accuracy; of trials level on
// validation (Colored MNIST's colour classifiers are, to the last digit),
// the first in the file: the lowest trial, as the search writes them in
// order. A run whose key (data, seed, held-out domain, trial, algorithm)
// came before is a duplicate, as when the files of processes that shared
// a search are concatenated, and is counted once.
func selectRuns(name string, rs []run, fullTrials int) *selection {
	s := &selection{name: name, best: map[cell]run{}, trials: map[cell]int{}, tests: map[int]string{}, algOf: map[string]string{}}
	seen := map[string]bool{}
	var uniq []run
	for _, r := range rs {
		if !seen[r.key()] {
			seen[r.key()] = true
			uniq = append(uniq, r)
		}
	}
	s.runs = uniq
	for _, r := range uniq {
		s.trials[cell{r.Alg, r.TestIx, r.Seed}]++
	}
	seedSeen := map[uint64]bool{}
	for _, r := range uniq {
		c := cell{r.Alg, r.TestIx, r.Seed}
		if s.trials[c] < fullTrials {
			continue
		}
		if b, ok := s.best[c]; !ok || r.Val > b.Val {
			s.best[c] = r
		}
		s.tests[r.TestIx] = r.Test
		if !seedSeen[r.Seed] {
			seedSeen[r.Seed] = true
			s.seeds = append(s.seeds, r.Seed)
		}
		s.cpu += r.CPU
		s.steps = r.Steps
		s.used++
	}
	sort.Slice(s.seeds, func(i, j int) bool { return s.seeds[i] < s.seeds[j] })
	for t := range s.tests {
		s.tix = append(s.tix, t)
	}
	sort.Ints(s.tix)
	kept := map[string]bool{} // algorithms with a kept cell; a search still running may have none
	for c := range s.best {
		kept[c.alg] = true
	}
	for _, r := range uniq {
		if !kept[r.Alg] {
			continue
		}
		var ms []string
		for m := range r.Acc {
			ms = append(ms, m)
		}
		sort.Strings(ms)
		for _, m := range ms {
			if _, ok := s.algOf[m]; !ok {
				s.algOf[m] = r.Alg
				s.methods = append(s.methods, m)
			}
		}
	}
	s.minTrials, s.maxTrials = math.MaxInt, 0
	for c, n := range s.trials {
		if _, kept := s.best[c]; kept {
			s.minTrials, s.maxTrials = min(s.minTrials, n), max(s.maxTrials, n)
		}
	}
	return s
}

// acc is method m's test accuracy on held-out domain t with data seed
// seed, from its algorithm's kept trial.
func (s *selection) acc(m string, t int, seed uint64) (float64, bool) {
	b, ok := s.best[cell{s.algOf[m], t, seed}]
	if !ok {
		return 0, false
	}
	v, ok := b.Acc[m]
	return v, ok
}

// avg is method m's mean accuracy over every held-out domain with data
// seed seed; false if a domain is missing.
func (s *selection) avg(m string, seed uint64) (float64, bool) {
	sum := 0.0
	for _, t := range s.tix {
		v, ok := s.acc(m, t, seed)
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum / float64(len(s.tix)), true
}

// pairedDiff is method m minus base over the data seeds where both have a
// value: the mean ± SE of the differences, and on how many seeds m is
// above base, level with it, and how many seeds were paired.
type pairedDiff struct {
	display.Stat
	above, level, n int
}

func paired(seeds []uint64, m, base func(uint64) (float64, bool)) pairedDiff {
	var ds []float64
	var p pairedDiff
	for _, s := range seeds {
		a, ok1 := m(s)
		b, ok2 := base(s)
		if !ok1 || !ok2 {
			continue
		}
		d := a - b
		ds = append(ds, d)
		switch {
		case d > 0:
			p.above++
		case d == 0:
			p.level++
		}
	}
	p.Stat, p.n = display.MeanSE(ds), len(ds)
	return p
}

func (p pairedDiff) String() string {
	if p.n == 0 {
		return "–"
	}
	s := fmt.Sprintf("%+.1f ± %.1f (%d/%d", 100*p.Mean, 100*p.SE, p.above, p.n)
	if p.level > 0 {
		s += fmt.Sprintf(", %d level", p.level)
	}
	return s + ")"
}

// baseMethod is the method the paired differences are taken to.
const baseMethod = "ERM"

// report prints, per data set, DomainBed's table under training-domain
// validation: for each algorithm, held-out domain and data seed, the trial
// with the best validation accuracy is kept; its methods' test accuracies
// are averaged over the seeds (mean ± SE), and Avg is the per-seed mean
// over held-out domains, then mean ± SE over the seeds that have every
// domain. A second table gives each method's paired difference to ERM
// (same data seed, each algorithm's kept trial) and on how many seeds it
// is above ERM; a third, the trial each seed kept. Two more show what the
// means hide: each seed's accuracy and the kept trial's validation
// accuracy, and each method's difference to ERM at equal hyperparameters
// (same data seed and trial), which tells a method that gains with every
// draw from one that gains with a single draw. With fullTrials above 0, a
// cell with fewer finished trials (a search still running) is left out;
// the last table pairs every finished trial of the seeds the others hold.
// Lines repeated in path (concatenated files) count once.
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
		s := selectRuns(name, byData[name], fullTrials)
		if s.used == 0 {
			fmt.Fprintf(w, "\n%s: no cell has %d finished trials\n", name, fullTrials)
			continue
		}
		s.accuracyTable(w)
		s.pairedTable(w)
		s.trialsTable(w)
		s.seedsTable(w)
		s.equalTrialTable(w)
	}
	fmt.Fprintln(w, "\n(n) is the number of data seeds behind each cell.")
	return nil
}

func (s *selection) header(w io.Writer, first string) {
	fmt.Fprintf(w, "| %s |", first)
	for _, t := range s.tix {
		fmt.Fprintf(w, " %s |", s.tests[t])
	}
	fmt.Fprintf(w, " Avg |\n|---|%s---|\n", strings.Repeat("---|", len(s.tix)))
}

func (s *selection) accuracyTable(w io.Writer) {
	fmt.Fprintf(w, "\n%s: %d runs, %d data seeds, %d-%d trials per algorithm, held-out domain and seed, %d steps, %.0f CPU-min; training-domain validation; accuracy %% mean ± SE over data seeds\n\n",
		s.name, s.used, len(s.seeds), s.minTrials, s.maxTrials, s.steps, s.cpu/60)
	s.header(w, "method")
	for _, m := range s.methods {
		fmt.Fprintf(w, "| %s |", m)
		for _, t := range s.tix {
			var xs []float64
			for _, seed := range s.seeds {
				if v, ok := s.acc(m, t, seed); ok {
					xs = append(xs, v)
				}
			}
			st := display.MeanSE(xs)
			fmt.Fprintf(w, " %.1f ± %.1f (%d) |", 100*st.Mean, 100*st.SE, len(xs))
		}
		var avg []float64
		for _, seed := range s.seeds {
			if v, ok := s.avg(m, seed); ok {
				avg = append(avg, v)
			}
		}
		st := display.MeanSE(avg)
		fmt.Fprintf(w, " %.1f ± %.1f (%d) |\n", 100*st.Mean, 100*st.SE, len(avg))
	}
}

func (s *selection) pairedTable(w io.Writer) {
	if _, ok := s.algOf[baseMethod]; !ok || len(s.methods) < 2 {
		return
	}
	fmt.Fprintf(w, "\n%s: paired difference to %s in points (same data seed, each algorithm's kept trial), mean ± SE (seeds above %s / seeds paired)\n\n",
		s.name, baseMethod, baseMethod)
	s.header(w, "method − "+baseMethod)
	for _, m := range s.methods {
		if m == baseMethod {
			continue
		}
		fmt.Fprintf(w, "| %s |", m)
		for _, t := range s.tix {
			p := paired(s.seeds,
				func(seed uint64) (float64, bool) { return s.acc(m, t, seed) },
				func(seed uint64) (float64, bool) { return s.acc(baseMethod, t, seed) })
			fmt.Fprintf(w, " %s |", p)
		}
		p := paired(s.seeds,
			func(seed uint64) (float64, bool) { return s.avg(m, seed) },
			func(seed uint64) (float64, bool) { return s.avg(baseMethod, seed) })
		fmt.Fprintf(w, " %s |\n", p)
	}
}

func (s *selection) trialsTable(w io.Writer) {
	algs := s.algorithms()
	fmt.Fprintf(w, "\n%s: the trial kept by training-domain validation, per data seed %s\n\n| algorithm |", s.name, s.seedList())
	for _, t := range s.tix {
		fmt.Fprintf(w, " %s |", s.tests[t])
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(s.tix)))
	for _, a := range algs {
		fmt.Fprintf(w, "| %s |", a)
		for _, t := range s.tix {
			picks := make([]string, len(s.seeds))
			for i, seed := range s.seeds {
				picks[i] = "–"
				if b, ok := s.best[cell{a, t, seed}]; ok {
					picks[i] = fmt.Sprint(b.Trial)
				}
			}
			fmt.Fprintf(w, " %s |", strings.Join(picks, ", "))
		}
		fmt.Fprintln(w)
	}
}

// algorithms lists the algorithms of s's methods, in the methods' order.
func (s *selection) algorithms() []string {
	var algs []string
	seen := map[string]bool{}
	for _, m := range s.methods {
		if a := s.algOf[m]; !seen[a] {
			seen[a] = true
			algs = append(algs, a)
		}
	}
	return algs
}

func (s *selection) seedList() string {
	seeds := make([]string, len(s.seeds))
	for i, seed := range s.seeds {
		seeds[i] = fmt.Sprint(seed)
	}
	return strings.Join(seeds, ", ")
}

// seedsTable prints each method's test accuracy per data seed, from its
// algorithm's kept trial, then each algorithm's validation accuracy of
// that trial.
func (s *selection) seedsTable(w io.Writer) {
	fmt.Fprintf(w, "\n%s: accuracy %% per data seed %s (each algorithm's kept trial), and the kept trial's training-domain validation accuracy\n\n| method |", s.name, s.seedList())
	for _, t := range s.tix {
		fmt.Fprintf(w, " %s |", s.tests[t])
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(s.tix)))
	row := func(name string, v func(t int, seed uint64) (float64, bool)) {
		fmt.Fprintf(w, "| %s |", name)
		for _, t := range s.tix {
			xs := make([]string, len(s.seeds))
			for i, seed := range s.seeds {
				xs[i] = "–"
				if x, ok := v(t, seed); ok {
					xs[i] = fmt.Sprintf("%.1f", 100*x)
				}
			}
			fmt.Fprintf(w, " %s |", strings.Join(xs, ", "))
		}
		fmt.Fprintln(w)
	}
	for _, m := range s.methods {
		row(m, func(t int, seed uint64) (float64, bool) { return s.acc(m, t, seed) })
	}
	for _, a := range s.algorithms() {
		row(a+": validation", func(t int, seed uint64) (float64, bool) {
			b, ok := s.best[cell{a, t, seed}]
			return b.Val, ok
		})
	}
}

// equalTrialTable prints, per held-out domain, each method's difference
// to ERM at the same data seed and trial: the same draw of
// hyperparameters, with no selection between them. Every finished trial
// of the seeds in s counts, also in cells a search has not finished.
func (s *selection) equalTrialTable(w io.Writer) {
	if _, ok := s.algOf[baseMethod]; !ok || len(s.methods) < 2 {
		return
	}
	type key struct {
		alg   string
		test  int
		seed  uint64
		trial uint64
	}
	byKey := map[key]run{}
	trialSet := map[uint64]bool{}
	for _, r := range s.runs {
		byKey[key{r.Alg, r.TestIx, r.Seed, r.Trial}] = r
		trialSet[r.Trial] = true
	}
	var trials []uint64
	for t := range trialSet {
		trials = append(trials, t)
	}
	sort.Slice(trials, func(i, j int) bool { return trials[i] < trials[j] })
	accAt := func(m string, t int, trial uint64) func(uint64) (float64, bool) {
		return func(seed uint64) (float64, bool) {
			r, ok := byKey[key{s.algOf[m], t, seed, trial}]
			if !ok {
				return 0, false
			}
			v, ok := r.Acc[m]
			return v, ok
		}
	}
	for _, t := range s.tix {
		fmt.Fprintf(w, "\n%s, %s held out: difference to %s at the same data seed and trial (the same hyperparameters), points, mean ± SE (seeds above %s / seeds paired)\n\n| method − %s |",
			s.name, s.tests[t], baseMethod, baseMethod, baseMethod)
		for _, tr := range trials {
			fmt.Fprintf(w, " trial %d |", tr)
		}
		fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(trials)))
		for _, m := range s.methods {
			if m == baseMethod {
				continue
			}
			fmt.Fprintf(w, "| %s |", m)
			for _, tr := range trials {
				fmt.Fprintf(w, " %s |", paired(s.seeds, accAt(m, t, tr), accAt(baseMethod, t, tr)))
			}
			fmt.Fprintln(w)
		}
	}
}
