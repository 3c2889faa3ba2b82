package gemm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/yaknb/yak/runtime/parallel"
)

// smallBlocks is k with tiny cache blocks, so that small products make
// many steps (column blocks × k blocks), each a threaded region.
func smallBlocks(k *kernel) *kernel {
	c := *k
	c.mc, c.kc, c.nc = 3*k.mr, 16, 2*k.nr
	c.alt = nil
	return &c
}

// TestThreadsSameBits: the threaded driver gives the bits of one thread, on
// row and column splits, with B plain and transposed, with more threads than
// Ps, and is the product.
func TestThreadsSameBits(t *testing.T) {
	kernels := []*kernel{smallBlocks(goKernel)}
	if d, ok := Default().(packed); ok && d.k != goKernel {
		kernels = append(kernels, smallBlocks(d.k))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, kn := range kernels {
		for _, s := range [][3]int{{37, 29, 70}, {5, 60, 50}, {100, 90, 33}, {64, 200, 17}} {
			m, n, k := s[0], s[1], s[2]
			a := make([]float32, m*k)
			b := make([]float32, k*n)
			for i := range a {
				a[i] = rng.Float32()*2 - 1
			}
			for i := range b {
				b[i] = rng.Float32()*2 - 1
			}
			for _, tB := range []bool{false, true} {
				ldb := n
				if tB {
					ldb = k
				}
				t.Run(fmt.Sprintf("%s/%dx%dx%d/tB=%v", kn.name, m, n, k, tB), func(t *testing.T) {
					want := make([]float32, m*n)
					Reference{}.Sgemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, want, n)
					one := make([]float32, m*n)
					packed{k: kn, threads: 1}.gemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, one, n, 1)
					for i := range one {
						if d := math.Abs(float64(one[i] - want[i])); d > 1e-4*float64(k) {
							t.Fatalf("one thread: c[%d] = %g, reference %g", i, one[i], want[i])
						}
					}
					for _, th := range []int{2, 3, 4} {
						for _, procs := range []int{runtime.GOMAXPROCS(0), 1} {
							old := runtime.GOMAXPROCS(procs)
							c := make([]float32, m*n)
							for i := range c {
								c[i] = 7 // beta = 0 must overwrite
							}
							packed{k: kn, threads: th}.gemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, c, n, th)
							runtime.GOMAXPROCS(old)
							for i := range c {
								if math.Float32bits(c[i]) != math.Float32bits(one[i]) {
									t.Fatalf("%d threads, GOMAXPROCS %d: c[%d] = %g, one thread %g", th, procs, i, c[i], one[i])
								}
							}
						}
					}
				})
			}
		}
	}
}

// TestThreadsPanic: a panic in one block comes back to the caller as a
// *parallel.PanicError (Sgemm has no error result; the engine recovers it).
func TestThreadsPanic(t *testing.T) {
	kn := smallBlocks(goKernel)
	var calls atomic.Int32
	tile := kn.tile
	kn.tile = func(kc int, ap, bp []float32, ldb int, c []float32, ldc int, beta float32, mode int) {
		if calls.Add(1) == 40 {
			panic("tile failed")
		}
		tile(kc, ap, bp, ldb, c, ldc, beta, mode)
	}
	m, n, k := 60, 50, 80
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	defer func() {
		err, _ := recover().(error)
		var pe *parallel.PanicError
		if !errors.As(err, &pe) || fmt.Sprint(pe.Value) != "tile failed" {
			t.Fatalf("recovered %v, want the tile's panic as a *parallel.PanicError", err)
		}
	}()
	packed{k: kn, threads: 2}.gemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 2)
	t.Fatal("no panic")
}

// TestTeamSameBits: the threaded team (team.go) gives one thread's bits
// for every beta mode (set, add, scale), op(A) and op(B), B packed by the
// team, read in place or packed beforehand (PackedB), over products of many
// steps (column blocks × k blocks), so that both B buffers are reused many
// times and each block's steps must stay in k order.
func TestTeamSameBits(t *testing.T) {
	kernels := []*kernel{smallBlocks(goKernel)}
	if d, ok := Default().(packed); ok && d.k != goKernel {
		kernels = append(kernels, smallBlocks(d.k))
	}
	rng := rand.New(rand.NewPCG(9, 10))
	fill := func(n int) []float32 {
		s := make([]float32, n)
		for i := range s {
			s[i] = rng.Float32()*2 - 1
		}
		return s
	}
	for _, kn := range kernels {
		for _, s := range [][3]int{{90, 70, 100}, {7, 130, 45}, {200, 40, 64}} {
			m, n, k := s[0], s[1], s[2]
			a, b, c0 := fill(m*k), fill(k*n), fill(m*n)
			for _, beta := range []float32{0, 1, 0.5} {
				for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
					tA, tB := tr[0], tr[1]
					lda, ldb := k, n
					if tA {
						lda = m
					}
					if tB {
						ldb = k
					}
					name := fmt.Sprintf("%s/%dx%dx%d/beta=%g/tA=%v/tB=%v", kn.name, m, n, k, beta, tA, tB)
					t.Run(name, func(t *testing.T) {
						one := append([]float32(nil), c0...)
						packed{k: kn, threads: 1}.gemm(tA, tB, m, n, k, 0.75, a, lda, b, ldb, beta, one, n, 1)
						pk := packed{k: kn}
						pb := pk.PackB(tB, k, n, b, ldb)
						for _, th := range []int{2, 3} {
							c := append([]float32(nil), c0...)
							packed{k: kn, threads: th}.gemm(tA, tB, m, n, k, 0.75, a, lda, b, ldb, beta, c, n, th)
							sameBits(t, fmt.Sprintf("%d threads", th), c, one)
							c = append(c[:0], c0...)
							// SgemmPackedB would run these small products on one thread.
							pk.run(tA, m, n, k, 0.75, a, lda, bsource{kind: bPackedB, pb: pb}, beta, c, n, th, kn.nc)
							sameBits(t, fmt.Sprintf("%d threads, PackedB", th), c, one)
						}
					})
				}
			}
		}
	}
}

func sameBits(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: c[%d] = %g, one thread %g", what, i, got[i], want[i])
		}
	}
}
