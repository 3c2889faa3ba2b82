package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// TestReLUSumDotAndAffineMix checks the rectifying kernels against their
// definitions through the plain ones, bit for bit on every kernel set:
// ReLUSumDot(x, y) is SumDot(x, ReLU(y)) and ReLUAffineMix is AffineMix
// where x > 0 and 0 elsewhere; a NaN in y reaches the dot product, one in
// x gives a zero gradient, and nothing is written past dst.
func TestReLUSumDotAndAffineMix(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, n := range []int{1, 7, 15, 16, 17, 31, 33, 196, 784, 1000} {
		name := fmt.Sprint("n", n)
		x, y := winoRand(r, n), winoRand(r, n)
		a, b, c := float32(r.NormFloat64()), float32(r.NormFloat64()), float32(r.NormFloat64())
		sums := map[string][]float32{}
		mixes := map[string][]float32{}
		for _, path := range paths(t) {
			got := withPath(path, func() []float32 {
				s, d := vec.ReLUSumDot(x, y)
				ry := make([]float32, n)
				vec.ReLU(ry, y)
				ws, wd := vec.SumDot(x, ry)
				return []float32{s, d, ws, wd}
			})
			if math.Float32bits(got[0]) != math.Float32bits(got[2]) || math.Float32bits(got[1]) != math.Float32bits(got[3]) {
				t.Fatalf("%s %s: ReLUSumDot = %v, %v; SumDot of the ReLU %v, %v", path, name, got[0], got[1], got[2], got[3])
			}
			sums[path] = got[:2]
			dst, want := filled(n+3, 9), make([]float32, n)
			withPath(path, func() int {
				vec.ReLUAffineMix(dst[:n], x, y, a, b, c)
				vec.AffineMix(want, x, y, a, b, c)
				return 0
			})
			for i := range dst {
				switch {
				case i >= n:
					if dst[i] != 9 {
						t.Fatalf("%s %s: ReLUAffineMix wrote past dst at %d", path, name, i)
					}
				case x[i] > 0 && math.Float32bits(dst[i]) != math.Float32bits(want[i]):
					t.Fatalf("%s %s: ReLUAffineMix[%d] = %v, AffineMix %v", path, name, i, dst[i], want[i])
				case !(x[i] > 0) && dst[i] != 0:
					t.Fatalf("%s %s: ReLUAffineMix[%d] = %v where x = %v, want 0", path, name, i, dst[i], x[i])
				}
			}
			mixes[path] = slices.Clone(dst)
		}
		sameBits(t, "ReLUSumDot "+name, sums)
		sameBits(t, "ReLUAffineMix "+name, mixes)
	}
	nan := float32(math.NaN())
	for _, path := range paths(t) {
		x, y := filled(20, 1), filled(20, 1)
		y[17] = nan
		if d := withPath(path, func() float32 { _, d := vec.ReLUSumDot(x, y); return d }); !math.IsNaN(float64(d)) {
			t.Errorf("%s: ReLUSumDot with a NaN in y = %v, want NaN", path, d)
		}
		x[3], x[18] = nan, nan
		dst := filled(20, 9)
		withPath(path, func() int { vec.ReLUAffineMix(dst, x, y, 1, 1, 1); return 0 })
		if dst[3] != 0 || dst[18] != 0 {
			t.Errorf("%s: ReLUAffineMix where x is NaN = %v, %v, want 0", path, dst[3], dst[18])
		}
	}
	for _, f := range []func(){
		func() { vec.ReLUSumDot(make([]float32, 3), make([]float32, 4)) },
		func() { vec.ReLUAffineMix(make([]float32, 3), make([]float32, 4), make([]float32, 3), 1, 1, 1) },
		func() { vec.ReLUAffineMix(make([]float32, 3), make([]float32, 3), make([]float32, 4), 1, 1, 1) },
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
