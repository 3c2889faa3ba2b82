package cluster

import (
	"math/rand/v2"
	"testing"
)

func TestArgminMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{1, 7, 8, 9, 16, 17, 100, 2000, 2003} {
		for rep := 0; rep < 20; rep++ {
			s := make([]float32, n)
			for i := range s {
				s[i] = float32(rng.IntN(5)) // many ties: the first must win
			}
			gi, gv := argmin(s)
			wi, wv := argminGo(s, 0, 0, s[0])
			if gi != wi || gv != wv {
				t.Fatalf("n=%d: argmin %d (%v), scalar %d (%v) in %v", n, gi, gv, wi, wv, s)
			}
		}
	}
}
