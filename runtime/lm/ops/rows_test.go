package ops

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withRowKernels runs f with the SIMD row kernels (if the CPU has them)
// and with the Go loops.
func withRowKernels(t *testing.T, f func(t *testing.T)) {
	sm, ln := softmaxSIMD, layerNormSIMD
	defer func() { softmaxSIMD, layerNormSIMD = sm, ln }()
	if sm != nil && ln != nil {
		t.Run("avx512", f)
	} else {
		t.Log("no SIMD row kernels on this CPU: testing the Go loops only")
	}
	softmaxSIMD, layerNormSIMD = nil, nil
	t.Run("go", f)
}

func TestAddLayerNormAgainstFloat64(t *testing.T) {
	withRowKernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		for _, dim := range []int{1, 5, 16, 17, 40, 768, 1000} {
			for _, form := range []struct {
				name      string
				res, bias bool
			}{{"plain", false, false}, {"residual", true, false}, {"bias", false, true}, {"both", true, true}} {
				const rows = 4
				x, gamma, beta := randn(r, rows*dim), randn(r, dim), randn(r, dim)
				for i := range x {
					x[i] = 3*x[i] + 5 // an offset, as activations have
				}
				var res, bias []float32
				if form.res {
					res = randn(r, rows*dim)
				}
				if form.bias {
					bias = randn(r, dim)
				}
				want := make([]float32, len(x))
				for row := 0; row < rows; row++ {
					s := make([]float64, dim)
					var m, ss float64
					for i := range s {
						v := x[row*dim+i]
						if res != nil {
							v += res[row*dim+i]
						}
						if bias != nil {
							v += bias[i]
						}
						s[i] = float64(v)
						m += s[i]
					}
					m /= float64(dim)
					for _, v := range s {
						ss += (v - m) * (v - m)
					}
					for i, v := range s {
						want[row*dim+i] = float32((v-m)/math.Sqrt(ss/float64(dim)+1e-12)*float64(gamma[i]) + float64(beta[i]))
					}
				}
				got := append([]float32(nil), x...)
				AddLayerNorm(got, res, bias, dim, gamma, beta, 1e-12)
				if dim == 1 { // one value: its own mean, so beta exactly
					close32(t, form.name, got, append(append(append(append([]float32(nil), beta...), beta...), beta...), beta...), 0)
					continue
				}
				close32(t, form.name, got, want, 2e-6)
			}
		}
	})
}

func TestSoftmaxPrefix(t *testing.T) {
	withRowKernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for _, n := range []int{1, 3, 16, 17, 64, 100} {
			for _, width := range []int{n, n + 5} {
				row := randn(r, width)
				for i := range row {
					row[i] *= 8
				}
				row[0] = -200 // far below the maximum: its weight is ~0, not NaN
				want := make([]float32, width)
				mx := math.Inf(-1)
				for _, v := range row[:n] {
					mx = math.Max(mx, float64(v))
				}
				var z float64
				for _, v := range row[:n] {
					z += math.Exp(float64(v) - mx)
				}
				for i, v := range row[:n] {
					want[i] = float32(math.Exp(float64(v)-mx) / z)
				}
				softmaxPrefix(row, n)
				for i := range row {
					if d := math.Abs(float64(row[i] - want[i])); d > 1e-6 || math.IsNaN(float64(row[i])) {
						t.Fatalf("n=%d width=%d: p[%d] = %g, want %g", n, width, i, row[i], want[i])
					}
				}
			}
		}
	})
}
