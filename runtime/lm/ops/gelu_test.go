package ops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withGELUKernel runs f with the SIMD kernel (if the CPU has one) and with
// the Go loop, naming each.
func withGELUKernel(t *testing.T, f func(t *testing.T)) {
	simd := geluRowsSIMD
	defer func() { geluRowsSIMD = simd }()
	if simd != nil {
		t.Run("avx512", f)
	} else {
		t.Log("no SIMD GELU kernel on this CPU: testing the Go loop only")
	}
	geluRowsSIMD = nil
	t.Run("go", f)
}

func TestBiasGELUAgainstMath(t *testing.T) {
	withGELUKernel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		// widths around the 16-lane step (tails of every length), and one
		// wide enough to be split across goroutines
		for _, cols := range []int{1, 7, 15, 16, 17, 31, 33, 768, 3072} {
			rows := 3
			if cols == 3072 {
				rows = 40
			}
			x, bias := randn(r, rows*cols), randn(r, cols)
			for i := range x {
				x[i] *= 3
			}
			x[0], x[len(x)-1] = -9, 12 // the flat ends
			got := append([]float32(nil), x...)
			BiasGELU(got, bias)
			want := make([]float32, len(x))
			for i, v := range x {
				f := float64(v) + float64(bias[i%cols])
				f = float64(float32(f))
				want[i] = float32(0.5 * f * (1 + math.Erf(f/math.Sqrt2)))
			}
			close32(t, "BiasGELU", got, want, 1e-6)
		}
	})
}

func TestGELUSpecialValues(t *testing.T) {
	withGELUKernel(t, func(t *testing.T) {
		x := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e30, -1e30, float32(math.Inf(1)), float32(math.NaN()), -40, 40}
		GELU(x)
		want := []float32{0, 0, 5e-31, -5e-31, 1e30, 0, float32(math.Inf(1)), float32(math.NaN()), 0, 40}
		for i := range x {
			if math.IsNaN(float64(want[i])) != math.IsNaN(float64(x[i])) ||
				!math.IsNaN(float64(want[i])) && math.Abs(float64(x[i]-want[i])) > 1e-6*math.Abs(float64(want[i])) {
				t.Errorf("GELU(%d-th special value) = %g, want %g", i, x[i], want[i])
			}
		}
	})
}

// BenchmarkBiasGELU is BERT's feed-forward activation for a batch of 32
// texts of 64 tokens (2048 rows of 3072), by each kernel.
func BenchmarkBiasGELU(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x, bias := randn(r, 2048*3072), randn(r, 3072)
	simd := geluRowsSIMD
	defer func() { geluRowsSIMD = simd }()
	for _, k := range []struct {
		name string
		fn   func(x, bias []float32, rows, cols int)
	}{{"avx512", simd}, {"go", nil}} {
		if k.name != "go" && k.fn == nil {
			continue
		}
		b.Run(k.name, func(b *testing.B) {
			geluRowsSIMD = k.fn
			y := make([]float32, len(x))
			b.SetBytes(int64(4 * len(x)))
			for b.Loop() {
				copy(y, x) // the same inputs every time
				BiasGELU(y, bias)
			}
		})
	}
}
