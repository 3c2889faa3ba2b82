package vec_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// TestEveryOther checks both stride-2 kernels against their definitions in
// every kernel set, at widths around the eight-value passes, and that they
// write nothing else.
func TestEveryOther(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, rows := range []int{1, 3} {
		for cols := 1; cols <= 19; cols++ {
			name := fmt.Sprintf("rows%d_cols%d", rows, cols)
			// EveryOther: narrow dst, wide src.
			ldd, lds := cols+3, 2*cols+1+cols%2
			src := winoRand(r, (rows-1)*lds+2*cols-1)
			gather := map[string][]float32{}
			for _, path := range paths(t) {
				dst := filled(rows*ldd, 7)
				withPath(path, func() int { vec.EveryOther(dst, ldd, src, lds, rows, cols); return 0 })
				for i, got := range dst {
					want := float32(7)
					if rr, k := i/ldd, i%ldd; k < cols {
						want = src[rr*lds+2*k]
					}
					if got != want {
						t.Fatalf("%s EveryOther %s: dst[%d] = %v, want %v", path, name, i, got, want)
					}
				}
				gather[path] = dst
			}
			sameBits(t, name, gather)
			// AddEveryOther: wide dst, narrow src.
			ldd, lds = 2*cols+cols%3, cols+2
			add := winoRand(r, (rows-1)*lds+cols)
			init := winoRand(r, rows*ldd)
			for _, path := range paths(t) {
				dst := slices.Clone(init)
				withPath(path, func() int {
					vec.AddEveryOther(dst[:(rows-1)*ldd+2*cols-1], ldd, add, lds, rows, cols)
					return 0
				})
				for i, got := range dst {
					want := init[i]
					if rr, k := i/ldd, i%ldd; k%2 == 0 && k < 2*cols {
						want += add[rr*lds+k/2]
					}
					if got != want {
						t.Fatalf("%s AddEveryOther %s: dst[%d] = %v, want %v", path, name, i, got, want)
					}
				}
			}
		}
	}
	for _, f := range []func(){
		func() { vec.EveryOther(make([]float32, 4), 4, make([]float32, 6), 8, 1, 4) },
		func() { vec.AddEveryOther(make([]float32, 6), 8, make([]float32, 4), 4, 1, 4) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic for a short slice")
				}
			}()
			f()
		}()
	}
}
