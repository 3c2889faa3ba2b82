package hello

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/registry"
)

// The same source compiles as an ordinary package; these tests run it
// compiled. plugins/magic's tests run it interpreted.

func TestSimilarity(t *testing.T) {
	for _, tc := range []struct {
		name    string
		labels  []string
		vectors [][]float32
		want    []float32
		err     string
	}{
		{"orthogonal", []string{"a", "b"}, [][]float32{{1, 0}, {0, 2}}, []float32{1, 0, 0, 1}, ""},
		{"parallel", []string{"a", "b"}, [][]float32{{1, 1}, {3, 3}}, []float32{1, 1, 1, 1}, ""},
		{"labels", []string{"a"}, [][]float32{{1}, {2}}, nil, "one label per vector"},
		{"ragged", []string{"a", "b"}, [][]float32{{1, 2}, {2}}, nil, "vector 1 (b) has 1 values"},
		{"zero", []string{"a"}, [][]float32{{0, 0}}, nil, "is zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Similarity(tc.labels, tc.vectors)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if d := m.Data[i] - w; d > 1e-6 || d < -1e-6 {
					t.Errorf("Data[%d] = %v, want %v", i, m.Data[i], w)
				}
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	p, err := registry.Lookup("hello")
	if err != nil {
		t.Fatal(err)
	}
	if err := registry.SelfTest(p); err != nil {
		t.Error(err)
	}
	var b strings.Builder
	if err := registry.MagicsOf(p)["hello"]("yak", &b); err != nil || b.String() != "hello, yak!\n" {
		t.Errorf("%%hello wrote %q, %v", b.String(), err)
	}
	if got := display.Render(Matrix{Labels: []string{"a"}, Data: []float32{1}}).Data[display.MIMEHTML]; got != "<table><tr><th></th><th>a</th></tr><tr><th>a</th><td>1.000</td></tr></table>" {
		t.Errorf("HTML = %v", got)
	}
}

func ExampleSimilarity() {
	m, _ := Similarity([]string{"cat", "dog"}, [][]float32{{1, 0}, {1, 1}})
	fmt.Println(m)
	// Output:
	// cat       1.000  0.707
	// dog       0.707  1.000
}
