package vec_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// LogSumExpBlock and SoftmaxGradBlock against float64 formulas on every
// kernel set, at widths that cover the 16-lane kernel, its Go tail and
// chunk boundaries.
func TestSoftmaxBlocks(t *testing.T) {
	for _, c := range []int{1, 2, 4, 10} {
		for _, inner := range []int{1, 7, 16, 17, 40, 256, 300, 4096} {
			r := rand.New(rand.NewPCG(uint64(c), uint64(inner)))
			xs := randSlice(r, c*inner)
			for i := range xs {
				xs[i] *= 4
			}
			f := randSlice(r, inner)
			g0 := randSlice(r, c*inner)
			run := func() [][]float32 {
				lse := make([]float32, inner)
				vec.LogSumExpBlock(xs, lse, c, inner)
				set := make([]float32, c*inner)
				vec.SoftmaxGradBlock(set, xs, lse, f, c, inner, true)
				add := append([]float32(nil), g0...)
				vec.SoftmaxGradBlock(add, xs, lse, f, c, inner, false)
				return [][]float32{lse, set, add}
			}
			for _, path := range paths(t) {
				got := withPath(path, run)
				lse, set, add := got[0], got[1], got[2]
				for i := 0; i < inner; i++ {
					m := math.Inf(-1)
					for k := 0; k < c; k++ {
						m = math.Max(m, float64(xs[k*inner+i]))
					}
					var s float64
					for k := 0; k < c; k++ {
						s += math.Exp(float64(xs[k*inner+i]) - m)
					}
					want := m + math.Log(s)
					if math.Abs(float64(lse[i])-want) > 1e-5*(1+math.Abs(want)) {
						t.Fatalf("%s c=%d inner=%d: lse[%d] = %v, want %v", path, c, inner, i, lse[i], want)
					}
					for k := 0; k < c; k++ {
						j := k*inner + i
						p := math.Exp(float64(xs[j]) - want)
						if d := float64(set[j]) - float64(f[i])*p; math.Abs(d) > 1e-5 {
							t.Fatalf("%s c=%d inner=%d: assigned gradient [%d] = %v, want %v", path, c, inner, j, set[j], float64(f[i])*p)
						}
						if d := float64(add[j]) - float64(g0[j]) - float64(f[i])*p; math.Abs(d) > 1e-5 {
							t.Fatalf("%s c=%d inner=%d: added gradient [%d] = %v, want %v", path, c, inner, j, add[j], float64(g0[j])+float64(f[i])*p)
						}
					}
				}
			}
		}
	}
}

// A NaN logit makes its position's log-sum-exp NaN on every kernel set.
func TestLogSumExpBlockSpecialValues(t *testing.T) {
	const c, inner = 3, 40
	xs := make([]float32, c*inner)
	for i := range xs {
		xs[i] = float32(i % 7)
	}
	nan, inf := float32(math.NaN()), float32(math.Inf(-1))
	xs[1*inner+5] = nan
	xs[2*inner+33] = nan
	for k := 0; k < c; k++ {
		xs[k*inner+20] = inf // no NaN from the shift
	}
	for _, path := range paths(t) {
		lse := make([]float32, inner)
		withPath(path, func() int { vec.LogSumExpBlock(xs, lse, c, inner); return 0 })
		for _, i := range []int{5, 33} {
			if lse[i] == lse[i] {
				t.Errorf("%s: lse[%d] = %v with a NaN logit, want NaN", path, i, lse[i])
			}
		}
		for _, i := range []int{0, 20} {
			if math.IsNaN(float64(lse[i])) {
				t.Errorf("%s: lse[%d] is NaN", path, i)
			}
		}
	}
}

// MulAddOffsetsSet gives the bits of filling C with the bias and calling
// MulAddOffsets, on every kernel set, whatever C held before.
func TestMulAddOffsetsSet(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, s := range [][3]int{{1, 1, 1}, {4, 16, 3}, {8, 300, 9}, {5, 33, 7}, {16, 64, 9}, {7, 600, 72}} {
		m, n, k := s[0], s[1], s[2]
		b := randSlice(r, n+3*k+5)
		off := make([]int, k)
		for p := range off {
			off[p] = (p * 3) % (3*k + 5)
		}
		lda, ldc := k+2, n+1
		a, c := randSlice(r, m*lda), randSlice(r, m*ldc)
		for _, bias := range [][]float32{nil, randSlice(r, m)} {
			for _, path := range paths(t) {
				restore := vec.UsePath(path)
				want := append([]float32(nil), c...)
				for i := 0; i < m; i++ {
					row := want[i*ldc : i*ldc+n]
					if bias != nil {
						vec.Fill(row, bias[i])
					} else {
						clear(row)
					}
				}
				vec.MulAddOffsets(m, n, k, a, lda, b, off, want, ldc)
				got := append([]float32(nil), c...)
				vec.MulAddOffsetsSet(m, n, k, a, lda, b, off, got, ldc, bias)
				restore()
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%v bias %v on %s: element %d = %v, want %v", s, bias != nil, path, i, got[i], want[i])
					}
				}
			}
		}
	}
}
