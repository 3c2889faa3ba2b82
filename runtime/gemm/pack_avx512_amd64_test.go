//go:build amd64 && !purego

package gemm

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/internal/cpu"
)

// The vector packing of a transposed A must store the bits scaleRuns
// stores (zeros past rows as +0 even for a negative alpha, NaNs as the
// scalar multiply makes them) and write nothing past lanes in each run.
func TestScaleRunsSameBits(t *testing.T) {
	if !cpu.HasAVX512 {
		t.Skip("no AVX-512 on this CPU (or the OS does not save its registers): scaleRuns16 cannot run")
	}
	const lda, stride = 37, 19
	src := make([]float32, 12*lda)
	for i := range src {
		src[i] = float32(i%17)*0.29 - 2.3
	}
	src[5] = float32(math.NaN())
	src[lda+3] = float32(math.Inf(-1))
	src[2*lda] = float32(math.Copysign(0, -1))
	const guard = -7.5 // what dst holds where nothing is written
	for _, alpha := range []float32{1, -1, 0.5, -3.25, 0} {
		for lanes := 1; lanes <= 16; lanes++ {
			for rows := 0; rows <= lanes; rows++ {
				for _, cols := range []int{0, 1, 3, 4, 5, 8, 11, 12} {
					want := make([]float32, 12*stride+16)
					got := make([]float32, len(want))
					for i := range want {
						want[i], got[i] = guard, guard
					}
					if cols > 0 {
						scaleRuns(want, stride, src, lda, rows, lanes, cols, alpha)
						avx512ScaleRuns(got, stride, src, lda, rows, lanes, cols, alpha)
					}
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("alpha=%v lanes=%d rows=%d cols=%d: dst[%d] = %v (%#x), want %v (%#x)",
								alpha, lanes, rows, cols, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
						}
					}
				}
			}
		}
	}
}

// BenchmarkPackATrans packs a transposed A block (mc = 98 rows in 14-row
// panels, kc = 256) with the scalar loop and with the AVX-512 scaler.
func BenchmarkPackATrans(b *testing.B) {
	if !cpu.HasAVX512 {
		b.Skip("no AVX-512 on this CPU")
	}
	const m, k, mc, kc, mr = 576, 256, 98, 256, 14
	a := make([]float32, k*m)
	for i := range a {
		a[i] = float32(i%29) * 0.1
	}
	dst := make([]float32, roundUp(mc, mr)*kc)
	for _, c := range []struct {
		name string
		sc   scaler
	}{{"go", scaleRuns}, {"avx512", avx512ScaleRuns}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(4 * mc * kc)
			for b.Loop() {
				packA(nil, c.sc, dst, true, a, m, 1, 0, mc, 0, kc, mr)
			}
		})
	}
}
