package vec_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// poolRows makes two input rows for n windows (plus an odd column) with
// ties, NaNs, infinities and signed zeros among normal values.
func poolRows(r *rand.Rand, n int) (r0, r1 []float32) {
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)),
		float32(math.Inf(-1)), 1, 1, -1}
	row := func() []float32 {
		x := make([]float32, 2*n+1)
		for i := range x {
			if r.IntN(4) == 0 {
				x[i] = special[r.IntN(len(special))]
			} else {
				x[i] = float32(r.IntN(7) - 3) // small integers: many ties
			}
		}
		return x
	}
	return row(), row()
}

// The plain-Go loop is the reference: every kernel set must give its
// maxima, codes and gradients bit for bit.
func TestMaxPool2Kernels(t *testing.T) {
	for _, n := range []int{0, 1, 5, 15, 16, 17, 31, 32, 33, 48, 70} {
		r := rand.New(rand.NewPCG(uint64(n), 4))
		r0, r1 := poolRows(r, n)
		dy := randSlice(r, n)
		if n > 2 {
			dy[1] = float32(math.Copysign(0, -1))
		}
		g0, g1 := randSlice(r, 2*n+1), randSlice(r, 2*n+1)
		g0[0] = float32(math.Copysign(0, -1)) // an add off the maximum leaves it -0
		type result struct {
			out        []float32
			code       []uint8
			add, store [2][]float32
		}
		run := func() result {
			var res result
			res.out, res.code = make([]float32, n), make([]uint8, n)
			vec.MaxPool2(res.out, res.code, r0, r1)
			noCode := make([]float32, n)
			vec.MaxPool2(noCode, nil, r0, r1)
			if !bitsEqual(noCode, res.out) {
				t.Errorf("n=%d with %s: MaxPool2 without codes gives other maxima", n, vec.Kernels())
			}
			res.add = [2][]float32{slices.Clone(g0), slices.Clone(g1)}
			vec.MaxPool2Grad(res.add[0], res.add[1], dy, res.code, false)
			res.store = [2][]float32{slices.Clone(g0), slices.Clone(g1)}
			vec.MaxPool2Grad(res.store[0], res.store[1], dy, res.code, true)
			return res
		}
		want := withPath("go", run)
		for i, c := range want.code { // the reference itself: one lane of the scalar rule
			win := []float32{r0[2*i], r0[2*i+1], r1[2*i], r1[2*i+1]}
			if m := want.out[i]; math.Float32bits(m) != math.Float32bits(win[c]) {
				t.Fatalf("n=%d window %d %v: max %v, code %d", n, i, win, m, c)
			}
		}
		for _, path := range paths(t) {
			got := withPath(path, run)
			if !bitsEqual(got.out, want.out) || !slices.Equal(got.code, want.code) {
				t.Errorf("n=%d: %s gives maxima %v codes %v, Go %v %v", n, path, got.out, got.code, want.out, want.code)
			}
			for k := range 2 {
				if !bitsEqual(got.add[k], want.add[k]) || !bitsEqual(got.store[k], want.store[k]) {
					t.Errorf("n=%d: %s's gradient of row %d differs from Go's", n, path, k)
				}
				if got.store[k][2*n] != g0[2*n] && k == 0 || got.store[k][2*n] != g1[2*n] && k == 1 {
					t.Errorf("n=%d: %s wrote past the windows", n, path)
				}
			}
		}
	}
}

func bitsEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

func TestMaxPool2BadLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MaxPool2 with rows too short did not panic")
		}
	}()
	vec.MaxPool2(make([]float32, 4), nil, make([]float32, 7), make([]float32, 8))
}
