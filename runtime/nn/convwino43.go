package nn

import "github.com/yaknb/yak/runtime/tensor/vec"

// Winograd F(4×4, 3×3): each 4×4 block of outputs from the 6×6 input
// block under it, 36 products per tile and channel pair (np positions ξ =
// 6a+b), the transforms vec.WinogradIn43, Out43 and Grad43 and the
// kernel's U = G g Gᵀ below. A 14×14 map (the MNIST CNN's 128→128 layers)
// is 16 such tiles, padded to 16×16: 16·36 = 576 products per channel
// pair against 49·16 = 784 for F(2×2, 3×3), 27% fewer multiply-adds in
// the products that are most of these layers' time. The layer takes
// whichever of the two needs fewer products (F(4×4) at every size from
// 5×5 up but a few, e.g. 6×6).
//
// Accuracy: the points 0, ±1, ±2 put 4, 5 and 8 in the transforms and
// 1/6, 1/12, 1/24 in G, so values are scaled up and back down by about
// 10-100 and lose that many units in the last place: against the float64
// reference (TestWinogradMatchesReference, 128→128 on 14×14) the worst
// error relative to 1+|value| is a few times F(2×2)'s, well inside the
// bound that the tests hold every convolution path to.

// winoKind is one Winograd algorithm: output tiles m×m, np = (m+2)²
// products per tile and channel pair, its transforms, and how many
// tiles a group holds (V and M, np × channels × tiles each, near L2).
type winoKind struct {
	m, np      int
	groupTiles int
	in         func(src []float32, ld, rows, tiles int, dst []float32, ldd int)
	out        func(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int)
	grad       func(src []float32, ld, rows, tiles int, dst []float32, ldd int)
	weights    func(w []float32, cout, cin int, flip bool, u []float32)
	weightGrad func(du []float32, cout, cin int, dw []float32)
}

var (
	wino23 = winoKind{m: 2, np: 16, groupTiles: winoTiles,
		in: vec.WinogradIn23, out: vec.WinogradOut23, grad: vec.WinogradGrad23,
		weights: winoWeights, weightGrad: winoWeightGrad}
	wino43 = winoKind{m: 4, np: 36, groupTiles: wino43Tiles,
		in: vec.WinogradIn43, out: vec.WinogradOut43, grad: vec.WinogradGrad43,
		weights: winoWeights43, weightGrad: winoWeightGrad43}
)

// wino43Tiles is about how many tiles a group of F(4×4, 3×3) holds: V and
// M of as many values as F(2×2)'s 256-tile groups, 16·256/36 tiles.
const wino43Tiles = 16 * winoTiles / 36

// wino43Off keeps every Winograd layer on F(2×2, 3×3) (tests compare the two).
var wino43Off bool

// winoKind returns the algorithm that needs fewer products per channel
// pair for this layer's maps.
func (g *convGeom) winoKind() *winoKind {
	t2 := ((g.h + 1) / 2) * ((g.w + 1) / 2)
	t4 := ((g.h + 3) / 4) * ((g.w + 3) / 4)
	if !wino43Off && 36*t4 < 16*t2 {
		return &wino43
	}
	return &wino23
}

// gk43 applies F(4×4, 3×3)'s kernel transform G (6×3) to one column of
// three values:
//
//	G = [1/4 0 0; −1/6 −1/6 −1/6; −1/6 1/6 −1/6; 1/24 1/12 1/6; 1/24 −1/12 1/6; 0 0 1]
func gk43(k0, k1, k2 float64) (t0, t1, t2, t3, t4, t5 float64) {
	e, o := k0+k2, k1
	return k0 / 4, -(e + o) / 6, -(e - o) / 6, k0/24 + k1/12 + k2/6, k0/24 - k1/12 + k2/6, k2
}

// gt43 applies Gᵀ (3×6) to one column of six values.
func gt43(d0, d1, d2, d3, d4, d5 float64) (t0, t1, t2 float64) {
	s12, s34 := d1+d2, d3+d4
	return d0/4 - s12/6 + s34/24, (d2-d1)/6 + (d3-d4)/12, -s12/6 + s34/6 + d5
}

// winoWeights43 writes U = G g Gᵀ (36 × cout × cin, position ξ = 6a+b
// first) for the kernel w (cout, cin, 3, 3), or with flip for the input
// gradient's kernel (cin ↔ cout, taps rotated by 180°), as winoWeights.
// Sums in float64, one rounding each.
func winoWeights43(w []float32, cout, cin int, flip bool, u []float32) {
	no, ni := cout, cin
	if flip {
		no, ni = cin, cout
	}
	var k [3][3]float64
	var t [6][3]float64
	for co := 0; co < cout; co++ {
		for c := 0; c < cin; c++ {
			src := w[(co*cin+c)*9:][:9]
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					if flip {
						k[i][j] = float64(src[(2-i)*3+2-j])
					} else {
						k[i][j] = float64(src[i*3+j])
					}
				}
			}
			for j := 0; j < 3; j++ { // t = G k
				t[0][j], t[1][j], t[2][j], t[3][j], t[4][j], t[5][j] = gk43(k[0][j], k[1][j], k[2][j])
			}
			o, i := co, c
			if flip {
				o, i = c, co
			}
			at := u[o*ni+i:]
			step := no * ni
			for a := 0; a < 6; a++ { // U = t Gᵀ
				u0, u1, u2, u3, u4, u5 := gk43(t[a][0], t[a][1], t[a][2])
				p := 6 * a * step
				at[p] = float32(u0)
				at[p+step] = float32(u1)
				at[p+2*step] = float32(u2)
				at[p+3*step] = float32(u3)
				at[p+4*step] = float32(u4)
				at[p+5*step] = float32(u5)
			}
		}
	}
}

// winoWeightGrad43 writes dW = Gᵀ dU G (cout, cin, 3, 3) from dU (36 ×
// cout × cin), in float64 with one rounding per value.
func winoWeightGrad43(du []float32, cout, cin int, dw []float32) {
	n := cout * cin
	var d [6][6]float64
	var t [3][6]float64
	for p := 0; p < n; p++ {
		for x := 0; x < 36; x++ {
			d[x/6][x%6] = float64(du[x*n+p])
		}
		for b := 0; b < 6; b++ { // t = Gᵀ dU
			t[0][b], t[1][b], t[2][b] = gt43(d[0][b], d[1][b], d[2][b], d[3][b], d[4][b], d[5][b])
		}
		out := dw[p*9:][:9]
		for i := 0; i < 3; i++ { // Gᵀ dU G
			o0, o1, o2 := gt43(t[i][0], t[i][1], t[i][2], t[i][3], t[i][4], t[i][5])
			out[i*3], out[i*3+1], out[i*3+2] = float32(o0), float32(o1), float32(o2)
		}
	}
}
