package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportSelectsByValidation: for each algorithm, held-out domain and
// data seed the report keeps the trial with the best validation accuracy,
// whatever its test accuracy, and averages over seeds; a line cut short by
// a kill is skipped.
func TestReportSelectsByValidation(t *testing.T) {
	var b bytes.Buffer
	add := func(seed, trial uint64, test int, val, acc float64) {
		r := run{Data: "cmnist", Seed: seed, Test: []string{"+90%", "-90%"}[test], TestIx: test, Trial: trial, Alg: "ERM",
			Steps: 10, Val: val, Acc: map[string]float64{"ERM": acc}}
		line, _ := json.Marshal(r)
		b.Write(append(line, '\n'))
	}
	// Seed 1: trial 1 validates best (0.9) and scores 0.40 on -90%; the
	// trial with the best test score (0.80) validates worse.
	add(1, 0, 1, 0.5, 0.80)
	add(1, 1, 1, 0.9, 0.40)
	add(2, 0, 1, 0.7, 0.60)
	add(2, 1, 1, 0.6, 0.90)
	add(1, 0, 0, 0.8, 0.70)
	add(2, 0, 0, 0.8, 0.50)
	b.WriteString(`{"data":"cmnist","seed":3,`) // cut short
	path := filepath.Join(t.TempDir(), "runs.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runs, err := readRuns(path)
	if err != nil || len(runs) != 6 {
		t.Fatalf("readRuns: %d runs, %v; want 6", len(runs), err)
	}
	var out bytes.Buffer
	if err := report(&out, path, 0); err != nil {
		t.Fatal(err)
	}
	// -90%: seeds pick 0.40 and 0.60, mean 50.0, SE 10.0; +90%: 70 and 50,
	// mean 60.0, SE 10.0; Avg per seed 55 and 55: 55.0 ± 0.0.
	want := "| ERM | 60.0 ± 10.0 (2) | 50.0 ± 10.0 (2) | 55.0 ± 0.0 (2) |"
	if !strings.Contains(out.String(), want) {
		t.Fatalf("report:\n%s\nwant the row %q", out.String(), want)
	}
	if !strings.Contains(out.String(), "1-2 trials") {
		t.Errorf("report does not count the trials per cell:\n%s", out.String())
	}
	// With -full 2 only -90%, which has both trials, is left.
	out.Reset()
	if err := report(&out, path, 2); err != nil {
		t.Fatal(err)
	}
	if want := "| ERM | 50.0 ± 10.0 (2) | 50.0 ± 10.0 (2) |"; !strings.Contains(out.String(), want) {
		t.Fatalf("report -full 2:\n%s\nwant the row %q", out.String(), want)
	}
}

func TestParseTests(t *testing.T) {
	got, err := parseTests("rmnist=0,5;cmnist=2")
	if err != nil || len(got["rmnist"]) != 2 || got["rmnist"][1] != 5 || got["cmnist"][0] != 2 {
		t.Fatalf("parseTests: %v, %v", got, err)
	}
	for _, bad := range []string{"rmnist", "cmnist=x", "cmnist=-1"} {
		if _, err := parseTests(bad); err == nil {
			t.Errorf("parseTests(%q): no error", bad)
		}
	}
}
