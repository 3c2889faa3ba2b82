package gemm_test

import (
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
)

// TestPackedASameBits checks that a packed A gives Sgemm's bits, on one
// and two threads, for shapes that span several row and k blocks, every
// op and a beta that scales C, and that one packing serves products of
// other widths.
func TestPackedASameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 3))
	shapes := [][3]int{{7, 9, 5}, {64, 300, 128}, {130, 300, 270}, {200, 40, 600}, {16, 4100, 20}, {128, 1152, 64}}
	for _, name := range gemm.Names() {
		for _, threads := range []int{1, 2} {
			impl, _ := gemm.New(name, threads)
			pk, ok := impl.(gemm.APacker)
			if !ok {
				continue
			}
			for _, s := range shapes {
				m, n, k := s[0], s[1], s[2]
				for _, op := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
					tA, tB := op[0], op[1]
					a, b := randSlice(rng, m*k), randSlice(rng, k*n)
					lda, ldb := k, n
					if tA {
						lda = m
					}
					if tB {
						ldb = k
					}
					buf := make([]float32, pk.PackedALen(m, n, k))
					pa := pk.PackA(buf, tA, m, n, k, 1.5, a, lda)
					for _, w := range []int{n, n/2 + 1} { // the width packed for, and another
						want := randSlice(rng, m*w)
						got := append([]float32(nil), want...)
						bw := b
						if tB {
							bw = b[:w*k]
						}
						impl.Sgemm(tA, tB, m, w, k, 1.5, a, lda, bw, ldb, 0.5, want, w)
						pk.SgemmPackedA(pa, tB, w, bw, ldb, 0.5, got, w)
						for i := range want {
							if got[i] != want[i] {
								t.Fatalf("%s threads=%d %dx%dx%d tA=%v tB=%v: C[%d] = %g packed, %g from Sgemm",
									name, threads, m, w, k, tA, tB, i, got[i], want[i])
							}
						}
					}
				}
			}
		}
	}
}

// TestPackedAErrors: a too short buffer or another implementation's
// PackedA is a clear panic, not wrong results.
func TestPackedAErrors(t *testing.T) {
	impl, _ := gemm.New("blocked", 1)
	pk := impl.(gemm.APacker)
	mustPanic(t, "short buffer", func() { pk.PackA(make([]float32, 3), false, 4, 4, 4, 1, make([]float32, 16), 4) })
	mustPanic(t, "zero PackedA", func() { pk.SgemmPackedA(gemm.PackedA{}, false, 4, make([]float32, 16), 4, 0, make([]float32, 16), 4) })
	for _, name := range gemm.Names() {
		other, _ := gemm.New(name, 1)
		opk, ok := other.(gemm.APacker)
		if !ok || name == "blocked" || name == "purego" {
			continue
		}
		pa := opk.PackA(make([]float32, opk.PackedALen(4, 4, 4)), false, 4, 4, 4, 1, make([]float32, 16), 4)
		mustPanic(t, "PackedA of "+name, func() { pk.SgemmPackedA(pa, false, 4, make([]float32, 16), 4, 0, make([]float32, 16), 4) })
	}
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

// TestPackedASteadyStateAllocs: packing into the caller's buffer and a
// product from it on one thread allocate nothing once the pools are warm.
func TestPackedASteadyStateAllocs(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	impl, _ := gemm.New(gemm.Default().Name(), 1)
	pk, ok := impl.(gemm.APacker)
	if !ok {
		t.Skipf("%s takes no packed A", impl.Name())
	}
	for _, s := range [][3]int{{64, 1152, 128}, {300, 300, 300}} {
		m, n, k := s[0], s[1], s[2]
		t.Run(fmt.Sprintf("%dx%dx%d", m, n, k), func(t *testing.T) {
			a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
			buf := make([]float32, pk.PackedALen(m, n, k))
			run := func() {
				pa := pk.PackA(buf, false, m, n, k, 1, a, k)
				pk.SgemmPackedA(pa, false, n, b, n, 0, c, n)
			}
			for i := 0; i < 10; i++ {
				run()
			}
			if allocs := testing.AllocsPerRun(20, run); allocs > 0 {
				t.Errorf("%.0f allocations per call", allocs)
			}
		})
	}
}
