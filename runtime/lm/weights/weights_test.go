package weights

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteOpenRoundTrip(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.safetensors")
	f, _ := os.Create(p)
	ts := []Tensor{
		{Name: "a", Shape: []int{2, 3}, Fill: func(d []float32) error {
			for i := range d {
				d[i] = float32(i) + 0.5
			}
			return nil
		}},
		{Name: "b", Shape: []int{1}, Fill: func(d []float32) error { d[0] = -7; return nil }},
	}
	if err := Write(f, ts, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	w, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	a, err := w.Float32("a", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if a[5] != 5.5 || len(a) != 6 {
		t.Errorf("a = %v", a)
	}
	if _, err := w.Float32("a", 3, 2); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("wrong shape: %v", err)
	}
	if _, err := w.Float32("zz"); err == nil {
		t.Error("missing tensor: no error")
	}
	if w.Meta["k"] != "v" || strings.Join(w.Names(), ",") != "a,b" {
		t.Errorf("meta %v names %v", w.Meta, w.Names())
	}
}

func TestTruncatedFileRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.safetensors")
	f, _ := os.Create(p)
	Write(f, []Tensor{{Name: "a", Shape: []int{1000}, Fill: func([]float32) error { return nil }}}, nil)
	f.Close()
	st, _ := os.Stat(p)
	os.Truncate(p, st.Size()-10)
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "fetch the model again") {
		t.Errorf("truncated file: %v", err)
	}
}
