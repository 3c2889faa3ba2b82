package bandit

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestClassificationConversion(t *testing.T) {
	x := [][]float64{{3, 4}, {0, 2}, {1, 0}, {-6, 8}, {5, 12}}
	y := []int{0, 2, 1, 2, 0}
	c, err := NewClassification("toy", x, y, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Arms() != 3 || c.Dim() != 2 || c.Len() != 5 {
		t.Fatalf("arms, dim, len = %d, %d, %d", c.Arms(), c.Dim(), c.Len())
	}
	xs, rew := make([]float64, 2), make([]float64, 3)
	seen := map[int]int{}
	for r := range 10 { // two passes
		if err := c.Round(7, r, xs, rew); err != nil {
			t.Fatal(err)
		}
		i := c.Row(7, r)
		seen[i]++
		n := math.Hypot(x[i][0], x[i][1])
		if math.Abs(xs[0]-x[i][0]/n) > 1e-15 || math.Abs(xs[1]-x[i][1]/n) > 1e-15 {
			t.Fatalf("round %d: x = %v, want row %d %v normalised", r, xs, i, x[i])
		}
		for a := range rew {
			want := 0.0
			if a == y[i] {
				want = 1
			}
			if rew[a] != want {
				t.Fatalf("round %d (row %d, class %d): rewards %v", r, i, y[i], rew)
			}
		}
	}
	for i := range x {
		if seen[i] != 2 {
			t.Fatalf("two passes showed row %d %d times, want 2 (%v)", i, seen[i], seen)
		}
	}
	// Same seed, same order; another seed, another order (for this size,
	// the chance of equal orders over seeds 1..20 is negligible).
	same, differ := true, false
	for s := uint64(1); s <= 20; s++ {
		for r := range 5 {
			if c.Row(s, r) != c.Row(s, r) {
				same = false
			}
			if c.Row(s, r) != c.Row(1, r) {
				differ = true
			}
		}
	}
	if !same || !differ {
		t.Fatalf("orders: deterministic %v, seeds differ %v", same, differ)
	}
	if got := Joint([]float64{1, 2}, 1, 3); len(got) != 6 || got[2] != 1 || got[3] != 2 || got[0] != 0 || got[5] != 0 {
		t.Fatalf("Joint = %v", got)
	}
}

func TestClassificationBadData(t *testing.T) {
	cases := []struct {
		name string
		x    [][]float64
		y    []int
		want string
	}{
		{"empty", nil, nil, "no rows"},
		{"one class", [][]float64{{1, 2}, {3, 4}}, []int{1, 1}, "single class"},
		{"NaN", [][]float64{{1, math.NaN()}, {3, 4}}, []int{0, 1}, "feature 1 is NaN"},
		{"Inf", [][]float64{{1, 2}, {math.Inf(1), 4}}, []int{0, 1}, "+Inf"},
		{"ragged", [][]float64{{1, 2}, {3}}, []int{0, 1}, "has 1 features"},
		{"zero row", [][]float64{{0, 0}, {3, 4}}, []int{0, 1}, "all zeros"},
		{"labels", [][]float64{{1, 2}, {3, 4}}, []int{0}, "2 rows but 1 labels"},
		{"negative label", [][]float64{{1, 2}, {3, 4}}, []int{0, -1}, "label -1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewClassification("d", c.x, c.y, nil)
			if err == nil || !errors.Is(err, ErrData) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrData mentioning %q", err, c.want)
			}
		})
	}
}

func TestReadCSV(t *testing.T) {
	c, err := ReadCSV("t", strings.NewReader("\"f1\",\"f2\",\"cls\"\n1,2,\"b\"\n3,4,\"a\"\n5,6,\"b\"\n"), "cls")
	if err != nil {
		t.Fatal(err)
	}
	if c.Arms() != 2 || c.Dim() != 2 || strings.Join(c.Labels(), ",") != "a,b" {
		t.Fatalf("arms %d dim %d labels %v", c.Arms(), c.Dim(), c.Labels())
	}
	for _, bad := range []struct{ csv, label, want string }{
		{"f,c\n1,x\n2,x\n", "", "single class"},
		{"f,c\n1,x\nNA,y\n", "", "NaN"},
		{"f,c\n1,x\nabc,y\n", "", "not a number"},
		{"f,c\n1,x\n", "class", "no column \"class\""},
		{"", "", "empty"},
	} {
		if _, err := ReadCSV("t", strings.NewReader(bad.csv), bad.label); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ReadCSV(%q) = %v, want an error mentioning %q", bad.csv, err, bad.want)
		}
	}
	if c, err := ReadCSV("t", strings.NewReader("id,f,c\n7,1,x\n8,2,y\n"), "c", "id"); err != nil || c.Dim() != 1 {
		t.Errorf("drop id: %v, %v; want 1 feature", c, err)
	}
	for _, bad := range []struct {
		drop []string
		want string
	}{{[]string{"nope"}, "no column \"nope\" to drop"}, {[]string{"c"}, "label column"}, {[]string{"id", "f"}, "needs feature columns"}} {
		if _, err := ReadCSV("t", strings.NewReader("id,f,c\n7,1,x\n8,2,y\n"), "c", bad.drop...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("drop %v: %v, want an error mentioning %q", bad.drop, err, bad.want)
		}
	}
}

func TestLoadShippedData(t *testing.T) {
	for _, c := range []struct {
		file, label string
		drop        []string
		n, d, k     int
	}{
		{"shuttle", "Class", nil, 58000, 9, 7},
		{"letter", "lettr", nil, 20000, 16, 26},
		{"satellite", "classes", nil, 6435, 36, 6},
		{"vowel", "Class", []string{"V1"}, 990, 9, 11},
		{"vehicle", "Class", nil, 846, 18, 4},
	} {
		env, err := LoadCSV("../../notebooks/data/"+c.file+".csv.gz", c.label, c.drop...)
		if err != nil {
			t.Fatal(err)
		}
		if env.Len() != c.n || env.Dim() != c.d || env.Arms() != c.k {
			t.Errorf("%s: %v, want %d rows, d %d, K %d", c.file, env, c.n, c.d, c.k)
		}
	}
	if _, err := LoadCSV("no/such.csv.gz", ""); err == nil || !strings.Contains(err.Error(), "notebooks/data") {
		t.Errorf("missing file: %v", err)
	}
}
