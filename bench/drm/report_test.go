package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportPaired: the paired difference to ERM is taken per data seed
// between each algorithm's kept trial and ERM's kept trial (not the trials
// with the best test score), with the seeds above and level with ERM
// counted; the kept trials are listed per seed; a line repeated by
// concatenating two processes' files counts once.
func TestReportPaired(t *testing.T) {
	var b bytes.Buffer
	add := func(alg string, seed, trial uint64, val float64, acc map[string]float64) {
		line, _ := json.Marshal(run{Data: "cmnist", Seed: seed, Test: "-90%", TestIx: 2, Trial: trial, Alg: alg,
			Steps: 10, Val: val, Acc: acc})
		b.Write(append(line, '\n'))
	}
	erm := func(e, tent float64) map[string]float64 { return map[string]float64{"ERM": e, "Tent": tent} }
	drm := func(a float64) map[string]float64 { return map[string]float64{"DRM (ensemble)": a} }
	add("ERM", 1, 0, 0.8, erm(0.10, 0.12))
	add("ERM", 1, 1, 0.9, erm(0.20, 0.20)) // kept
	add("ERM", 1, 1, 0.9, erm(0.20, 0.20)) // the same line again
	add("ERM", 2, 0, 0.9, erm(0.30, 0.35)) // kept
	add("ERM", 2, 1, 0.5, erm(0.90, 0.90))
	add("ERM", 3, 0, 0.7, erm(0.40, 0.40))
	add("ERM", 3, 1, 0.8, erm(0.50, 0.45)) // kept
	add("DRM", 1, 0, 0.9, drm(0.30))       // kept: +10 on ERM
	add("DRM", 1, 1, 0.1, drm(0.99))       // best on test, not kept
	add("DRM", 2, 0, 0.8, drm(0.00))
	add("DRM", 2, 1, 0.9, drm(0.30)) // kept: level with ERM
	add("DRM", 3, 0, 0.9, drm(0.30)) // kept: −20
	add("DRM", 3, 1, 0.2, drm(0.90))
	add("CORAL", 1, 0, 0.9, map[string]float64{"CORAL": 0.5}) // one trial of two: no cell with -full 2
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(&out, path, 0); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, c := range []struct{ what, row string }{
		{"runs counted once", "cmnist: 13 runs, 3 data seeds, 1-2 trials"},
		// ERM kept 0.20, 0.30, 0.50: 33.3 ± 8.8.
		{"ERM accuracy", "| ERM | 33.3 ± 8.8 (3) | 33.3 ± 8.8 (3) |"},
		// Differences +10, 0, −20: mean −3.3, SD 15.3, SE 8.8.
		{"DRM paired", "| DRM (ensemble) | -3.3 ± 8.8 (1/3, 1 level) | -3.3 ± 8.8 (1/3, 1 level) |"},
		// Tent is scored on ERM's kept trial: 0, +5, −5.
		{"Tent paired", "| Tent | +0.0 ± 2.9 (1/3, 1 level) | +0.0 ± 2.9 (1/3, 1 level) |"},
		{"ERM's trials", "| ERM | 1, 0, 1 |"},
		{"DRM's trials", "| DRM | 0, 1, 0 |"},
	} {
		if !strings.Contains(got, c.row) {
			t.Errorf("%s: want the row %q in\n%s", c.what, c.row, got)
		}
	}
	if strings.Contains(got, "| ERM | +") || strings.Contains(got, "| ERM | -") {
		t.Errorf("ERM is paired with itself:\n%s", got)
	}
	// With -full 2 CORAL's one trial keeps no cell: no row, rather than a
	// row of NaN.
	out.Reset()
	if err := report(&out, path, 2); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, "CORAL") || !strings.Contains(got, "| DRM (ensemble) | -3.3 ± 8.8 (1/3, 1 level)") {
		t.Errorf("report -full 2: want DRM's rows and none for CORAL:\n%s", got)
	}
}

func TestPaired(t *testing.T) {
	vals := func(m map[uint64]float64) func(uint64) (float64, bool) {
		return func(s uint64) (float64, bool) { v, ok := m[s]; return v, ok }
	}
	for _, c := range []struct {
		name            string
		m, base         map[uint64]float64
		mean, se        float64
		above, level, n int
		str             string
	}{
		{name: "all above", m: map[uint64]float64{1: 0.5, 2: 0.6}, base: map[uint64]float64{1: 0.4, 2: 0.4},
			mean: 0.15, se: 0.05, above: 2, n: 2, str: "+15.0 ± 5.0 (2/2)"},
		{name: "a seed missing on one side is not paired", m: map[uint64]float64{1: 0.5, 2: 0.6, 3: 0.9}, base: map[uint64]float64{1: 0.5, 2: 0.4, 4: 0.1},
			mean: 0.1, se: 0.1, above: 1, level: 1, n: 2, str: "+10.0 ± 10.0 (1/2, 1 level)"},
		{name: "one seed has no SE", m: map[uint64]float64{1: 0.3}, base: map[uint64]float64{1: 0.4},
			mean: -0.1, se: math.NaN(), n: 1, str: "-10.0 ± NaN (0/1)"},
		{name: "nothing paired", m: map[uint64]float64{1: 0.3}, base: map[uint64]float64{2: 0.4}, str: "–"},
	} {
		p := paired([]uint64{1, 2, 3, 4}, vals(c.m), vals(c.base))
		if p.n != c.n || p.above != c.above || p.level != c.level || p.String() != c.str {
			t.Errorf("%s: %+v %q; want n %d, above %d, level %d, %q", c.name, p, p.String(), c.n, c.above, c.level, c.str)
		}
		if c.n > 0 && (math.Abs(p.Mean-c.mean) > 1e-12 || !(math.Abs(p.SE-c.se) < 1e-12 || math.IsNaN(c.se) && math.IsNaN(p.SE))) {
			t.Errorf("%s: mean %v ± %v, want %v ± %v", c.name, p.Mean, p.SE, c.mean, c.se)
		}
	}
}

// TestReportSeedsAndEqualTrials: the per-seed table gives each method's
// accuracy from its algorithm's kept trial and that trial's validation
// accuracy; the equal-trial table pairs each method with ERM at the same
// data seed and trial, whichever trial validation kept.
func TestReportSeedsAndEqualTrials(t *testing.T) {
	var b bytes.Buffer
	add := func(alg string, seed, trial uint64, val float64, acc map[string]float64) {
		line, _ := json.Marshal(run{Data: "rmnist", Seed: seed, Test: "75°", TestIx: 5, Trial: trial, Alg: alg,
			Steps: 10, Val: val, Acc: acc})
		b.Write(append(line, '\n'))
	}
	head := func(a float64) map[string]float64 { return map[string]float64{"DRM (min-entropy head)": a} }
	add("ERM", 1, 0, 0.90, map[string]float64{"ERM": 0.50}) // kept
	add("ERM", 1, 1, 0.80, map[string]float64{"ERM": 0.70})
	add("ERM", 2, 0, 0.70, map[string]float64{"ERM": 0.40})
	add("ERM", 2, 1, 0.95, map[string]float64{"ERM": 0.60}) // kept
	add("DRM", 1, 0, 0.85, head(0.55))
	add("DRM", 1, 1, 0.88, head(0.90)) // kept
	add("DRM", 2, 0, 0.99, head(0.30)) // kept
	add("DRM", 2, 1, 0.50, head(0.80))
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(&out, path, 2); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, c := range []struct{ what, row string }{
		{"ERM per seed", "| ERM | 50.0, 60.0 |"},
		{"DRM per seed", "| DRM (min-entropy head) | 90.0, 30.0 |"},
		{"ERM's kept validation", "| ERM: validation | 90.0, 95.0 |"},
		{"DRM's kept validation", "| DRM: validation | 88.0, 99.0 |"},
		{"equal-trial header", "| method − ERM | trial 0 | trial 1 |"},
		// Trial 0: +5 and −10; trial 1: +20 and +20.
		{"equal-trial row", "| DRM (min-entropy head) | -2.5 ± 7.5 (1/2) | +20.0 ± 0.0 (2/2) |"},
	} {
		if !strings.Contains(got, c.row) {
			t.Errorf("%s: want the row %q in\n%s", c.what, c.row, got)
		}
	}
}
