package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// The transform matrices of F(2×2, 3×3), for the float64 reference.
var (
	winoBT = [4][4]float64{{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}}
	winoAT = [2][4]float64{{1, 1, 1, 0}, {0, 1, -1, -1}}
	winoA  = [4][2]float64{{1, 0}, {1, 1}, {1, -1}, {0, -1}}
)

func winoRand(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

func filled(n int, v float32) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// sameBits checks that every kernel set gave what the first one did.
func sameBits(t *testing.T, name string, results map[string][]float32) {
	t.Helper()
	ps := paths(t)
	for _, p := range ps[1:] {
		if !slices.Equal(results[ps[0]], results[p]) {
			t.Fatalf("%s: %s gives other bits than %s", name, p, ps[0])
		}
	}
}

// zeroPadded reads an h×w plane (line stride ld) in float64 as if padded
// with zeros on every side.
func zeroPadded(src []float32, ld, h, w int) func(y, x int) float64 {
	return func(y, x int) float64 {
		if y < 0 || y >= h || x < 0 || x >= w {
			return 0
		}
		return float64(src[y*ld+x])
	}
}

// checkTileLines runs a transform that writes lines lines (line stride
// ldd) of rows·tiles columns, one per tile, on every kernel set: each
// value must be within tol·(1+scale) of the float64 reference ref gives
// for line x of tile (ty, k), nothing past the tiles may be written, and
// every set must give the same bits. what names the lines in messages.
func checkTileLines(t *testing.T, name, what string, lines, rows, tiles, ldd int, tol float64,
	run func(dst []float32), ref func(x, ty, k int) (want, scale float64)) {
	t.Helper()
	results := map[string][]float32{}
	for _, path := range paths(t) {
		dst := filled(lines*ldd, 7)
		withPath(path, func() int { run(dst); return 0 })
		results[path] = dst
		for x := 0; x < lines; x++ {
			for col := 0; col < ldd; col++ {
				got := dst[x*ldd+col]
				if col >= rows*tiles {
					if got != 7 {
						t.Fatalf("%s %s: wrote past the tiles at line %d column %d", path, name, x, col)
					}
					continue
				}
				ty, k := col/tiles, col%tiles
				want, scale := ref(x, ty, k)
				if math.Abs(float64(got)-want) > tol*(1+scale) {
					t.Fatalf("%s %s: %s[%d] of tile (%d, %d) = %v, want %v", path, name, what, x, ty, k, got, want)
				}
			}
		}
	}
	sameBits(t, name, results)
}

// checkOutTransform runs an output transform that writes lines×cols
// values (line stride ldd) over init in mode on every kernel set: each
// must be within tol·(1+mag+|want|) of the float64 reference (ref gives
// Y at (y, x) and the sum of its terms' magnitudes; bias and mode are
// applied here), nothing outside the output may be written, and every set
// must give the same bits.
func checkOutTransform(t *testing.T, name string, lines, cols, ldd int, init []float32, bias float32, mode int, tol float64,
	run func(dst []float32), ref func(y, x int) (v, mag float64)) {
	t.Helper()
	results := map[string][]float32{}
	for _, path := range paths(t) {
		dst := slices.Clone(init)
		withPath(path, func() int { run(dst[:(lines-1)*ldd+cols]); return 0 })
		results[path] = dst
		for y := 0; y < lines; y++ {
			for x := 0; x < ldd; x++ {
				got, want := float64(dst[y*ldd+x]), float64(init[y*ldd+x])
				if x >= cols {
					if got != want {
						t.Fatalf("%s %s: wrote y[%d][%d] outside the output", path, name, y, x)
					}
					continue
				}
				v, mag := ref(y, x)
				v += float64(bias)
				switch mode {
				case vec.WinoSet:
					want = v
				case vec.WinoReLU:
					want = max(v, 0)
				default:
					want += v
				}
				if math.Abs(got-want) > tol*(1+mag+math.Abs(want)) {
					t.Fatalf("%s %s: y[%d][%d] = %v, want %v", path, name, y, x, got, want)
				}
			}
		}
	}
	sameBits(t, name, results)
}

// TestWinogradIn23 checks the input transform against Bᵀ d B in float64
// for every kernel set, each set giving the same bits, and that nothing
// past the tiles is written.
func TestWinogradIn23(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for rows := 1; rows <= 3; rows++ {
		for tiles := 1; tiles <= 19; tiles++ {
			ld := 2*tiles + 2 + tiles%3
			ldd := rows*tiles + 5
			src := winoRand(r, (2*rows+1)*ld+2*tiles+2) // exactly what the tiles read
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d", rows, tiles), "V", 16, rows, tiles, ldd, 1e-5,
				func(dst []float32) { vec.WinogradIn23(src, ld, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want float64
					for i := 0; i < 4; i++ {
						for j := 0; j < 4; j++ {
							want += winoBT[x/4][i] * float64(src[(2*ty+i)*ld+2*k+j]) * winoBT[x%4][j]
						}
					}
					return want, math.Abs(want)
				})
		}
	}
}

// TestWinogradOut23 checks the output transform (Aᵀ M A + bias, stored,
// through a ReLU or added) against float64 for every kernel set, odd and
// even heights and widths, and that nothing outside the output is written.
func TestWinogradOut23(t *testing.T) {
	var sizes [][2]int
	for rows := 1; rows <= 3; rows++ {
		for tiles := 1; tiles <= 19; tiles++ {
			sizes = append(sizes, [2]int{rows, tiles})
		}
	}
	checkOut2x2(t, rand.New(rand.NewPCG(3, 4)), sizes, 4, func(i, a int) float64 { return winoAT[i][a] }, vec.WinogradOut23)
}

// checkOut2x2 checks an output transform of 2×2 tiles, Mᵀ m M for the
// 2×p matrix mat, with m the p×p products of each tile (line p·a+b of
// src), against float64 for every size, cut of the output and mode.
func checkOut2x2(t *testing.T, r *rand.Rand, sizes [][2]int, p int, mat func(i, a int) float64,
	out func(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int)) {
	t.Helper()
	for _, sz := range sizes {
		rows, tiles := sz[0], sz[1]
		for _, lines := range []int{2*rows - 1, 2 * rows} {
			for _, cols := range []int{2*tiles - 1, 2 * tiles} {
				for mode := vec.WinoSet; mode <= vec.WinoAdd; mode++ {
					name := fmt.Sprintf("rows%d_tiles%d_lines%d_cols%d_mode%d", rows, tiles, lines, cols, mode)
					lds, ldd := rows*tiles+3, cols+4
					src := winoRand(r, (p*p-1)*lds+rows*tiles)
					init := winoRand(r, lines*ldd)
					bias := float32(r.NormFloat64())
					checkOutTransform(t, name, lines, cols, ldd, init, bias, mode, 1e-5,
						func(dst []float32) { out(src, lds, rows, tiles, dst, ldd, lines, cols, bias, mode) },
						func(y, x int) (float64, float64) {
							ty, i, k, j := y/2, y%2, x/2, x%2
							var v float64
							for a := 0; a < p; a++ {
								for b := 0; b < p; b++ {
									v += mat(i, a) * float64(src[(p*a+b)*lds+ty*tiles+k]) * mat(j, b)
								}
							}
							return v, 0
						})
				}
			}
		}
	}
}

// TestWinogradGrad23 checks the output transform's adjoint A dY Aᵀ against
// float64 for every kernel set, each giving the same bits.
func TestWinogradGrad23(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for rows := 1; rows <= 3; rows++ {
		for tiles := 1; tiles <= 19; tiles++ {
			ld, ldd := 2*tiles+tiles%3, rows*tiles+2
			src := winoRand(r, (2*rows-1)*ld+2*tiles)
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d", rows, tiles), "dM", 16, rows, tiles, ldd, 1e-5,
				func(dst []float32) { vec.WinogradGrad23(src, ld, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want float64
					for rr := 0; rr < 2; rr++ {
						for q := 0; q < 2; q++ {
							want += winoA[x/4][rr] * float64(src[(2*ty+rr)*ld+2*k+q]) * winoA[x%4][q]
						}
					}
					return want, math.Abs(want)
				})
		}
	}
}

// TestPadPlanes checks that the planes land in the interior of the padded
// ones and nothing else is written, at widths around the 16-lane chunks.
func TestPadPlanes(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct{ planes, h, w, ph, pw int }{
		{1, 1, 1, 2, 2}, {3, 14, 14, 16, 16}, {2, 7, 7, 10, 10}, {2, 5, 16, 7, 18}, {2, 3, 17, 5, 19}, {2, 4, 33, 6, 36},
	} {
		name := fmt.Sprintf("%+v", c)
		src := winoRand(r, c.planes*c.h*c.w)
		for _, path := range paths(t) {
			dst := filled(c.planes*c.ph*c.pw, 7)
			withPath(path, func() int { vec.PadPlanes(dst, c.ph, c.pw, src, c.planes, c.h, c.w); return 0 })
			for p := 0; p < c.planes; p++ {
				for y := 0; y < c.ph; y++ {
					for x := 0; x < c.pw; x++ {
						want := float32(7)
						if y >= 1 && y <= c.h && x >= 1 && x <= c.w {
							want = src[(p*c.h+y-1)*c.w+x-1]
						}
						if got := dst[(p*c.ph+y)*c.pw+x]; got != want {
							t.Fatalf("%s %s: plane %d (%d, %d) = %v, want %v", path, name, p, y, x, got, want)
						}
					}
				}
			}
		}
	}
}

func TestWinogradShapeErrors(t *testing.T) {
	for _, f := range []func(){
		func() { vec.WinogradIn23(make([]float32, 10), 4, 1, 1, make([]float32, 16), 1) },
		func() { vec.WinogradGrad23(make([]float32, 3), 2, 1, 1, make([]float32, 16), 1) },
		func() { vec.WinogradOut23(make([]float32, 16), 1, 1, 1, make([]float32, 2), 2, 3, 2, 0, vec.WinoSet) },
		func() { vec.WinogradOut23(make([]float32, 16), 1, 1, 1, make([]float32, 2), 2, 1, 2, 0, 9) },
		func() { vec.PadPlanes(make([]float32, 8), 3, 3, make([]float32, 4), 1, 2, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic for a bad shape")
				}
			}()
			f()
		}()
	}
}
