package bandit

import (
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeIDX(t *testing.T, path string, magic uint32, dims []uint32, data []byte) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	binary.Write(zw, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(zw, binary.BigEndian, d)
	}
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestLoadIDX(t *testing.T) {
	dir := t.TempDir()
	img, lab := filepath.Join(dir, "img.gz"), filepath.Join(dir, "lab.gz")
	// three 1×2 images: (3, 4), (0, 5), (7, 0); labels 2, 0, 2
	writeIDX(t, img, 0x0803, []uint32{3, 1, 2}, []byte{3, 4, 0, 5, 7, 0})
	writeIDX(t, lab, 0x0801, []uint32{3}, []byte{2, 0, 2})
	env, err := LoadIDX(img, lab, 0)
	if err != nil {
		t.Fatal(err)
	}
	if env.Len() != 3 || env.Dim() != 2 || env.Arms() != 3 {
		t.Fatalf("%v", env)
	}
	x, r := make([]float64, 2), make([]float64, 3)
	for s := range 3 {
		env.Round(1, s, x, r)
		if i := env.Row(1, s); i == 0 && (math.Abs(x[0]-0.6) > 1e-15 || math.Abs(x[1]-0.8) > 1e-15 || r[2] != 1) {
			t.Fatalf("row 0: x %v rewards %v", x, r)
		}
	}
	if env, err := LoadIDX(img, lab, 2); err != nil || env.Len() != 2 {
		t.Fatalf("limit 2: %v, %v", env, err)
	}
	if _, err := LoadIDX(lab, img, 0); err == nil || !strings.Contains(err.Error(), "magic") {
		t.Fatalf("swapped files: %v", err)
	}
	writeIDX(t, lab, 0x0801, []uint32{2}, []byte{2, 0})
	if _, err := LoadIDX(img, lab, 0); err == nil || !strings.Contains(err.Error(), "3 images but") {
		t.Fatalf("count mismatch: %v", err)
	}
}

func TestPoolImage(t *testing.T) {
	// a 3×3 image pooled 2×2: blocks of 4, 2, 2 and 1 pixels
	img := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}
	for _, c := range []struct {
		pool int
		want []float64
	}{
		{2, []float64{3, 4.5, 7.5, 9}},
		{3, []float64{5}},
	} {
		got := poolImage(img, 3, 3, c.pool)
		if len(got) != len(c.want) {
			t.Fatalf("pool %d: %v, want %v", c.pool, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Fatalf("pool %d: %v, want %v", c.pool, got, c.want)
			}
		}
	}
}

func TestLoadIDXPooledMNIST(t *testing.T) {
	dir := "../../notebooks/data/mnist/"
	env, err := LoadIDXPooled(dir+"t10k-images-idx3-ubyte.gz", dir+"t10k-labels-idx1-ubyte.gz", 500, 4)
	if err != nil {
		t.Fatal(err)
	}
	if env.Len() != 500 || env.Dim() != 49 || env.Arms() != 10 {
		t.Fatalf("%v, want 500 rows, d 49, K 10", env)
	}
	if _, err := LoadIDXPooled(dir+"t10k-images-idx3-ubyte.gz", dir+"t10k-labels-idx1-ubyte.gz", 10, 0); err == nil || !strings.Contains(err.Error(), "pool = 0") {
		t.Fatalf("pool 0: %v", err)
	}
}
