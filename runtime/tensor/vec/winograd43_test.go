package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// The transform matrices of F(4×4, 3×3), for the float64 reference.
var (
	wino43BT = [6][6]float64{
		{4, 0, -5, 0, 1, 0},
		{0, -4, -4, 1, 1, 0},
		{0, 4, -4, -1, 1, 0},
		{0, -2, -1, 2, 1, 0},
		{0, 2, -1, -2, 1, 0},
		{0, 4, 0, -5, 0, 1},
	}
	wino43AT = [4][6]float64{
		{1, 1, 1, 1, 1, 0},
		{0, 1, -1, 2, -2, 0},
		{0, 1, 1, 4, 4, 0},
		{0, 1, -1, 8, -8, 1},
	}
)

// wino43Sizes are the tile rows and tiles per row the tests run: one pass
// of sixteen lanes and less, more, rows that straddle passes, and four
// tiles a row (the output's whole-line kernel) over one to three passes.
var wino43Sizes = [][2]int{{1, 1}, {1, 3}, {2, 2}, {4, 4}, {3, 5}, {1, 17}, {5, 7}, {2, 9}, {1, 4}, {3, 4}, {5, 4}, {9, 4}}

// TestWinogradIn43 checks the input transform of a plane padded by one
// zero on every side against Bᵀ d B in float64 for every kernel set, each
// giving the same bits, on planes that the tiles cover, overhang and
// leave lines of, and that nothing past the tiles is written.
func TestWinogradIn43(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, sz := range wino43Sizes {
		rows, tiles := sz[0], sz[1]
		for cut := -2; cut < 4; cut++ {
			h, w := max(1, 4*rows-cut), max(1, 4*tiles-(3-cut))
			ld := w + tiles%3
			ldd := rows*tiles + 5
			src := winoRand(r, (h-1)*ld+w) // exactly the plane
			at := zeroPadded(src, ld, h, w)
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d_h%d_w%d", rows, tiles, h, w), "V", 36, rows, tiles, ldd, 1e-6,
				func(dst []float32) { vec.WinogradIn43(src, ld, h, w, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want, mag float64
					for i := 0; i < 6; i++ {
						for j := 0; j < 6; j++ {
							p := wino43BT[x/6][i] * at(4*ty+i-1, 4*k+j-1) * wino43BT[x%6][j]
							want += p
							mag += math.Abs(p)
						}
					}
					return want, mag
				})
		}
	}
}

// TestWinogradOut43 checks the inverse transform Aᵀ M A plus bias, cut to
// the output, in every mode, against float64 for every kernel set, each
// giving the same bits, and that nothing outside the output is written.
func TestWinogradOut43(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, sz := range wino43Sizes {
		rows, tiles := sz[0], sz[1]
		for cut := 0; cut < 4; cut++ {
			lines, cols := max(1, 4*rows-cut), max(1, 4*tiles-(3-cut))
			for mode := vec.WinoSet; mode <= vec.WinoAdd; mode++ {
				name := fmt.Sprintf("rows%d_tiles%d_lines%d_cols%d_mode%d", rows, tiles, lines, cols, mode)
				lds, ldd := rows*tiles+3, cols+4
				src := winoRand(r, 35*lds+rows*tiles)
				init := winoRand(r, lines*ldd)
				bias := float32(r.NormFloat64())
				checkOutTransform(t, name, lines, cols, ldd, init, bias, mode, 1e-6,
					func(dst []float32) {
						vec.WinogradOut43(src, lds, rows, tiles, dst, ldd, lines, cols, bias, mode)
					},
					func(y, x int) (float64, float64) {
						ty, i, k, j := y/4, y%4, x/4, x%4
						var v, mag float64
						for a := 0; a < 6; a++ {
							for b := 0; b < 6; b++ {
								p := wino43AT[i][a] * float64(src[(6*a+b)*lds+ty*tiles+k]) * wino43AT[j][b]
								v += p
								mag += math.Abs(p)
							}
						}
						return v, mag
					})
			}
		}
	}
}

// TestWinogradGrad43 checks the output transform's adjoint A dY Aᵀ (dY
// zero outside its plane) against float64 for every kernel set, each
// giving the same bits.
func TestWinogradGrad43(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for _, sz := range wino43Sizes {
		rows, tiles := sz[0], sz[1]
		for cut := -1; cut < 4; cut++ {
			h, w := max(1, 4*rows-cut), max(1, 4*tiles-(3-cut))
			ld, ldd := w+tiles%3, rows*tiles+2
			src := winoRand(r, (h-1)*ld+w)
			at := zeroPadded(src, ld, h, w)
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d_h%d_w%d", rows, tiles, h, w), "dM", 36, rows, tiles, ldd, 1e-6,
				func(dst []float32) { vec.WinogradGrad43(src, ld, h, w, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want, mag float64
					for i := 0; i < 4; i++ {
						for j := 0; j < 4; j++ { // A = Aᵀ transposed
							p := wino43AT[i][x/6] * at(4*ty+i, 4*k+j) * wino43AT[j][x%6]
							want += p
							mag += math.Abs(p)
						}
					}
					return want, mag
				})
		}
	}
}

// TestWinograd43ShapeErrors: slices too short or outputs of the wrong
// size panic with the kernel's name rather than reading past them.
func TestWinograd43ShapeErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"In43 short src", func() { vec.WinogradIn43(make([]float32, 10), 4, 4, 4, 1, 1, make([]float32, 36), 1) }},
		{"In43 narrow ld", func() { vec.WinogradIn43(make([]float32, 100), 3, 4, 4, 1, 1, make([]float32, 36), 1) }},
		{"Out43 lines", func() { vec.WinogradOut43(make([]float32, 36), 1, 1, 1, make([]float32, 64), 4, 5, 4, 0, vec.WinoSet) }},
		{"Out43 mode", func() { vec.WinogradOut43(make([]float32, 36), 1, 1, 1, make([]float32, 64), 4, 4, 4, 0, 7) }},
		{"Grad43 short dst", func() { vec.WinogradGrad43(make([]float32, 16), 4, 4, 4, 1, 1, make([]float32, 35), 1) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}
