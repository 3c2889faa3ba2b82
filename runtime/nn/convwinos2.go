package nn

import (
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// The forward pass of a wide stride-2 3×3 convolution with padding 1 (the
// MNIST CNN's 64→128 on 28×28) by a Winograd of its own (vec.WinogradInS2,
// WinogradOutS2): each 2×2 tile of outputs from the 5×5 input block at
// stride 4 under it, 25 products per tile and channel pair instead of 36,
// the sums over input channels as 25 gemm products over a group of
// samples, as for the stride-1 layers (convwino.go). The transforms are
// additions only and the kernel's (u = (w0, w0+w2, w2, w1, w1) along each
// side) one addition, so the results are the direct path's up to the order
// of the sums. Its gradients stay with grouped gemm (the input gradient
// would need the transform's adjoint, an overlap-add of 5×5 blocks).

// winoS2Off keeps stride-2 layers on the direct path (tests compare them).
var winoS2Off bool

// winoS2MinIn is the input channels from which the stride-2 Winograd is
// taken (with winoMinChannels output channels and winoMinTiles tiles).
const winoS2MinIn = 32

// winoS2 reports whether the forward pass takes the stride-2 Winograd.
func (g *convGeom) winoS2() bool {
	return !winoOff && !winoS2Off && g.stride == 2 && g.pad == 1 && g.kh == 3 && g.kw == 3 &&
		g.cin >= winoS2MinIn && g.cout >= winoMinChannels &&
		g.n*((g.ho+1)/2)*((g.wo+1)/2) >= winoMinTiles
}

// winoWeightsS2 writes U = W g Wᵀ (25 × cout × cin, position ξ = 5a+b
// first) for the kernel w (cout, cin, 3, 3), sixteen channel pairs at a
// time (U's planes are cout·cin values apart: see winoWeights43).
func winoWeightsS2(w []float32, cout, cin int, u []float32) {
	wt := func(k0, k1, k2 float64) (a, b, c, d, e float64) { return k0, k0 + k2, k2, k1, k1 }
	var t [5][3]float64
	var buf [25][16]float32
	step := cout * cin
	for o := 0; o < cout; o++ {
		for c0 := 0; c0 < cin; c0 += 16 {
			bn := min(16, cin-c0)
			for q := 0; q < bn; q++ {
				k := w[(o*cin+c0+q)*9:][:9]
				for j := 0; j < 3; j++ { // t = W k
					t[0][j], t[1][j], t[2][j], t[3][j], t[4][j] = wt(float64(k[j]), float64(k[3+j]), float64(k[6+j]))
				}
				for a := 0; a < 5; a++ { // U = t Wᵀ
					u0, u1, u2, u3, u4 := wt(t[a][0], t[a][1], t[a][2])
					buf[5*a][q], buf[5*a+1][q], buf[5*a+2][q] = float32(u0), float32(u1), float32(u2)
					buf[5*a+3][q], buf[5*a+4][q] = float32(u3), float32(u4)
				}
			}
			for x := range buf {
				copy(u[x*step+o*cin+c0:][:bn], buf[x][:bn])
			}
		}
	}
}

// winoS2Forward computes every sample's output (n × cout × ho × wo) with
// bias and, if relu, the ReLU, the groups of samples split across
// goroutines, each with its own workspace and a one-thread gemm.
func (g *convGeom) winoS2Forward(x, w, bias, out []float32, relu bool) {
	th, tw := (g.ho+1)/2, (g.wo+1)/2
	tiles := th * tw
	gsz := max(1, min((g.n+1)/2, winoTiles/tiles))
	groups := (g.n + gsz - 1) / gsz
	ld := columnStride(gsz * tiles)
	ni, no := g.cin, g.cout
	u := tensor.Scratch(25 * no * ni)
	defer tensor.Release(u)
	winoWeightsS2(w, no, ni, u)
	mode := vec.WinoSet
	if relu {
		mode = vec.WinoReLU
	}
	hw := g.h * g.w
	work := g.n * g.outSize * g.k
	mm := groupGemm(tensor.NumParts(groups, work) > 1)
	tensor.Parallel(groups, work, func(lo, hi int) {
		v := tensor.Scratch(25 * ni * ld)
		m := tensor.Scratch(25 * no * ld)
		defer tensor.Release(v)
		defer tensor.Release(m)
		vStride, mStride := ni*ld, no*ld
		for gi := lo; gi < hi; gi++ {
			s0 := gi * gsz
			gs := min(gsz, g.n-s0)
			cols := gs * tiles
			// A channel at a time across the samples, as transformIn.
			for c := 0; c < ni; c++ {
				for s := 0; s < gs; s++ {
					plane := x[(s0+s)*g.inSize+c*hw:][:hw]
					vec.WinogradInS2(plane, g.w, g.h, g.w, th, tw, v[c*ld+s*tiles:], vStride)
				}
			}
			for xi := 0; xi < 25; xi++ {
				winoProduct(mm, no, cols, ni, u[xi*no*ni:], v[xi*vStride:], ld, m[xi*mStride:])
			}
			for co := 0; co < no; co++ {
				var b float32
				if bias != nil {
					b = bias[co]
				}
				for s := 0; s < gs; s++ {
					o := out[(s0+s)*g.outSize+co*g.hw:][:g.hw]
					vec.WinogradOutS2(m[co*ld+s*tiles:], mStride, th, tw, o, g.wo, g.ho, g.wo, b, mode)
				}
			}
		}
	})
}
