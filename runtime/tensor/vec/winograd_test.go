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
)

func winoRand(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

// TestWinogradIn23 checks the input transform against Bᵀ d B in float64
// for every kernel set, each set giving the same bits, and that nothing
// past the tiles is written.
func TestWinogradIn23(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for tiles := 1; tiles <= 19; tiles++ {
		ld := 2*tiles + 2 + tiles%3
		ldd := tiles + 5
		src := winoRand(r, 3*ld+2*tiles+2) // exactly what the tiles read
		var first []float32
		for _, path := range paths(t) {
			dst := make([]float32, 16*ldd)
			for i := range dst {
				dst[i] = 7
			}
			withPath(path, func() int { vec.WinogradIn23(src, ld, tiles, dst, ldd); return 0 })
			for k := 0; k < tiles; k++ {
				for a := 0; a < 4; a++ {
					for b := 0; b < 4; b++ {
						var want float64
						for i := 0; i < 4; i++ {
							for j := 0; j < 4; j++ {
								want += winoBT[a][i] * float64(src[i*ld+2*k+j]) * winoBT[b][j]
							}
						}
						if got := dst[(4*a+b)*ldd+k]; math.Abs(float64(got)-want) > 1e-5*(1+math.Abs(want)) {
							t.Fatalf("%s tiles %d: V[%d][%d] of tile %d = %v, want %v", path, tiles, a, b, k, got, want)
						}
					}
				}
			}
			for x := 0; x < 16; x++ {
				for k := tiles; k < ldd && x*ldd+k < len(dst); k++ {
					if dst[x*ldd+k] != 7 {
						t.Fatalf("%s tiles %d: wrote past the tiles at line %d column %d", path, tiles, x, k)
					}
				}
			}
			if first == nil {
				first = dst
			} else if !slices.Equal(first, dst) {
				t.Fatalf("tiles %d: %s gives other bits than %s", tiles, path, paths(t)[0])
			}
		}
	}
}

// TestWinogradOut23 checks the output transform (Aᵀ M A + bias, stored,
// through a ReLU or added) against float64 for every kernel set, rows 1
// and 2, odd and even widths.
func TestWinogradOut23(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for tiles := 1; tiles <= 19; tiles++ {
		for _, rows := range []int{1, 2} {
			for _, cols := range []int{2*tiles - 1, 2 * tiles} {
				for mode := vec.WinoSet; mode <= vec.WinoAdd; mode++ {
					name := fmt.Sprintf("tiles%d_rows%d_cols%d_mode%d", tiles, rows, cols, mode)
					lds, ldd := tiles+3, cols+4
					src := winoRand(r, 15*lds+tiles)
					init := winoRand(r, 2*ldd)
					bias := float32(r.NormFloat64())
					var first []float32
					for _, path := range paths(t) {
						dst := slices.Clone(init)
						withPath(path, func() int {
							vec.WinogradOut23(src, lds, tiles, dst[:(rows-1)*ldd+cols], ldd, rows, cols, bias, mode)
							return 0
						})
						for y := 0; y < 2; y++ {
							for x := 0; x < ldd; x++ {
								got, want := float64(dst[y*ldd+x]), float64(init[y*ldd+x])
								if y < rows && x < cols {
									k, q := x/2, x%2
									var v float64
									for a := 0; a < 4; a++ {
										for b := 0; b < 4; b++ {
											v += winoAT[y][a] * float64(src[(4*a+b)*lds+k]) * winoAT[q][b]
										}
									}
									v += float64(bias)
									switch mode {
									case vec.WinoSet:
										want = v
									case vec.WinoReLU:
										want = max(v, 0)
									default:
										want += v
									}
									if math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
										t.Fatalf("%s %s: y[%d][%d] = %v, want %v", path, name, y, x, got, want)
									}
								} else if got != want {
									t.Fatalf("%s %s: wrote y[%d][%d] outside the output", path, name, y, x)
								}
							}
						}
						if first == nil {
							first = dst
						} else if !slices.Equal(first, dst) {
							t.Fatalf("%s: %s gives other bits than %s", name, path, paths(t)[0])
						}
					}
				}
			}
		}
	}
}

func TestWinogradShapeErrors(t *testing.T) {
	for _, f := range []func(){
		func() { vec.WinogradIn23(make([]float32, 10), 4, 1, make([]float32, 16), 1) },
		func() { vec.WinogradOut23(make([]float32, 16), 1, 1, make([]float32, 2), 2, 3, 2, 0, vec.WinoSet) },
		func() { vec.WinogradOut23(make([]float32, 16), 1, 1, make([]float32, 2), 2, 1, 2, 0, 9) },
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

// TestWinogradGrad23 checks the output transform's adjoint A dY Aᵀ against
// float64 for every kernel set, each giving the same bits.
func TestWinogradGrad23(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	winoA := [4][2]float64{{1, 0}, {1, 1}, {1, -1}, {0, -1}}
	for tiles := 1; tiles <= 19; tiles++ {
		ld, ldd := 2*tiles+tiles%3, tiles+2
		src := winoRand(r, ld+2*tiles)
		var first []float32
		for _, path := range paths(t) {
			dst := make([]float32, 16*ldd)
			for i := range dst {
				dst[i] = 7
			}
			withPath(path, func() int { vec.WinogradGrad23(src, ld, tiles, dst, ldd); return 0 })
			for x := 0; x < 16; x++ {
				for k := 0; k < ldd; k++ {
					got := dst[x*ldd+k]
					if k >= tiles {
						if got != 7 {
							t.Fatalf("%s tiles %d: wrote past the tiles at line %d column %d", path, tiles, x, k)
						}
						continue
					}
					var want float64
					for rr := 0; rr < 2; rr++ {
						for q := 0; q < 2; q++ {
							want += winoA[x/4][rr] * float64(src[rr*ld+2*k+q]) * winoA[x%4][q]
						}
					}
					if math.Abs(float64(got)-want) > 1e-5*(1+math.Abs(want)) {
						t.Fatalf("%s tiles %d: dM[%d] of tile %d = %v, want %v", path, tiles, x, k, got, want)
					}
				}
			}
			if first == nil {
				first = dst
			} else if !slices.Equal(first, dst) {
				t.Fatalf("tiles %d: %s gives other bits than %s", tiles, path, paths(t)[0])
			}
		}
	}
}
