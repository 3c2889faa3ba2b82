package vec_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

// lengths cover the empty case, tails shorter than 8, the 32- and 64-wide
// loops and the 8-lane masked tail of the AVX-512 kernels.
var lengths = []int{0, 1, 7, 8, 9, 24, 31, 32, 33, 72, 100, 136, 257}

// paths lists the kernel sets to test on this machine (vec.Available), logging
// the ones the CPU or build lacks as skipped.
func paths(t testing.TB) []string {
	t.Helper()
	p := vec.Available()
	have := map[string]bool{}
	for _, name := range p {
		have[name] = true
	}
	for _, name := range []string{"avx512", "avx2"} {
		if !have[name] {
			t.Logf("%s kernels skipped: this CPU or build (purego, non-amd64) lacks them", name)
		}
	}
	return p
}

// withPath runs f with one kernel set.
func withPath[T any](path string, f func() T) T {
	defer vec.UsePath(path)()
	return f()
}

func TestKernelsMatchPlainGo(t *testing.T) {
	t.Logf("kernels in use: %s", vec.Kernels())
	cases := []struct {
		name string
		f    func(x, y []float32) []float32
	}{
		{"Axpy", func(x, y []float32) []float32 { vec.Axpy(-0.75, x, y); return y }},
		{"Add", func(x, y []float32) []float32 { vec.Add(x, y); return y }},
		{"Sum3", func(x, y []float32) []float32 { d := make([]float32, len(x)); vec.Sum3(d, x, y); return d }},
		{"Mul3", func(x, y []float32) []float32 { d := make([]float32, len(x)); vec.Mul3(d, x, y); return d }},
		{"Scale", func(x, _ []float32) []float32 { vec.Scale(1.5, x); return x }},
		{"Fill", func(x, _ []float32) []float32 { vec.Fill(x, 2.5); return x }},
		{"ReLU", func(x, _ []float32) []float32 { d := make([]float32, len(x)); vec.ReLU(d, x); return d }},
		{"ScaleShift", func(x, _ []float32) []float32 {
			d := make([]float32, len(x))
			vec.ScaleShift(d, x, -1.5, 0.25)
			return d
		}},
		{"AddConst", func(x, _ []float32) []float32 { vec.AddConst(x, 0.5); return x }},
		{"MaxInto", func(x, y []float32) []float32 { vec.MaxInto(y, x); return y }},
		{"AddMul", func(x, y []float32) []float32 { z := append([]float32(nil), x...); vec.AddMul(z, x, y); return z }},
		{"ReLUGrad", func(x, y []float32) []float32 {
			g := make([]float32, len(x))
			for i := range g {
				g[i] = 1
			}
			vec.ReLUGrad(g, x, y)
			return g
		}},
		{"ReLUGradSet", func(x, y []float32) []float32 {
			g := make([]float32, len(x))
			for i := range g {
				g[i] = float32(math.NaN()) // must be overwritten
			}
			vec.ReLUGradSet(g, x, y)
			return g
		}},
	}
	for _, c := range cases {
		for _, n := range lengths {
			r := rand.New(rand.NewPCG(uint64(n), 1))
			x0, y0 := randSlice(r, n), randSlice(r, n)
			run := func() []float32 {
				x, y := append([]float32(nil), x0...), append([]float32(nil), y0...)
				return c.f(x, y)
			}
			plain := withPath("go", run)
			for _, path := range paths(t) {
				asm := withPath(path, run)
				for i := range asm {
					// Axpy fuses the multiply-add in assembly (one rounding).
					tol := 0.0
					if c.name == "Axpy" || c.name == "ScaleShift" || c.name == "AddConst" || c.name == "AddMul" {
						tol = 1e-6 * (0.75*math.Abs(float64(x0[i])) + math.Abs(float64(y0[i])))
					}
					if math.Abs(float64(asm[i]-plain[i])) > tol {
						t.Errorf("%s n=%d: element %d is %v with %s, %v in Go", c.name, n, i, asm[i], path, plain[i])
						break
					}
				}
			}
		}
	}
}

func TestReductions(t *testing.T) {
	for _, path := range paths(t) {
		withPath(path, func() int { testReductions(t); return 0 })
	}
}

func testReductions(t *testing.T) {
	for _, n := range lengths {
		r := rand.New(rand.NewPCG(uint64(n), 2))
		x, y := randSlice(r, n), randSlice(r, n)
		var s, d, sq, ds float64
		const c = 0.3
		for i := range x {
			s += float64(x[i])
			d += float64(x[i]) * float64(y[i])
			sq += (float64(x[i]) - c) * (float64(x[i]) - c)
			ds += float64(x[i]) * (float64(y[i]) - c)
		}
		for name, got := range map[string][2]float32{
			"Sum": {vec.Sum(x), float32(s)}, "Dot": {vec.Dot(x, y), float32(d)},
			"SumSqDiff": {vec.SumSqDiff(x, c), float32(sq)}, "DotShift": {vec.DotShift(x, y, c), float32(ds)},
		} {
			if math.Abs(float64(got[0]-got[1])) > 1e-5*float64(n+1) {
				t.Errorf("%s n=%d = %v, float64 says %v", name, n, got[0], got[1])
			}
		}
	}
}

func TestReLUKeepsNaN(t *testing.T) {
	x := make([]float32, 16)
	x[3], x[12] = float32(math.NaN()), float32(math.NaN())
	x[4] = -1
	d := make([]float32, 16)
	vec.ReLU(d, x)
	if d[3] == d[3] || d[12] == d[12] || d[4] != 0 {
		t.Errorf("ReLU of NaN and -1: %v", d)
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Axpy of different lengths did not panic")
		}
	}()
	vec.Axpy(1, make([]float32, 3), make([]float32, 4))
}

const benchLen = 1 << 16

func BenchmarkAxpy(b *testing.B) {
	x, y := make([]float32, benchLen), make([]float32, benchLen)
	b.SetBytes(8 * benchLen)
	for b.Loop() {
		vec.Axpy(1e-3, x, y)
	}
}

func BenchmarkReLU(b *testing.B) {
	x, y := randSlice(rand.New(rand.NewPCG(1, 1)), benchLen), make([]float32, benchLen)
	b.SetBytes(8 * benchLen)
	for b.Loop() {
		vec.ReLU(y, x)
	}
}

func BenchmarkSum(b *testing.B) {
	x := make([]float32, benchLen)
	b.SetBytes(4 * benchLen)
	for b.Loop() {
		vec.Sum(x)
	}
}

func TestMulAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, s := range [][3]int{{1, 1, 1}, {4, 16, 1}, {8, 4096, 9}, {7, 300, 13}, {13, 37, 5}, {4, 16, 72}, {5, 17, 3}} {
		m, n, k := s[0], s[1], s[2]
		lda, ldb, ldc := k+1, n+3, n+2
		a, b, c := randSlice(r, m*lda), randSlice(r, k*ldb), randSlice(r, m*ldc)
		want := append([]float32(nil), c...)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var sum float64
				for p := 0; p < k; p++ {
					sum += float64(a[i*lda+p]) * float64(b[p*ldb+j])
				}
				want[i*ldc+j] += float32(sum)
			}
		}
		for _, asm := range paths(t) {
			restore := vec.UsePath(asm)
			got := append([]float32(nil), c...)
			vec.MulAdd(m, n, k, a, lda, b, ldb, got, ldc)
			restore()
			for i := range got {
				if math.Abs(float64(got[i]-want[i])) > 1e-5*float64(k+1) {
					t.Errorf("MulAdd %v (asm %v): element %d = %v, want %v", s, asm, i, got[i], want[i])
					break
				}
			}
		}
	}
}

func benchMulAdd(b *testing.B, ldbPad int) {
	const m, n, k = 8, 4096, 72
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := randSlice(r, m*k), randSlice(r, k*(n+ldbPad)), make([]float32, m*n)
	for b.Loop() {
		vec.MulAdd(m, n, k, a, k, bb, n+ldbPad, c, n)
	}
	b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkMulAddConvShape is an 8→8 channel 3×3 convolution of a 64×64
// sample. B's rows 16 KiB apart all fall in one L1 set; BenchmarkMulAddPadded
// pads them by a cache line, as runtime/nn lays out its im2col columns.
func BenchmarkMulAddConvShape(b *testing.B) { benchMulAdd(b, 0) }
func BenchmarkMulAddPadded(b *testing.B)    { benchMulAdd(b, 16) }

// BenchmarkAxpyRowsConvShape is the same product as BenchmarkMulAddPadded
// done as rows of axpy, the way runtime/nn did it before MulAdd.
func BenchmarkAxpyRowsConvShape(b *testing.B) {
	const m, n, k = 8, 4096, 72
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := randSlice(r, m*k), randSlice(r, k*n), make([]float32, m*n)
	for b.Loop() {
		for lo := 0; lo < n; lo += 1024 {
			for i := 0; i < m; i++ {
				for p := 0; p < k; p++ {
					vec.Axpy(a[i*k+p], bb[p*n+lo:p*n+lo+1024], c[i*n+lo:i*n+lo+1024])
				}
			}
		}
	}
	b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func TestMulAddT(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, s := range [][3]int{{1, 1, 1}, {4, 2, 8}, {8, 72, 4096}, {7, 5, 300}, {13, 9, 37}, {4, 2, 5}, {4, 4, 5}, {8, 8, 15}, {4, 4, 16}} {
		m, n, k := s[0], s[1], s[2]
		lda, ldb, ldc := k+3, k+1, n+2
		a, b, c := randSlice(r, m*lda), randSlice(r, n*ldb), randSlice(r, m*ldc)
		want := append([]float32(nil), c...)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var sum float64
				for p := 0; p < k; p++ {
					sum += float64(a[i*lda+p]) * float64(b[j*ldb+p])
				}
				want[i*ldc+j] += float32(sum)
			}
		}
		for _, asm := range paths(t) {
			restore := vec.UsePath(asm)
			got := append([]float32(nil), c...)
			vec.MulAddT(m, n, k, a, lda, b, ldb, got, ldc)
			restore()
			for i := range got {
				if math.Abs(float64(got[i]-want[i])) > 1e-5*math.Sqrt(float64(k+1))*4 {
					t.Errorf("MulAddT %v (asm %v): element %d = %v, want %v", s, asm, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// BenchmarkMulAddTConvShape is the weight gradient of an 8→8 channel 3×3
// convolution of a 64×64 sample; BenchmarkDotsConvShape does it with Dot.
func BenchmarkMulAddTConvShape(b *testing.B) {
	const m, n, k = 8, 72, 4096
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := randSlice(r, m*k), randSlice(r, n*(k+16)), make([]float32, m*n)
	for b.Loop() {
		vec.MulAddT(m, n, k, a, k, bb, k+16, c, n)
	}
	b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkDotsConvShape(b *testing.B) {
	const m, n, k = 8, 72, 4096
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := randSlice(r, m*k), randSlice(r, n*(k+16)), make([]float32, m*n)
	for b.Loop() {
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				c[i*n+j] += vec.Dot(a[i*k:(i+1)*k], bb[j*(k+16):j*(k+16)+k])
			}
		}
	}
	b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func TestMulAddOffsets(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, s := range [][3]int{{1, 1, 1}, {4, 16, 3}, {8, 300, 9}, {5, 33, 7}, {16, 4096, 72}} {
		m, n, k := s[0], s[1], s[2]
		b := randSlice(r, n+3*k+5)
		off := make([]int, k)
		for p := range off {
			off[p] = (p * 3) % (3*k + 5) // overlapping windows
		}
		lda, ldc := k+2, n+1
		a, c := randSlice(r, m*lda), randSlice(r, m*ldc)
		want := append([]float32(nil), c...)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var sum float64
				for p := 0; p < k; p++ {
					sum += float64(a[i*lda+p]) * float64(b[off[p]+j])
				}
				want[i*ldc+j] += float32(sum)
			}
		}
		for _, asm := range paths(t) {
			restore := vec.UsePath(asm)
			got := append([]float32(nil), c...)
			vec.MulAddOffsets(m, n, k, a, lda, b, off, got, ldc)
			restore()
			for i := range got {
				if math.Abs(float64(got[i]-want[i])) > 1e-5*float64(k+1) {
					t.Errorf("MulAddOffsets %v (asm %v): element %d = %v, want %v", s, asm, i, got[i], want[i])
					break
				}
			}
		}
	}
}

func TestMulAddTOffsets(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, s := range [][3]int{{1, 1, 1}, {4, 2, 8}, {8, 72, 4096}, {5, 9, 37}, {4, 4, 7}, {16, 12, 4222}} {
		m, n, k := s[0], s[1], s[2]
		b := randSlice(r, k+4*n+3)
		off := make([]int, n)
		for j := range off {
			off[j] = j * 4 // overlapping windows, in order
		}
		lda, ldc := k+1, n+2
		a, c := randSlice(r, m*lda), randSlice(r, m*ldc)
		want := append([]float32(nil), c...)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var sum float64
				for p := 0; p < k; p++ {
					sum += float64(a[i*lda+p]) * float64(b[off[j]+p])
				}
				want[i*ldc+j] += float32(sum)
			}
		}
		for _, asm := range paths(t) {
			restore := vec.UsePath(asm)
			got := append([]float32(nil), c...)
			vec.MulAddTOffsets(m, n, k, a, lda, b, off, got, ldc)
			restore()
			for i := range got {
				if math.Abs(float64(got[i]-want[i])) > 1e-5*math.Sqrt(float64(k+1))*4 {
					t.Errorf("MulAddTOffsets %v (asm %v): element %d = %v, want %v", s, asm, i, got[i], want[i])
					break
				}
			}
		}
	}
}

// BenchmarkKernelPaths times the convolution-shaped products and two
// element-wise kernels on every kernel set this CPU has
// (go test -bench KernelPaths ./runtime/tensor/vec).
func BenchmarkKernelPaths(b *testing.B) {
	const m, n, k = 8, 4096, 72
	r := rand.New(rand.NewPCG(1, 1))
	a, bb, c := randSlice(r, m*k), randSlice(r, k*(n+16)), make([]float32, m*n)
	at, bt, ct := randSlice(r, m*n), randSlice(r, k*(n+16)), make([]float32, m*k)
	x, y := randSlice(r, benchLen), make([]float32, benchLen)
	for _, path := range paths(b) {
		restore := vec.UsePath(path)
		b.Run("MulAdd/"+path, func(b *testing.B) {
			for b.Loop() {
				vec.MulAdd(m, n, k, a, k, bb, n+16, c, n)
			}
			b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run("MulAddT/"+path, func(b *testing.B) {
			for b.Loop() {
				vec.MulAddT(m, k, n, at, n, bt, n+16, ct, k)
			}
			b.ReportMetric(2*m*n*k*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run("ReLU/"+path, func(b *testing.B) {
			b.SetBytes(8 * benchLen)
			for b.Loop() {
				vec.ReLU(y, x)
			}
		})
		b.Run("ReLUGrad/"+path, func(b *testing.B) {
			b.SetBytes(12 * benchLen)
			for b.Loop() {
				vec.ReLUGrad(y, x, x)
			}
		})
		restore()
	}
}

// Adam gives the same bits on every kernel set (no fused multiply-add), and
// the plain Go loop matches the formula computed in float64.
func TestAdamSameBitsEverywhere(t *testing.T) {
	const b1, b2, step, sq2, eps = 0.9, 0.999, 1e-3, 0.0316, 1e-8
	for _, n := range lengths {
		r := rand.New(rand.NewPCG(uint64(n), 9))
		w0, g0, m0 := randSlice(r, n), randSlice(r, n), randSlice(r, n)
		v0 := randSlice(r, n)
		for i := range v0 {
			v0[i] *= v0[i]
		}
		run := func() [][]float32 {
			w, m, v := append([]float32(nil), w0...), append([]float32(nil), m0...), append([]float32(nil), v0...)
			vec.Adam(w, g0, m, v, b1, b2, step, sq2, eps)
			return [][]float32{w, m, v}
		}
		plain := withPath("go", run)
		for i := range w0 {
			m := 0.9*float64(m0[i]) + 0.1*float64(g0[i])
			v := 0.999*float64(v0[i]) + 0.001*float64(g0[i])*float64(g0[i])
			w := float64(w0[i]) - step*m/(math.Sqrt(v)/sq2+eps)
			if math.Abs(float64(plain[0][i])-w) > 1e-5*(1+math.Abs(w)) {
				t.Fatalf("n=%d: Go Adam w[%d] = %v, float64 formula %v", n, i, plain[0][i], w)
			}
		}
		for _, path := range paths(t) {
			got := withPath(path, run)
			for k, name := range []string{"w", "m", "v"} {
				for i := range got[k] {
					if math.Float32bits(got[k][i]) != math.Float32bits(plain[k][i]) {
						t.Fatalf("n=%d %s: %s[%d] = %v, Go gives %v", n, path, name, i, got[k][i], plain[k][i])
					}
				}
			}
		}
	}
}

func TestLog(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range lengths {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(math.Exp(r.NormFloat64() * 20)) // 1e-9 .. 1e9 and around 1
		}
		if n > 3 {
			x[1], x[2] = 1, 0.75 // the ends of the mantissa interval
			x[3] = math.Nextafter32(1.5, 0)
		}
		for _, path := range paths(t) {
			got := withPath(path, func() []float32 { d := make([]float32, n); vec.Log(d, x); return d })
			for i, v := range x {
				want := math.Log(float64(v))
				if math.Abs(float64(got[i])-want) > 3e-7*math.Max(1, math.Abs(want)) {
					t.Errorf("%s n=%d: Log(%v) = %v, want %v", path, n, v, got[i], want)
				}
			}
		}
	}
	// Anything but positive normal numbers gets math.Log's answer.
	x := []float32{2, 0, -1, float32(math.Inf(1)), float32(math.NaN()), 1e-40, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	for _, path := range paths(t) {
		got := withPath(path, func() []float32 { d := make([]float32, len(x)); vec.Log(d, x); return d })
		for i, v := range x {
			want := float32(math.Log(float64(v)))
			if math.Float32bits(got[i]) != math.Float32bits(want) && !(want != want && got[i] != got[i]) {
				t.Errorf("%s: Log(%v) = %v, want %v", path, v, got[i], want)
			}
		}
	}
}

func TestDescribeNamesTheSetInUse(t *testing.T) {
	d := vec.Describe()
	if !strings.Contains(d, "vec: "+vec.Kernels()+" ") {
		t.Errorf("Describe() = %q, does not name the set in use %q", d, vec.Kernels())
	}
}

// TestReLUGradSetBits checks that ReLUGradSet stores the bits a cleared
// buffer plus ReLUGrad gives, on every kernel set, including -0 in dy, NaN
// in y and dy, and a buffer full of NaN to overwrite.
func TestReLUGradSetBits(t *testing.T) {
	nan := float32(math.NaN())
	negZero := float32(math.Copysign(0, -1))
	for _, n := range lengths {
		r := rand.New(rand.NewPCG(uint64(n), 3))
		y, dy := randSlice(r, n), randSlice(r, n)
		for i := range y {
			switch i % 7 {
			case 1:
				dy[i] = negZero
			case 3:
				y[i] = nan
			case 5:
				dy[i] = nan
			}
		}
		for _, path := range paths(t) {
			want := withPath(path, func() []float32 {
				g := make([]float32, n)
				vec.ReLUGrad(g, y, dy)
				return g
			})
			got := withPath(path, func() []float32 {
				g := make([]float32, n)
				for i := range g {
					g[i] = nan
				}
				vec.ReLUGradSet(g, y, dy)
				return g
			})
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Errorf("%s n=%d: element %d is %v (%#x), cleared buffer plus ReLUGrad gives %v (%#x)",
						path, n, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
					break
				}
			}
		}
	}
}
