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
// 1/6, 1/12, 1/24 in G, so values are scaled up and back down and lose a
// few bits: against the float64 reference (TestWinogradMatchesReference,
// 128→128 on 14×14) the worst error relative to 1+|value| is 1.3e-5 for
// the output, 1.6e-5 for the input gradient and 1.9e-4 for the weight
// gradient, about ten times F(2×2)'s (1e-6, 1e-6, 2.5e-5) and still a
// fifth of the bound every convolution path is held to (4e-5·√terms).
// The transforms run on AVX-512 with the pure-Go bits (vec's tests).

// winoKind is one Winograd algorithm: output tiles m×m, np = (m+2)²
// products per tile and channel pair, its transforms, and how many
// tiles a group holds (V and M, np × channels × tiles each, near L2).
type winoKind struct {
	m, np      int
	groupTiles int
	out        func(src []float32, lds, rows, tiles int, dst []float32, ldd, lines, cols int, bias float32, mode int)
	weights    func(w []float32, cout, cin int, flip bool, u []float32)
	weightGrad func(du []float32, cout, cin int, dw []float32)
}

var (
	wino23 = winoKind{m: 2, np: 16, groupTiles: winoTiles, out: vec.WinogradOut23,
		weights: winoWeights, weightGrad: winoWeightGrad}
	wino43 = winoKind{m: 4, np: 36, groupTiles: wino43Tiles, out: vec.WinogradOut43,
		weights: winoWeights43, weightGrad: winoWeightGrad43}
)

// pad copies an h×w plane into the interior of xp (its border zero) for
// F(2×2, 3×3)'s transforms; F(4×4, 3×3)'s read the plane itself, the
// padding implied.
func (wg *winoGeom) pad(xp, plane []float32, h, w int) {
	if wg.m == 2 {
		vec.PadPlanes(xp, wg.ph, wg.pw, plane, 1, h, w)
	}
}

// in writes the input transform of one h×w plane (padded into xp by pad).
func (wg *winoGeom) in(xp, plane []float32, h, w int, dst []float32, ldd int) {
	if wg.m == 4 {
		vec.WinogradIn43(plane, w, h, w, wg.th, wg.tw, dst, ldd)
		return
	}
	vec.WinogradIn23(xp, wg.pw, wg.th, wg.tw, dst, ldd)
}

// grad writes the transform of one h×w plane of the output gradient
// (padded into xp by pad) for the weight gradient.
func (wg *winoGeom) grad(xp, plane []float32, h, w int, dst []float32, ldd int) {
	if wg.m == 4 {
		vec.WinogradGrad43(plane, w, h, w, wg.th, wg.tw, dst, ldd)
		return
	}
	// dY's tiles start at padded line 1, column 1.
	vec.WinogradGrad23(xp[wg.pw+1:], wg.pw, wg.th, wg.tw, dst, ldd)
}

// wino43Tiles is about how many tiles a group of F(4×4, 3×3) holds. The
// products run best on a multiple of gemm's 32-column tile: on the MNIST
// CNN's 128→128 layer (16 tiles a sample; one thread, forward + backward,
// CPU ms, two exploratory runs each) groups of 64, 80, 96, 112, 128, 160,
// 192, 256, 320, 384 and 512 tiles took 172, 193, 168, 186, 162, 160,
// 156, 151-155, 156-161, 151-163 and 154-165: V and M (5 MB each at 256)
// past L2 cost less than the products' edge tiles. That was with U packed
// again for every group; packed once per layer (packU), 192 (twelve
// samples: 64-row blocks of U meet 192 columns in gemm's 8×48 tile with
// no padding, and V and M are 3.5 MB) took 1-2% less CPU a step than 256
// in five of six alternating pairs through quietbench (one and two
// threads, 08:16 UTC), 128 no less than 256.
const wino43Tiles = 192

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
// Sums in float64, one rounding each. Sixteen channel pairs at a time
// through buf, so that each of U's 36 planes (cout·cin apart, the same
// L1 set when that is a multiple of 1024) is written a line at a time.
func winoWeights43(w []float32, cout, cin int, flip bool, u []float32) {
	winoWeightsSep(w, cout, cin, flip, 6, u, func(k0, k1, k2 float64, t []float64) {
		t[0], t[1], t[2], t[3], t[4], t[5] = gk43(k0, k1, k2)
	})
}

// winoWeightsSep writes U (side² × cout × cin, position ξ = side·a+b
// first) for the kernel w (cout, cin, 3, 3), or with flip for the input
// gradient's kernel (cin ↔ cout, taps rotated by 180°), for a kernel
// transform that takes three values to side along each side (fwd, into
// its side values t): fwd down the columns of each kernel, then along the
// rows, in float64 with one rounding per value. Sixteen channel pairs at
// a time through buf (see winoWeights43).
func winoWeightsSep(w []float32, cout, cin int, flip bool, side int, u []float32, fwd func(k0, k1, k2 float64, t []float64)) {
	no, ni := cout, cin
	if flip {
		no, ni = cin, cout
	}
	var col [6]float64
	var t [6][3]float64
	var buf [36][16]float32
	step := no * ni
	for o := 0; o < no; o++ {
		for i0 := 0; i0 < ni; i0 += 16 {
			bn := min(16, ni-i0)
			for q := 0; q < bn; q++ {
				co, c := o, i0+q
				if flip {
					co, c = i0+q, o
				}
				k := kernelTaps(w[(co*cin+c)*9:][:9], flip)
				for j := 0; j < 3; j++ { // down the columns of k
					fwd(k[0][j], k[1][j], k[2][j], col[:side])
					for a := 0; a < side; a++ {
						t[a][j] = col[a]
					}
				}
				for a := 0; a < side; a++ { // along the rows
					fwd(t[a][0], t[a][1], t[a][2], col[:side])
					for b := 0; b < side; b++ {
						buf[side*a+b][q] = float32(col[b])
					}
				}
			}
			for x := 0; x < side*side; x++ {
				copy(u[x*step+o*ni+i0:][:bn], buf[x][:bn])
			}
		}
	}
}

// winoWeightGrad43 writes dW = Gᵀ dU G (cout, cin, 3, 3) from dU (36 ×
// cout × cin), in float64 with one rounding per value, sixteen channel
// pairs at a time (as winoWeights43, for the reads).
func winoWeightGrad43(du []float32, cout, cin int, dw []float32) {
	winoWeightGradSep(du, cout, cin, 6, dw, func(d []float64) (float64, float64, float64) {
		return gt43(d[0], d[1], d[2], d[3], d[4], d[5])
	})
}

// winoWeightGradSep writes dW (cout, cin, 3, 3) from dU (side² × cout ×
// cin, position side·a+b first) for a kernel transform whose adjoint takes
// side values to three along each side (back): back down the columns of
// each channel pair's dU, then along the rows, in float64 with one
// rounding per value, sixteen channel pairs at a time.
func winoWeightGradSep(du []float32, cout, cin, side int, dw []float32, back func(d []float64) (float64, float64, float64)) {
	n := cout * cin
	var buf [36][16]float32
	var col [6]float64
	var t [3][6]float64
	for p0 := 0; p0 < n; p0 += 16 {
		bn := min(16, n-p0)
		for x := 0; x < side*side; x++ {
			copy(buf[x][:bn], du[x*n+p0:][:bn])
		}
		for q := 0; q < bn; q++ {
			for b := 0; b < side; b++ { // down the columns of dU
				for a := 0; a < side; a++ {
					col[a] = float64(buf[side*a+b][q])
				}
				t[0][b], t[1][b], t[2][b] = back(col[:side])
			}
			out := dw[(p0+q)*9:][:9]
			for i := 0; i < 3; i++ {
				o0, o1, o2 := back(t[i][:side])
				out[i*3], out[i*3+1], out[i*3+2] = float32(o0), float32(o1), float32(o2)
			}
		}
	}
}
