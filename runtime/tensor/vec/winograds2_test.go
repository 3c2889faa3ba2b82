package vec_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// The 1-D transforms of the stride-2 Winograd, for the float64 reference.
var (
	winoS2T = [5][5]float64{{1, 0, -1, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, -1, 0, 1}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}}
	winoS2S = [2][5]float64{{1, 1, 0, 1, 0}, {0, 1, 1, 0, 1}}
)

// TestWinogradInS2 checks the stride-2 input transform of a plane padded
// by one zero on every side against T d Tᵀ in float64 for every kernel
// set, each giving the same bits, and that nothing past the tiles is
// written.
func TestWinogradInS2(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {7, 7}, {3, 5}, {1, 17}, {5, 4}} {
		rows, tiles := sz[0], sz[1]
		for cut := 0; cut < 4; cut++ {
			h, w := max(1, 4*rows-cut), max(1, 4*tiles-(3-cut))
			ld, ldd := w+tiles%3, rows*tiles+5
			src := winoRand(r, (h-1)*ld+w)
			at := zeroPadded(src, ld, h, w)
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d_h%d_w%d", rows, tiles, h, w), "V", 25, rows, tiles, ldd, 1e-6,
				func(dst []float32) { vec.WinogradInS2(src, ld, h, w, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want float64
					for i := 0; i < 5; i++ {
						for j := 0; j < 5; j++ {
							want += winoS2T[x/5][i] * at(4*ty+i-1, 4*k+j-1) * winoS2T[x%5][j]
						}
					}
					return want, math.Abs(want)
				})
		}
	}
}

// TestWinogradOutS2 checks S M Sᵀ plus bias, cut to the output, in every
// mode, against float64 for every kernel set, each giving the same bits,
// and that nothing outside the output is written.
func TestWinogradOutS2(t *testing.T) {
	checkOut2x2(t, rand.New(rand.NewPCG(33, 34)), [][2]int{{1, 1}, {2, 3}, {7, 7}, {3, 5}, {1, 17}, {5, 4}}, 5,
		func(i, a int) float64 { return winoS2S[i][a] }, vec.WinogradOutS2)
}

// TestWinogradGradS2 checks Sᵀ dY S (dY zero outside its plane) against
// float64 for every kernel set, each giving the same bits.
func TestWinogradGradS2(t *testing.T) {
	r := rand.New(rand.NewPCG(35, 36))
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {7, 7}, {3, 5}, {1, 17}, {5, 4}} {
		rows, tiles := sz[0], sz[1]
		for cut := 0; cut < 2; cut++ {
			h, w := 2*rows-cut, 2*tiles-(1-cut)
			ld, ldd := w+tiles%3, rows*tiles+2
			src := winoRand(r, (h-1)*ld+w)
			at := zeroPadded(src, ld, h, w)
			checkTileLines(t, fmt.Sprintf("rows%d_tiles%d_h%d_w%d", rows, tiles, h, w), "dM", 25, rows, tiles, ldd, 1e-6,
				func(dst []float32) { vec.WinogradGradS2(src, ld, h, w, rows, tiles, dst, ldd) },
				func(x, ty, k int) (float64, float64) {
					var want float64
					for i := 0; i < 2; i++ {
						for j := 0; j < 2; j++ {
							want += winoS2S[i][x/5] * at(2*ty+i, 2*k+j) * winoS2S[j][x%5]
						}
					}
					return want, math.Abs(want)
				})
		}
	}
}

// TestWinogradInS2Adj checks the input transform's adjoint, Tᵀ dV T added
// over each tile's 5×5 block (overlapping its neighbours', cut to the
// plane), against float64 for every kernel set, each giving the same bits,
// and that nothing outside the plane is written.
func TestWinogradInS2Adj(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	for _, sz := range [][2]int{{1, 1}, {2, 3}, {7, 7}, {3, 5}, {1, 17}, {5, 4}} {
		rows, tiles := sz[0], sz[1]
		for cut := 0; cut < 4; cut++ {
			h, w := max(1, 4*rows-cut), max(1, 4*tiles-(3-cut))
			name := fmt.Sprintf("rows%d_tiles%d_h%d_w%d", rows, tiles, h, w)
			lds, ldd := rows*tiles+3, w+2
			src := winoRand(r, 24*lds+rows*tiles)
			init := winoRand(r, h*ldd)
			results := map[string][]float32{}
			for _, path := range paths(t) {
				dst := slices.Clone(init)
				withPath(path, func() int { vec.WinogradInS2Adj(src, lds, rows, tiles, dst[:(h-1)*ldd+w], ldd, h, w); return 0 })
				results[path] = dst
				want := make([]float64, len(init))
				mag := make([]float64, len(init))
				for i := range init {
					want[i] = float64(init[i])
					mag[i] = math.Abs(want[i])
				}
				for k := 0; k < rows*tiles; k++ {
					ty, tx := k/tiles, k%tiles
					for i := 0; i < 5; i++ {
						for j := 0; j < 5; j++ {
							y, x := 4*ty+i-1, 4*tx+j-1
							if y < 0 || y >= h || x < 0 || x >= w {
								continue
							}
							for a := 0; a < 5; a++ {
								for b := 0; b < 5; b++ {
									p := winoS2T[a][i] * float64(src[(5*a+b)*lds+k]) * winoS2T[b][j]
									want[y*ldd+x] += p
									mag[y*ldd+x] += math.Abs(p)
								}
							}
						}
					}
				}
				for y := 0; y < h; y++ {
					for x := 0; x < ldd; x++ {
						got := float64(dst[y*ldd+x])
						if x >= w {
							if got != float64(init[y*ldd+x]) {
								t.Fatalf("%s %s: wrote outside the plane at (%d, %d)", path, name, y, x)
							}
							continue
						}
						if math.Abs(got-want[y*ldd+x]) > 1e-6*(1+mag[y*ldd+x]) {
							t.Fatalf("%s %s: dx[%d][%d] = %v, want %v", path, name, y, x, got, want[y*ldd+x])
						}
					}
				}
			}
			sameBits(t, name, results)
		}
	}
}
