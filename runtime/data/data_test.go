package data_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/data"
)

func TestReadCSV(t *testing.T) {
	for _, path := range []string{"testdata/animals.csv", "testdata/animals.csv.gz"} {
		d, err := data.ReadCSV(path, data.CSVOptions{Label: "species", Drop: []string{"id"}})
		if err != nil {
			t.Fatal(err)
		}
		if d.N != 4 || d.Dim != 2 || !slices.Equal(d.Features, []string{"height", "weight"}) {
			t.Fatalf("%s: N=%d Dim=%d features %v", path, d.N, d.Dim, d.Features)
		}
		if !slices.Equal(d.X, []float32{1.5, 10, 2.5, 20, 3.5, 30, 4.5, 40}) {
			t.Fatalf("%s: X = %v", path, d.X)
		}
		if !slices.Equal(d.Classes, []string{"bird", "cat", "dog"}) || !slices.Equal(d.Y, []int{1, 2, 1, 0}) {
			t.Fatalf("%s: classes %v, y %v", path, d.Classes, d.Y)
		}
	}
}

func TestReadCSVNoHeaderNumericLabels(t *testing.T) {
	d, err := data.ReadCSV("testdata/noheader.csv", data.CSVOptions{NoHeader: true, LabelLast: true})
	if err != nil {
		t.Fatal(err)
	}
	// "10" sorts after "9" because the labels are numbers.
	if d.N != 3 || d.Dim != 3 || !slices.Equal(d.Classes, []string{"9", "10"}) || !slices.Equal(d.Y, []int{0, 1, 0}) {
		t.Fatalf("N=%d Dim=%d classes %v y %v", d.N, d.Dim, d.Classes, d.Y)
	}
}

func TestReadLetterSubset(t *testing.T) {
	d, err := data.ReadCSV("testdata/letter-200.csv.gz", data.CSVOptions{Label: "lettr"})
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 200 || d.Dim != 16 || d.Classes[0] != "A" || d.Classes[d.Y[0]] != "T" || d.Row(0)[0] != 2 {
		t.Fatalf("N=%d Dim=%d classes %v first label %q first value %v", d.N, d.Dim, d.Classes, d.Classes[d.Y[0]], d.Row(0)[0])
	}
}

func TestCSVErrors(t *testing.T) {
	cases := []struct {
		name, csv string
		opt       data.CSVOptions
		want      error
		mention   string
	}{
		{"ragged row", "a,b,y\n1,2,x\n3,x\n", data.CSVOptions{Label: "y"}, data.ErrRagged, "line 3 has 2 fields"},
		{"not a number", "a,b,y\n1,2,x\n3,abc,x\n", data.CSVOptions{Label: "y"}, data.ErrNumeric, `column "b": "abc"`},
		{"missing value", "a,b\n1,NA\n", data.CSVOptions{}, data.ErrNumeric, "missing value"},
		{"NaN", "a,b\n1,nan\n", data.CSVOptions{}, data.ErrNumeric, "missing value"},
		{"no label column", "a,b\n1,2\n", data.CSVOptions{Label: "class"}, data.ErrHeader, `no label column "class"; its columns are a, b`},
		{"empty header name", "a,,c\n1,2,3\n", data.CSVOptions{}, data.ErrHeader, "empty column name"},
		{"duplicate header", "a,a\n1,2\n", data.CSVOptions{}, data.ErrHeader, `"a" twice`},
		{"unknown drop", "a,b\n1,2\n", data.CSVOptions{Drop: []string{"z"}}, data.ErrHeader, `no column "z"`},
		{"empty file", "", data.CSVOptions{}, data.ErrHeader, "empty"},
		{"only the label", "y\nx\n", data.CSVOptions{Label: "y"}, data.ErrHeader, "no feature columns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := data.ParseCSV(strings.NewReader(c.csv), "t.csv", c.opt)
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.mention) || !strings.Contains(err.Error(), "t.csv") {
				t.Fatalf("error %q should name the file and say %q", err, c.mention)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	for path, mention := range map[string]string{
		"nowhere/letter.csv":                      "notebooks/data",
		"nowhere/mnist/t10k-images-idx3-ubyte.gz": "GoMNIST",
		"nowhere/fashion-mnist/train-images-idx3": "dataset-fashion-mnist",
	} {
		_, err := data.ReadCSV(path, data.CSVOptions{})
		if !errors.Is(err, data.ErrNotFound) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), mention) {
			t.Errorf("missing %s: error %q should wrap ErrNotFound, name the path and mention %q", path, err, mention)
		}
	}
	if _, err := data.LoadMNIST("nowhere", "t10k"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("LoadMNIST on a missing directory: %v", err)
	}
}

func TestIDX(t *testing.T) {
	d, err := data.ReadMNIST("testdata/tiny-images-idx3-ubyte", "testdata/tiny-labels-idx1-ubyte.gz")
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 3 || d.Dim != 6 || !slices.Equal(d.Y, []int{7, 0, 7}) || len(d.Classes) != 8 {
		t.Fatalf("N=%d Dim=%d y %v classes %v", d.N, d.Dim, d.Y, d.Classes)
	}
	if d.X[0] != 0 || d.X[1] != 14.0/255 || d.X[17] != 238.0/255 {
		t.Fatalf("pixels %v not scaled to [0,1] from 0,14,..,238", d.X)
	}
	raw, err := data.ReadIDX("testdata/tiny-images-idx3-ubyte")
	if err != nil || !slices.Equal(raw.Dims, []int{3, 2, 3}) || raw.Data[2] != 28 {
		t.Fatalf("ReadIDX: %v %v", raw, err)
	}
}

func TestIDXErrors(t *testing.T) {
	cases := map[string]string{
		"not idx":   "\x1f\x00\x08\x01",
		"bad type":  "\x00\x00\x07\x01\x00\x00\x00\x01",
		"truncated": "\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02",
		"short":     "\x00\x00",
	}
	for name, raw := range cases {
		if _, err := data.ParseIDX(strings.NewReader(raw), name); !errors.Is(err, data.ErrIDX) {
			t.Errorf("%s: error %v, want ErrIDX", name, err)
		}
	}
}

func sample(n int) *data.Dataset {
	d := &data.Dataset{N: n, Dim: 2, Classes: []string{"a", "b"}}
	for i := 0; i < n; i++ {
		d.X = append(d.X, float32(i), float32(10*i))
		d.Y = append(d.Y, i%2)
	}
	return d
}

func TestSplitAndShuffle(t *testing.T) {
	d := sample(100)
	train, val, test, err := d.Split(0.2, 0.1, 42)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 70 || val.N != 20 || test.N != 10 {
		t.Fatalf("sizes %d/%d/%d, want 70/20/10", train.N, val.N, test.N)
	}
	seen := map[float32]bool{}
	for _, part := range []*data.Dataset{train, val, test} {
		for i := 0; i < part.N; i++ {
			r := part.Row(i)
			if seen[r[0]] || r[1] != 10*r[0] || part.Y[i] != int(r[0])%2 {
				t.Fatalf("row %v (label %d) duplicated or torn from its label", r, part.Y[i])
			}
			seen[r[0]] = true
		}
	}
	if len(seen) != 100 {
		t.Fatalf("%d distinct rows across the parts, want 100", len(seen))
	}
	again, _, _, _ := d.Split(0.2, 0.1, 42)
	other, _, _, _ := d.Split(0.2, 0.1, 43)
	if !slices.Equal(again.X, train.X) || slices.Equal(other.X, train.X) {
		t.Fatal("split is not determined by its seed")
	}
	if _, _, _, err := d.Split(0.6, 0.5, 1); err == nil {
		t.Fatal("fractions over 1 accepted")
	}
	if s := d.Shuffle(3); slices.Equal(s.X, d.X) || !slices.Equal(s.X, d.Shuffle(3).X) {
		t.Fatal("Shuffle should reorder, reproducibly")
	}
}

func TestBatches(t *testing.T) {
	d := sample(10)
	it := d.Batches(4, 9)
	var sizes []int
	seen := map[float32]bool{}
	for it.Next() {
		sizes = append(sizes, it.Len())
		for i := 0; i < it.Len(); i++ {
			x := it.X()[i*2]
			seen[x] = true
			if it.Y()[i] != int(x)%2 {
				t.Fatalf("batch label %d for row %v", it.Y()[i], x)
			}
		}
	}
	if !slices.Equal(sizes, []int{4, 4, 2}) || len(seen) != 10 {
		t.Fatalf("batch sizes %v covering %d rows, want [4 4 2] over 10", sizes, len(seen))
	}
	first := append([]float32(nil), firstBatch(d.Batches(4, 9))...)
	it.Reset()
	it.Next()
	if it.Epoch() != 1 || slices.Equal(it.X(), first) {
		t.Fatalf("epoch %d reuses the first epoch's order", it.Epoch())
	}
	drop := d.Batches(4, 9)
	drop.DropLast = true
	n := 0
	for drop.Next() {
		n++
	}
	if n != 2 {
		t.Fatalf("DropLast gave %d batches, want 2", n)
	}
	in := d.InOrder(3)
	in.Next()
	if !slices.Equal(in.X(), []float32{0, 0, 1, 10, 2, 20}) {
		t.Fatalf("InOrder first batch %v", in.X())
	}
}

func firstBatch(it *data.Batches) []float32 {
	it.Next()
	return it.X()
}

func TestStandardize(t *testing.T) {
	train := &data.Dataset{N: 4, Dim: 2, X: []float32{1, 5, 2, 5, 3, 5, 4, 5}}
	test := &data.Dataset{N: 1, Dim: 2, X: []float32{5, 7}}
	s, err := data.Standardize(train, test)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mean[0] != 2.5 || math.Abs(float64(s.Std[0])-math.Sqrt(1.25)) > 1e-6 || s.Std[1] != 1 {
		t.Fatalf("mean %v std %v", s.Mean, s.Std)
	}
	// Train columns now have mean 0; the constant column maps to 0; the test
	// row uses the training statistics.
	var sum float32
	for i := 0; i < 4; i++ {
		sum += train.X[i*2]
		if train.X[i*2+1] != 0 {
			t.Fatalf("constant column became %v", train.X[i*2+1])
		}
	}
	if math.Abs(float64(sum)) > 1e-6 || math.Abs(float64(test.X[0])-2.5/math.Sqrt(1.25)) > 1e-6 || test.X[1] != 2 {
		t.Fatalf("train sum %v, test row %v", sum, test.X)
	}
	if err := s.Apply(&data.Dataset{N: 1, Dim: 3, X: make([]float32, 3)}); err == nil {
		t.Fatal("scaler applied to the wrong number of columns")
	}
	if _, err := data.FitScaler(&data.Dataset{Dim: 2}); err == nil {
		t.Fatal("scaler fitted on no rows")
	}
}
