package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// TestSumDotAndAffineMix checks both kernels against float64 on lengths
// around the vector width, every kernel set giving the same bits, and
// that AffineMix writes nothing past dst.
func TestSumDotAndAffineMix(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 7, 15, 16, 17, 31, 33, 196, 784, 1000} {
		name := fmt.Sprint("n", n)
		x, y := winoRand(r, n), winoRand(r, n)
		a, b, c := float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())
		sums := map[string][]float32{}
		mixes := map[string][]float32{}
		for _, path := range paths(t) {
			sd := withPath(path, func() [2]float32 { s, d := vec.SumDot(x, y); return [2]float32{s, d} })
			s, d := sd[0], sd[1]
			var ws, wd, mag float64
			for i := range x {
				ws += float64(x[i])
				wd += float64(x[i]) * float64(y[i])
				mag += math.Abs(float64(x[i])) * (1 + math.Abs(float64(y[i])))
			}
			if math.Abs(float64(s)-ws) > 1e-6*mag || math.Abs(float64(d)-wd) > 1e-6*mag {
				t.Fatalf("%s %s: SumDot = %v, %v, want %v, %v", path, name, s, d, ws, wd)
			}
			sums[path] = []float32{s, d}
			dst := filled(n+3, 9)
			withPath(path, func() int { vec.AffineMix(dst[:n], x, y, a, b, c); return 0 })
			for i := range dst {
				if i >= n {
					if dst[i] != 9 {
						t.Fatalf("%s %s: AffineMix wrote past dst at %d", path, name, i)
					}
					continue
				}
				want := float64(a)*float64(x[i]) + float64(c) + float64(b)*float64(y[i])
				if math.Abs(float64(dst[i])-want) > 1e-6*(1+math.Abs(want)+math.Abs(float64(a*x[i]))+math.Abs(float64(b*y[i]))) {
					t.Fatalf("%s %s: AffineMix[%d] = %v, want %v", path, name, i, dst[i], want)
				}
			}
			mixes[path] = slices.Clone(dst)
		}
		sameBits(t, "SumDot "+name, sums)
		sameBits(t, "AffineMix "+name, mixes)
	}
	for _, f := range []func(){
		func() { vec.SumDot(make([]float32, 3), make([]float32, 4)) },
		func() { vec.AffineMix(make([]float32, 3), make([]float32, 3), make([]float32, 4), 1, 1, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("lengths that differ: no panic")
				}
			}()
			f()
		}()
	}
}
