package vec_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// On every kernel set, ReLUMask gives ReLU's output and one bit per
// positive output, and ReLUGradMask gives the bits that ReLUGrad (adding)
// and ReLUGradSet (storing) give from that output.
func TestReLUMaskKernels(t *testing.T) {
	nan, negZero := float32(math.NaN()), float32(math.Copysign(0, -1))
	for _, n := range []int{1, 5, 8, 9, 15, 16, 17, 24, 33, 63, 64, 65, 100, 257, 1024} {
		r := rand.New(rand.NewPCG(uint64(n), 5))
		x, dy := randSlice(r, n), randSlice(r, n)
		for i := range x {
			switch i % 9 {
			case 2:
				x[i] = nan
			case 4:
				x[i] = negZero
			case 6:
				dy[i] = negZero
			case 7:
				x[i] = 0
			}
		}
		g0 := randSlice(r, n)
		for _, path := range paths(t) {
			withPath(path, func() int {
				want := make([]float32, n)
				vec.ReLU(want, x)
				got := make([]float32, n)
				mask := make([]uint8, (n+7)/8+1)
				for i := range mask {
					mask[i] = 0xa5 // stale bits must be overwritten; the spare byte kept
				}
				vec.ReLUMask(got, mask, x)
				if !bitsEqual(got, want) {
					t.Errorf("%s n=%d: ReLUMask's output differs from ReLU's", path, n)
				}
				for i, y := range want {
					if on := mask[i/8]>>(i%8)&1 != 0; on != (y > 0) {
						t.Fatalf("%s n=%d: mask bit %d is %v for output %v", path, n, i, on, y)
					}
				}
				if n%8 != 0 && mask[n/8]>>(n%8) != 0 {
					t.Errorf("%s n=%d: bits past the end are set: %08b", path, n, mask[n/8])
				}
				if mask[len(mask)-1] != 0xa5 {
					t.Errorf("%s n=%d: ReLUMask wrote past the mask's bytes", path, n)
				}
				add, addWant := slices.Clone(g0), slices.Clone(g0)
				vec.ReLUGradMask(add, mask, dy, false)
				vec.ReLUGrad(addWant, want, dy)
				if !bitsEqual(add, addWant) {
					t.Errorf("%s n=%d: ReLUGradMask adding differs from ReLUGrad", path, n)
				}
				set, setWant := make([]float32, n), make([]float32, n)
				for i := range set {
					set[i] = nan
				}
				vec.ReLUGradMask(set, mask, dy, true)
				vec.ReLUGradSet(setWant, want, dy)
				if !bitsEqual(set, setWant) {
					t.Errorf("%s n=%d: ReLUGradMask storing differs from ReLUGradSet", path, n)
				}
				return 0
			})
		}
	}
}
