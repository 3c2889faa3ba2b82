package gemm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
)

// TestPackedB checks that a packed B gives the same bits as Sgemm (for
// m > 1) for every implementation that offers it, across shapes that span
// several blocks.
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
					// Sgemm runs m == 1 as dot products, summed in another order.
					if m == 1 && math.Abs(float64(want[i]-got[i])) <= 1e-5*(1+math.Abs(float64(want[i]))) {
						continue
					}
					if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
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
