package gemmtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
)

// Shape is one product to check: C (m×n) = alpha*op(A)*op(B) + beta*C with
// extra padding columns in each stored matrix.
type Shape struct {
	M, N, K int
	Pad     int
}

// Shapes are the sizes Test runs with every transpose/alpha/beta combination.
var Shapes = []Shape{
	{1, 1, 1, 0}, {1, 7, 5, 0}, {7, 1, 5, 0}, {1, 100, 100, 0}, {100, 1, 100, 3},
	{1, 33, 257, 2}, {257, 1, 33, 1}, {2, 2, 1, 0}, {3, 5, 0, 1}, {0, 4, 3, 0},
	{4, 0, 3, 0}, {5, 3, 1, 0}, {6, 16, 8, 0}, {7, 17, 9, 1}, {13, 31, 29, 2},
	{64, 64, 64, 0}, {65, 63, 67, 3}, {100, 100, 100, 0}, {12, 300, 40, 0},
	{300, 12, 40, 1}, {37, 41, 600, 0}, {200, 170, 130, 5}, {2, 900, 30, 0},
	{8, 50, 600, 1}, {10, 4100, 20, 0}, {120, 1060, 40, 1}, {12, 33, 300, 2}, {8, 72, 700, 1}, {5, 7, 150, 0}, {3, 10, 129, 2},
}

type scalars struct{ alpha, beta float32 }

var scalarCases = []scalars{{1, 0}, {1, 1}, {0.5, -1.5}, {0, 2}, {-2, 0}}

// Test checks impl against gemm.Reference; see the package documentation.
func Test(t *testing.T, impl gemm.Impl) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range Shapes {
		for _, tr := range [4][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			cases := scalarCases
			if s.M*s.N*s.K > 100000 {
				cases = scalarCases[1:3] // beta 1 and a general alpha/beta; small shapes cover the rest
			}
			for _, sc := range cases {
				name := fmt.Sprintf("m=%d,n=%d,k=%d,pad=%d,tA=%v,tB=%v,alpha=%g,beta=%g",
					s.M, s.N, s.K, s.Pad, tr[0], tr[1], sc.alpha, sc.beta)
				checkOne(t, impl, rng, s, tr[0], tr[1], sc.alpha, sc.beta, name)
			}
		}
	}
	t.Run("beta=0 overwrites NaN", func(t *testing.T) { testNaNOverwrite(t, impl) })
	t.Run("NaN and Inf propagate", func(t *testing.T) { testPropagation(t, impl) })
	t.Run("deterministic", func(t *testing.T) { testDeterminism(t, impl) })
}

// operand is one stored matrix with the stride and padding the test chose.
type operand struct {
	data []float32
	ld   int
}

func newOperand(rng *rand.Rand, rows, cols, pad int) operand {
	ld := cols + pad
	if ld < 1 {
		ld = 1
	}
	n := rows * ld
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(rng.NormFloat64())
	}
	return operand{d, ld}
}

func checkOne(t *testing.T, impl gemm.Impl, rng *rand.Rand, s Shape, tA, tB bool, alpha, beta float32, name string) {
	ar, ac := s.M, s.K
	if tA {
		ar, ac = ac, ar
	}
	br, bc := s.K, s.N
	if tB {
		br, bc = bc, br
	}
	a := newOperand(rng, ar, ac, s.Pad)
	b := newOperand(rng, br, bc, s.Pad)
	c := newOperand(rng, s.M, s.N, s.Pad)
	want := append([]float32(nil), c.data...)
	got := append([]float32(nil), c.data...)
	gemm.Reference{}.Sgemm(tA, tB, s.M, s.N, s.K, alpha, a.data, a.ld, b.data, b.ld, beta, want, c.ld)
	impl.Sgemm(tA, tB, s.M, s.N, s.K, alpha, a.data, a.ld, b.data, b.ld, beta, got, c.ld)
	for i := 0; i < s.M; i++ {
		for j := 0; j < c.ld; j++ {
			idx := i*c.ld + j
			if j >= s.N {
				if math.Float32bits(got[idx]) != math.Float32bits(c.data[idx]) {
					t.Errorf("%s: %s wrote C[%d] outside the m×n window", name, impl.Name(), idx)
					return
				}
				continue
			}
			// Sums may be taken in another order: allow rounding in
			// proportion to k and to the size of the terms.
			scale := math.Abs(float64(alpha))*float64(s.K)*4 + math.Abs(float64(beta*c.data[idx])) + 1
			if d := math.Abs(float64(got[idx] - want[idx])); d > 1e-5*scale*math.Sqrt(float64(s.K)+1) {
				t.Errorf("%s: %s C[%d,%d] = %g, reference %g", name, impl.Name(), i, j, got[idx], want[idx])
				return
			}
		}
	}
}

func testNaNOverwrite(t *testing.T, impl gemm.Impl) {
	for _, s := range []Shape{{1, 5, 3, 0}, {5, 1, 3, 0}, {9, 18, 7, 0}} {
		a := make([]float32, s.M*s.K)
		b := make([]float32, s.K*s.N)
		for i := range a {
			a[i] = 1
		}
		for i := range b {
			b[i] = 2
		}
		c := make([]float32, s.M*s.N)
		for i := range c {
			c[i] = float32(math.NaN())
		}
		impl.Sgemm(false, false, s.M, s.N, s.K, 1, a, s.K, b, s.N, 0, c, s.N)
		for i, v := range c {
			if v != float32(2*s.K) {
				t.Fatalf("%s %v: C[%d] = %g with beta=0 over NaN, want %d", impl.Name(), s, i, v, 2*s.K)
			}
		}
	}
}

func testPropagation(t *testing.T, impl gemm.Impl) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, s := range []Shape{{1, 6, 4, 0}, {6, 1, 4, 0}, {7, 19, 5, 0}} {
		for _, bad := range []float32{nan, inf} {
			a := make([]float32, s.M*s.K)
			b := make([]float32, s.K*s.N)
			a[0] = bad // row 0 of A meets every column of B, whose row 0 is zero
			c := make([]float32, s.M*s.N)
			impl.Sgemm(false, false, s.M, s.N, s.K, 1, a, s.K, b, s.N, 0, c, s.N)
			for j := 0; j < s.N; j++ {
				if !math.IsNaN(float64(c[j])) { // 0*Inf and 0*NaN are NaN
					t.Fatalf("%s %v: C[0,%d] = %g after %g*0, want NaN", impl.Name(), s, j, c[j], bad)
				}
			}
		}
	}
}

// Threaded is an implementation constructor taking a thread count, such as
// gemm.Blocked; DeterminismAcrossThreads runs it with several counts.
type Threaded func(threads int) gemm.Impl

func testDeterminism(t *testing.T, impl gemm.Impl) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range []Shape{{300, 280, 270, 1}, {1, 3000, 400, 0}, {3000, 1, 400, 0}} {
		a := newOperand(rng, s.M, s.K, s.Pad)
		b := newOperand(rng, s.K, s.N, s.Pad)
		first := make([]float32, s.M*s.N)
		impl.Sgemm(false, false, s.M, s.N, s.K, 1, a.data, a.ld, b.data, b.ld, 0, first, s.N)
		for rep := 0; rep < 3; rep++ {
			c := make([]float32, s.M*s.N)
			impl.Sgemm(false, false, s.M, s.N, s.K, 1, a.data, a.ld, b.data, b.ld, 0, c, s.N)
			if !sameBits(first, c) {
				t.Fatalf("%s %v: run %d differs from the first", impl.Name(), s, rep+2)
			}
		}
	}
}

// DeterminismAcrossThreads checks that 1, 2 and 3 threads give the same bits.
func DeterminismAcrossThreads(t *testing.T, newImpl Threaded) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, s := range []Shape{{300, 280, 270, 1}, {20, 900, 300, 0}, {8, 3000, 300, 0}, {1, 3000, 400, 0},
		{3000, 1, 400, 0}, {9, 70, 3000, 0}} {
		a := newOperand(rng, s.M, s.K, s.Pad)
		b := newOperand(rng, s.K, s.N, s.Pad)
		bt := newOperand(rng, s.N, s.K, s.Pad) // the same shapes with B transposed
		var first, firstT []float32
		for _, th := range []int{1, 2, 3} {
			c := make([]float32, s.M*s.N)
			newImpl(th).Sgemm(false, false, s.M, s.N, s.K, 1, a.data, a.ld, b.data, b.ld, 0, c, s.N)
			ct := make([]float32, s.M*s.N)
			newImpl(th).Sgemm(false, true, s.M, s.N, s.K, 1, a.data, a.ld, bt.data, bt.ld, 0, ct, s.N)
			if firstT == nil {
				firstT = ct
			} else if !sameBits(firstT, ct) {
				t.Fatalf("%v, B transposed: %d threads differ from 1 thread", s, th)
			}
			if first == nil {
				first = c
			} else if !sameBits(first, c) {
				t.Fatalf("%v: %d threads differ from 1 thread", s, th)
			}
		}
	}
}

func sameBits(x, y []float32) bool {
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return false
		}
	}
	return true
}

// Sizes are the square sizes Benchmark runs.
var Sizes = []int{64, 256, 1024}

// Benchmark times square products and reports GFLOP/s, then the shapes of a
// single-example MLP step (matrix-vector products).
func Benchmark(b *testing.B, impl gemm.Impl) {
	for _, n := range Sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { bench(b, impl, false, false, n, n, n) })
	}
	b.Run("m=1,n=100,k=100,tB", func(b *testing.B) { bench(b, impl, false, true, 1, 100, 100) })
	b.Run("m=100,n=1,k=100", func(b *testing.B) { bench(b, impl, false, false, 100, 1, 100) })
	b.Run("m=100,n=100,k=1", func(b *testing.B) { bench(b, impl, true, false, 100, 100, 1) })
}

func bench(b *testing.B, impl gemm.Impl, tA, tB bool, m, n, k int) {
	rng := rand.New(rand.NewPCG(7, 8))
	ar, ac := m, k
	if tA {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB {
		br, bc = n, k
	}
	a := newOperand(rng, ar, ac, 0)
	bm := newOperand(rng, br, bc, 0)
	c := make([]float32, m*n)
	b.ResetTimer()
	for b.Loop() {
		impl.Sgemm(tA, tB, m, n, k, 1, a.data, a.ld, bm.data, bm.ld, 0, c, n)
	}
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
