//go:build amd64 && !purego

package gemm

import (
	"testing"

	"github.com/yaknb/yak/runtime/internal/cpu"
)

// The short forms of the 14×32 tile must store exactly the bits the full
// tile stores in the rows they compute, in every mode and for every k
// (the four-step loop, its last iterations that prefetch C, and the
// one-step tail), so that the choice of tile at C's edge changes nothing.
func TestShortTilesSameBits(t *testing.T) {
	if !cpu.HasAVX512 {
		t.Skip("no AVX-512 on this CPU (or the OS does not save its registers): the tiles cannot run")
	}
	const ldc = 40
	for _, kc := range []int{1, 3, 4, 7, 17, 40, 56, 57, 60, 64, 100, 255, 256} {
		ap := make([]float32, 14*kc)
		bp := make([]float32, 32*kc)
		for i := range ap {
			ap[i] = float32(i%13)*0.37 - 1.1
		}
		for i := range bp {
			bp[i] = float32(i%11)*0.21 + 0.03
		}
		for mode := modeSet; mode <= modeScale; mode++ {
			for h := 1; h <= 14; h++ {
				c0 := make([]float32, 14*ldc)
				for i := range c0 {
					c0[i] = float32(i%7) * 0.5
				}
				want := append([]float32(nil), c0...)
				got := append([]float32(nil), c0...)
				tile14x32(kc, &ap[0], &bp[0], 32, &want[0], ldc, 0.75, mode, 14, 1<<32-1)
				short14x32[h](kc, &ap[0], &bp[0], 32, &got[0], ldc, 0.75, mode, h, 1<<32-1)
				for i := range got {
					w := want[i]
					if i/ldc >= h {
						w = c0[i] // rows past h are not stored
					}
					if got[i] != w {
						t.Fatalf("kc=%d mode=%d h=%d: element %d (row %d) = %v, want %v", kc, mode, h, i, i/ldc, got[i], w)
					}
				}
			}
		}
	}
}
