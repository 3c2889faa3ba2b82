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
