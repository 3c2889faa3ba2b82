package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A score written by one run is read back by the next under the same model
// and labels, never under others, and a record torn by a crash is dropped
// without misaligning the records appended after it.
func TestScoreStoreRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scores")
	labels := []string{"terrible", "great"}
	prefix := storePrefix("BERT", labels)
	seen := map[[16]byte][]float64{}
	st, err := openStore(path, "bert bf16=true", len(labels), probe, seen)
	if err != nil {
		t.Fatal(err)
	}
	keys := [][16]byte{storeKey(prefix, "a"), storeKey(prefix, "b")}
	if err := st.append(keys, [][]float64{{-1.5, -0.25}, {-3, -2}}); err != nil {
		t.Fatal(err)
	}
	if err := st.append(keys[:1], [][]float64{{1}}); err == nil {
		t.Fatal("a record with one score for two labels was accepted")
	}
	st.Close()
	// A crash mid-record leaves a torn tail.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write([]byte{1, 2, 3})
	f.Close()

	seen = map[[16]byte][]float64{}
	st, err = openStore(path, "bert bf16=true", len(labels), probe, seen)
	if err != nil {
		t.Fatal(err)
	}
	if got := seen[storeKey(prefix, "b")]; len(got) != 2 || got[0] != -3 || got[1] != -2 {
		t.Fatalf("read back %v, want [-3 -2]", got)
	}
	if _, ok := seen[storeKey(storePrefix("BERT", []string{"bad", "good"}), "a")]; ok {
		t.Fatal("other labels matched a stored score")
	}
	if _, ok := seen[storeKey(storePrefix("SmolLM2", labels), "a")]; ok {
		t.Fatal("another model matched a stored score")
	}
	if err := st.append([][16]byte{storeKey(prefix, "c")}, [][]float64{{-7, -8}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	seen = map[[16]byte][]float64{}
	if _, err := openStore(path, "bert bf16=true", len(labels), probe, seen); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[storeKey(prefix, "c")][1] != -8 {
		t.Fatalf("after the torn tail: %d records, c = %v; want 3 and [-7 -8]", len(seen), seen[storeKey(prefix, "c")])
	}
}

// A store is refused when its side file names another model or precision
// (the keys do not name the precision), when the scorer's probe scores
// differ in any bit from those it was written with, or when it predates the
// probe; the same model and probe open it.
func TestScoreStoreRefusesAnotherScorer(t *testing.T) {
	write := func(t *testing.T, side string) string {
		path := filepath.Join(t.TempDir(), "scores")
		st, err := openStore(path, "bert bf16=true", 2, probe, map[[16]byte][]float64{})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		if side != "" {
			if err := os.WriteFile(path+".model", []byte(side), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return path
	}
	for _, tc := range []struct {
		name, side, model string
		probe             []float64
		wantErr           string // "" when the store must open
	}{
		{name: "same model and probe", model: "bert bf16=true", probe: probe},
		{name: "other precision", model: "bert bf16=false", probe: probe, wantErr: `holds the scores of "bert bf16=true"`},
		{name: "probe one ulp off", model: "bert bf16=true", probe: []float64{probe[0], math.Nextafter(probe[1], 0)}, wantErr: "the model's code or weights changed"},
		{name: "store without a probe", side: "bert bf16=true\n", model: "bert bf16=true", probe: probe, wantErr: "before score stores recorded a probe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(t, tc.side)
			st, err := openStore(path, tc.model, 2, tc.probe, map[[16]byte][]float64{})
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.wantErr == "":
				st.Close()
			case err == nil:
				st.Close()
				t.Fatalf("opened; want an error with %q", tc.wantErr)
			case !strings.Contains(err.Error(), tc.wantErr):
				t.Fatalf("error %q; want it to say %q", err, tc.wantErr)
			}
		})
	}
}

// probe stands for a scorer's probe scores in these tests.
var probe = []float64{-0.6931471805599453, -1.25}

func TestParsePasses(t *testing.T) {
	for _, tc := range []struct {
		spec    string
		seeds   []int
		rows    []int
		wantErr bool
	}{
		{spec: "core,random,greedy-unpruned:2", seeds: []int{5, 5, 2}, rows: []int{3, 1, 1}},
		{spec: "greedy,genetic,swarm", seeds: []int{5, 5, 5}, rows: []int{5, 2, 2}},
		{spec: "swarm-pruned:9", seeds: []int{5}, rows: []int{1}},
		{spec: "core,bogus", wantErr: true},
		{spec: "core:0", wantErr: true},
		{spec: "core:x", wantErr: true},
		{spec: ",", wantErr: true},
	} {
		ps, err := parsePasses(tc.spec, 5)
		if tc.wantErr {
			if err == nil {
				t.Errorf("%q: no error", tc.spec)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.spec, err)
		}
		if len(ps) != len(tc.seeds) {
			t.Fatalf("%q: %d passes, want %d", tc.spec, len(ps), len(tc.seeds))
		}
		for i, p := range ps {
			if p.seeds != tc.seeds[i] || len(p.rows) != tc.rows[i] {
				t.Errorf("%q pass %d: %d seeds, %d rows; want %d, %d", tc.spec, i, p.seeds, len(p.rows), tc.seeds[i], tc.rows[i])
			}
		}
	}
}
