package gemm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
)

// TestPackedB checks that a packed B gives Sgemm's results for every
// implementation that offers it, across shapes that span several blocks.
func TestPackedB(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	for _, name := range gemm.Names() {
		impl, _ := gemm.New(name, 2)
		pk, ok := impl.(gemm.Packer)
		if !ok {
			continue
		}
		for _, s := range [][3]int{{7, 9, 5}, {130, 300, 270}, {5, 4100, 20}, {1, 33, 17}} {
			m, n, k := s[0], s[1], s[2]
			for _, tB := range []bool{false, true} {
				a := randSlice(rng, m*k)
				b := randSlice(rng, k*n)
				ldb := n
				if tB {
					ldb = k
				}
				want := randSlice(rng, m*n)
				got := append([]float32(nil), want...)
				impl.Sgemm(false, tB, m, n, k, 1.5, a, k, b, ldb, 0.5, want, n)
				pk.SgemmPackedB(false, m, 1.5, a, k, pk.PackB(tB, k, n, b, ldb), 0.5, got, n)
				for i := range want {
					// Sgemm runs thin shapes (m == 1, thin A·Bᵀ) as dot
					// products, summed in another order: equal up to rounding.
					if math.Abs(float64(want[i]-got[i])) > 1e-5*float64(k)*(1+math.Abs(float64(want[i]))) {
						t.Fatalf("%s %v tB=%v: C[%d] = %g packed, %g direct", name, s, tB, i, got[i], want[i])
					}
				}
			}
		}
	}
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}
