package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/plugins/bandit"
)

// blobs is a small 3-class problem: Gaussian clusters around random centres.
func blobs(t *testing.T) *bandit.Classification {
	r := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	var y []int
	for i := range 300 {
		c := i % 3
		row := make([]float64, 4)
		for j := range row {
			row[j] = 0.3 * r.NormFloat64()
		}
		row[c] += 2
		x, y = append(x, row), append(y, c)
	}
	env, err := bandit.NewClassification("blobs", x, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// TestTuneChoosesLowestMean: tuning picks the configuration of lowest mean
// regret over the tuning seeds, never one whose run failed, and a second
// invocation reads every run back instead of running it.
func TestTuneChoosesLowestMean(t *testing.T) {
	env := blobs(t)
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	st, err := openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	// ε-greedy from 0 to 1: more exploration only adds regret on this easy
	// problem; ε = 2 is refused by the policy (a failed configuration).
	m := method{"eps", one("eps", 2, 1, 0.6, 0.4, 0.2, 0.1, 0.05, 0), func(c config) bandit.Policy { return bandit.EpsGreedy(c["eps"]) }}
	best, err := tuneMethod(st, env, "blobs", m, 300)
	if err != nil {
		t.Fatal(err)
	}
	mean := func(st *store, c config) float64 {
		s := 0.0
		for _, seed := range tuneSeeds {
			s += st.done[record{Phase: "tune", Data: "blobs", Method: "eps", Config: c, Seed: seed, T: 300}.key()].Regret
		}
		return s
	}
	for _, c := range m.grid[1:] {
		if mean(st, c) < mean(st, best) {
			t.Errorf("chose %v (total %v), but %v has %v", best, mean(st, best), c, mean(st, c))
		}
	}
	if r := st.done[record{Phase: "tune", Data: "blobs", Method: "eps", Config: config{"eps": 2}, Seed: 1, T: 300}.key()]; r.Err == "" {
		t.Errorf("eps = 2 did not fail: %+v", r)
	}
	st.close()
	b, _ := os.ReadFile(path)
	lines := strings.Count(string(b), "\n")
	if lines != 8*5-4 { // the failed configuration stops after its first seed
		t.Errorf("%d runs stored, want 36", lines)
	}
	st2, err := openStore(path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := tuneMethod(st2, env, "blobs", m, 300)
	st2.close()
	if err != nil || again.String() != best.String() {
		t.Fatalf("resumed tuning chose %v (%v), first %v", again, err, best)
	}
	if b2, _ := os.ReadFile(path); len(b2) != len(b) {
		t.Errorf("the resumed tuning ran again: %d bytes, was %d", len(b2), len(b))
	}
}

func TestGridsEqual(t *testing.T) {
	for _, m := range methods {
		if len(m.grid) != gridSize {
			t.Errorf("%s: %d configurations, want %d", m.key, len(m.grid), gridSize)
		}
		seen := map[string]bool{}
		for _, c := range m.grid {
			if seen[c.String()] {
				t.Errorf("%s: %v twice", m.key, c)
			}
			seen[c.String()] = true
			if p := m.make(c); p == nil || p.Start(3, 2, 1) != nil {
				t.Errorf("%s %v: the policy does not start", m.key, c)
			}
		}
	}
	for _, v := range variants {
		if _, ok := findMethod(v.base); !ok {
			t.Errorf("variant %s: no method %s", v.key, v.base)
		}
	}
}

func TestMarkdown(t *testing.T) {
	st := &store{done: map[string]record{}}
	chosen := chosenConfigs{}
	chosen.set("blobs", "LinUCB", config{"alpha": 1})
	for i, s := range reportSeeds {
		st.done[record{Phase: "report", Data: "blobs", Method: "LinUCB", Config: config{"alpha": 1}, Seed: s, T: 100}.key()] =
			record{Regret: float64(10 + i%2)}
		st.done[record{Phase: "report", Data: "blobs", Method: "uniform", Config: config{}, Seed: s, T: 100}.key()] = record{Regret: 66}
	}
	got := markdown(st, chosen, []dataSet{{name: "blobs"}}, 100)
	for _, want := range []string{"| LinUCB | **10.5 ± 0.2** |", "| uniform | 66.0 ± 0.0 |", "| **NeuSquareCB** (5 nets, perturbed) | – |", "| LinUCB | alpha=1 |"} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}
