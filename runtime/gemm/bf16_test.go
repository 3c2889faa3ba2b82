package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/internal/cpu"
)

func TestToBF16(t *testing.T) {
	for _, tc := range []struct {
		in   float32
		want uint16
	}{
		{0, 0x0000},
		{float32(math.Copysign(0, -1)), 0x8000},
		{1, 0x3f80},
		{-2, 0xc000},
		{math.Float32frombits(0x3f808000), 0x3f80}, // tie, even below: stays
		{math.Float32frombits(0x3f818000), 0x3f82}, // tie, odd below: rounds up
		{math.Float32frombits(0x3f808001), 0x3f81}, // above the tie
		{math.Float32frombits(0x3f807fff), 0x3f80}, // below the tie
		{float32(math.Inf(1)), 0x7f80},
		{float32(math.Inf(-1)), 0xff80},
		{math.MaxFloat32, 0x7f80}, // beyond the largest bfloat16: Inf
		{math.Float32frombits(0x00000001), 0x0000},
	} {
		if got := ToBF16(tc.in); uint16(got) != tc.want {
			t.Errorf("ToBF16(%g = %#08x) = %#04x, want %#04x", tc.in, math.Float32bits(tc.in), uint16(got), tc.want)
		}
	}
	for _, bits := range []uint32{0x7fc00000, 0x7f800001, 0xffffffff, 0x7f80ffff} {
		if got := ToBF16(math.Float32frombits(bits)).Float32(); !math.IsNaN(float64(got)) {
			t.Errorf("ToBF16(NaN %#08x) = %g, want NaN", bits, got)
		}
	}
	if got := BF16(0x3f81).Float32(); got != 1.0078125 {
		t.Errorf("BF16(0x3f81).Float32() = %g, want 1.0078125", got)
	}
}

// bf16PathsToTest returns every path, logging why those this CPU or build
// lacks are not run.
func bf16PathsToTest(t *testing.T) []string {
	have := BF16Paths()
	reasons := map[string]string{
		"amx": fmt.Sprintf("needs AMX-BF16 tiles enabled by the OS (cpu.HasAMXBF16=%v), Linux's tile permission (%v) and amd64 without purego",
			cpu.HasAMXBF16, amxErr),
		"avx512bf16": fmt.Sprintf("needs AVX512_BF16 (cpu.HasAVX512BF16=%v) and amd64 without purego", cpu.HasAVX512BF16),
	}
	for _, p := range []string{"amx", "avx512bf16"} {
		if !slices.Contains(have, p) {
			t.Logf("bfloat16 path %q not tested here: %s", p, reasons[p])
		}
	}
	if !slices.Contains(have, "float32") {
		t.Fatal("the float32 path must always exist")
	}
	return have
}

var bf16Shapes = [][3]int{
	{1, 1, 1}, {1, 33, 17}, {2, 64, 64}, {3, 70, 100}, {4, 31, 33}, {5, 64, 64},
	{14, 32, 32}, {15, 33, 31}, {20, 45, 77}, {32, 32, 64}, {37, 100, 300},
	{64, 128, 1030}, {70, 96, 2048}, {40, 64, 4200}, // the last: several AMX passes over k
	{200, 40, 3000}, // AMX work items of fewer than eight row blocks (amxGroupFor)
}

func randMat(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

// TestBF16MatchesRoundedProduct: on the bfloat16-rounded operands, every
// path gives the exact product up to float32 summation error (k·2⁻²⁴ of
// Σ|a||w|, doubled for the kernels' other summation orders).
func TestBF16MatchesRoundedProduct(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, path := range bf16PathsToTest(t) {
		for _, s := range bf16Shapes {
			m, n, k := s[0], s[1], s[2]
			t.Run(fmt.Sprintf("%s/m=%d,n=%d,k=%d", path, m, n, k), func(t *testing.T) {
				lda, ldw, ldc := k+3, k+1, n+2
				a, w := randMat(rng, m*lda), randMat(rng, n*ldw)
				c := randMat(rng, m*ldc) // stale values must be overwritten
				pad := slices.Clone(c)
				wm, err := newBF16Matrix(n, k, w, ldw, path)
				if err != nil {
					t.Fatal(err)
				}
				if err := wm.MulT(m, a, lda, c, ldc); err != nil {
					t.Fatal(err)
				}
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						var exact, mag float64
						for p := 0; p < k; p++ {
							x := float64(roundBF16(a[i*lda+p])) * float64(roundBF16(w[j*ldw+p]))
							exact += x
							mag += math.Abs(x)
						}
						tol := 2*float64(k)*0x1p-24*mag + 1e-30
						if got := float64(c[i*ldc+j]); math.Abs(got-exact) > tol {
							t.Fatalf("C[%d,%d] = %g, want %g ± %g", i, j, got, exact, tol)
						}
					}
					for j := n; j < ldc && i*ldc+j < len(c); j++ {
						if math.Float32bits(c[i*ldc+j]) != math.Float32bits(pad[i*ldc+j]) {
							t.Fatalf("C[%d,%d] past n was written", i, j)
						}
					}
				}
			})
		}
	}
}

// TestBF16Accuracy checks the bound documented on MulT against the float32
// product of the unrounded operands.
func TestBF16Accuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const u = 0x1p-8
	for _, path := range bf16PathsToTest(t) {
		m, n, k := 33, 65, 777
		a, w := randMat(rng, m*k), randMat(rng, n*k)
		wm, err := newBF16Matrix(n, k, w, k, path)
		if err != nil {
			t.Fatal(err)
		}
		c := make([]float32, m*n)
		if err := wm.MulT(m, a, k, c, n); err != nil {
			t.Fatal(err)
		}
		ref := make([]float32, m*n)
		Reference{}.Sgemm(false, true, m, n, k, 1, a, k, w, k, 0, ref, n)
		worst := 0.0
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var mag float64
				for p := 0; p < k; p++ {
					mag += math.Abs(float64(a[i*k+p]) * float64(w[j*k+p]))
				}
				bound := (2*u+u*u+float64(k)*0x1p-24*(1+2*u)*(1+2*u))*mag + float64(k)*0x1p-24*mag // + the float32 reference's own error
				diff := math.Abs(float64(c[i*n+j]) - float64(ref[i*n+j]))
				if diff > bound {
					t.Fatalf("%s: C[%d,%d] = %g, float32 %g: |diff| %g > bound %g", path, i, j, c[i*n+j], ref[i*n+j], diff, bound)
				}
				worst = max(worst, diff/mag)
			}
		}
		t.Logf("%s: worst |C - float32 product| / Σ|a||w| = %.2e (bound %.2e)", path, worst, 2*u+u*u)
	}
}

func TestBF16Deterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, path := range bf16PathsToTest(t) {
		m, n, k := 200, 300, 500 // large enough to run on several goroutines
		a, w := randMat(rng, m*k), randMat(rng, n*k)
		wm, err := newBF16Matrix(n, k, w, k, path)
		if err != nil {
			t.Fatal(err)
		}
		c1, c2 := make([]float32, m*n), make([]float32, m*n)
		wm.MulT(m, a, k, c1, n)
		wm.MulT(m, a, k, c2, n)
		if !slices.Equal(c1, c2) {
			t.Errorf("%s: two runs differ", path)
		}
	}
}

func TestBF16Errors(t *testing.T) {
	w := make([]float32, 12)
	for _, tc := range []struct {
		name string
		f    func() error
		want string
	}{
		{"n=0", func() error { _, err := NewBF16Matrix(0, 3, w, 3); return err }, "need n, k > 0"},
		{"ldw<k", func() error { _, err := NewBF16Matrix(3, 4, w, 3); return err }, "ldw=3 is less than k=4"},
		{"short w", func() error { _, err := NewBF16Matrix(4, 4, w, 4); return err }, "w has 12 values"},
		{"short a", func() error {
			wm, _ := NewBF16Matrix(3, 4, w, 4)
			return wm.MulT(2, make([]float32, 5), 4, make([]float32, 6), 3)
		}, "a has 5 values"},
		{"short c", func() error {
			wm, _ := NewBF16Matrix(3, 4, w, 4)
			return wm.MulT(2, make([]float32, 8), 4, make([]float32, 5), 3)
		}, "c has 5 values"},
		{"zero matrix", func() error { var z BF16Matrix; return z.MulT(1, w, 4, w, 4) }, "not made by NewBF16Matrix"},
		{"nil matrix", func() error { var z *BF16Matrix; return z.MulT(1, w, 4, w, 4) }, "not made by NewBF16Matrix"},
		{"ldc<n", func() error {
			wm, _ := NewBF16Matrix(3, 4, w, 4)
			return wm.MulT(2, make([]float32, 8), 4, make([]float32, 6), 2)
		}, "ldc=2 is less than n=3"},
	} {
		err := tc.f()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestRowToPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 0; n <= 70; n++ {
		src := randMat(rng, n)
		want := make([]float32, roundUp(n+1, 32)/2+16)
		got := randMat(rng, len(want)) // stale values must be cleared
		toPairs(want, src)
		rowToPairs(got, src)
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("n=%d: pair %d = %#08x, want %#08x", n, i, math.Float32bits(got[i]), math.Float32bits(want[i]))
			}
		}
	}
}
