package nn

import (
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Wide stride-2 3×3 convolutions with padding 1 (the MNIST CNN's 64→128 on
// 28×28) by a Winograd of their own (vec.WinogradInS2, WinogradOutS2 and
// the adjoints WinogradGradS2, WinogradInS2Adj): each 2×2 tile of outputs
// from the 5×5 input block at stride 4 under it, 25 products per tile and
// channel pair instead of 36, the sums over channels as 25 gemm products
// over a group of samples, as for the stride-1 layers (convwino.go), in
// the forward pass and both gradients. The transforms are additions only
// and the kernel's (u = (w0, w0+w2, w2, w1, w1) along each side) one
// addition, so the results are the direct path's up to the order of the
// sums (TestWinogradS2MatchesReference). On the MNIST CNN's conv2 (320
// images, one thread, CPU ms) the forward pass took about 60 against the
// phased direct path's 70-72, forward and backward 180-184 against 205-210
// (grouped gemm; BENCHMARKS.md, session 9); the transforms other than the
// input's, through gathers and scatters, are about a quarter of it.

// winoS2Off keeps stride-2 layers on the direct path and grouped gemm
// (tests compare them).
var winoS2Off bool

// winoS2MinIn is the input channels from which the stride-2 Winograd is
// taken (with winoMinChannels output channels and winoMinTiles tiles).
const winoS2MinIn = 32

// winoS2 reports whether the layer takes the stride-2 Winograd: only with
// vec's AVX-512 kernels in use, as its transforms have no AVX2 form and the
// direct path and grouped gemm it replaces do.
func (g *convGeom) winoS2() bool {
	return !winoOff && !winoS2Off && vec.Kernels() == "avx512" && g.stride == 2 && g.pad == 1 && g.kh == 3 && g.kw == 3 &&
		g.cin >= winoS2MinIn && g.cout >= winoMinChannels &&
		g.n*((g.ho+1)/2)*((g.wo+1)/2) >= winoMinTiles
}

// winoWeightsS2 writes U = W g Wᵀ (25 × cout × cin, position ξ = 5a+b
// first) for the kernel w (cout, cin, 3, 3), sixteen channel pairs at a
// time (U's planes are cout·cin values apart: see winoWeights43).
func winoWeightsS2(w []float32, cout, cin int, u []float32) {
	winoWeightsSep(w, cout, cin, false, 5, u, func(k0, k1, k2 float64, t []float64) {
		t[0], t[1], t[2], t[3], t[4] = k0, k0+k2, k2, k1, k1
	})
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
	pu := packU(mm, 25, no, ni, gsz*tiles, u, false)
	defer pu.release()
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
				winoProduct(mm, pu, xi, no, cols, ni, u, v[xi*vStride:], ld, m[xi*mStride:])
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

// winoWeightGradS2 writes dW = Wᵀ dU W (cout, cin, 3, 3) from dU (25 ×
// cout × cin), in float64 with one rounding per value, sixteen channel
// pairs at a time. Along each side Wᵀ takes (g0..g4) to (g0+g1, g3+g4,
// g1+g2).
func winoWeightGradS2(du []float32, cout, cin int, dw []float32) {
	winoWeightGradSep(du, cout, cin, 5, dw, func(g []float64) (float64, float64, float64) {
		return g[0] + g[1], g[3] + g[4], g[1] + g[2]
	})
}

// winoS2Backward takes the input, weight and bias gradients of a layer
// whose forward pass took winoS2Forward, from dY (masked by active > 0
// first when a ReLU is fused), through the same transforms: dM = Sᵀ dY S
// per tile (vec.WinogradGradS2); the input gradient dV[ξ] = U[ξ]ᵀ·dM[ξ]
// put back over the tiles' overlapping 5×5 blocks (vec.WinogradInS2Adj);
// the weight gradient dU[ξ] = dM[ξ]·V[ξ]ᵀ with V recomputed per group,
// summed per chunk of groups, the chunks' sums added in chunk order (the
// same bits on any thread count), then dW = Wᵀ dU W once.
func (g *convGeom) winoS2Backward(x, w, bias *tensor.Tensor, dy, active []float32, wantX, wantW, wantB bool) {
	if !wantX && !wantW && !wantB {
		return
	}
	th, tw := (g.ho+1)/2, (g.wo+1)/2
	tiles := th * tw
	gsz := max(1, min((g.n+1)/2, winoTiles/tiles))
	groups := (g.n + gsz - 1) / gsz
	cg := max(1, min(winoChunkGroups, groups/4))
	chunks := (groups + cg - 1) / cg
	ld := columnStride(gsz * tiles)
	ni, no := g.cin, g.cout
	hw := g.h * g.w
	var u, dx, dbs, dus []float32
	assign := false
	if wantX {
		u = tensor.Scratch(25 * no * ni)
		defer tensor.Release(u)
		winoWeightsS2(w.Data, no, ni, u)
		dx, assign = tensor.GradFor(x)
	}
	if wantB {
		dbs = tensor.Scratch(g.n * no)
		defer tensor.Release(dbs)
	}
	wLen := no * g.k
	duLen := 25 * no * ni
	if wantW {
		dus = tensor.Scratch(chunks * duLen) // one partial dU per chunk
		defer tensor.Release(dus)
	}
	products := 0
	if wantX {
		products++
	}
	if wantW {
		products++
	}
	work := max(1, products) * g.n * g.outSize * g.k
	mm := groupGemm(tensor.NumParts(chunks, work) > 1)
	var pu *packedU // Uᵀ: ni rows
	if wantX {
		pu = packU(mm, 25, ni, no, gsz*tiles, u, true)
		defer pu.release()
	}
	tensor.Parallel(chunks, work, func(lo, hi int) {
		// dm: dY's transform; v: the input gradient's dV, then the
		// input's transform V.
		dm := tensor.Scratch(25 * no * ld)
		v := tensor.Scratch(25 * ni * ld)
		defer tensor.Release(dm)
		defer tensor.Release(v)
		var masked []float32
		if active != nil {
			masked = tensor.Scratch(gsz * g.outSize)
			defer tensor.Release(masked)
		}
		vStride, dStride := ni*ld, no*ld
		for ch := lo; ch < hi; ch++ {
			var du []float32 // the chunk's weight-gradient sum
			if wantW {
				du = dus[ch*duLen : (ch+1)*duLen]
			}
			for gi := ch * cg; gi < min(groups, (ch+1)*cg); gi++ {
				s0 := gi * gsz
				gs := min(gsz, g.n-s0)
				cols := gs * tiles
				grad := func(s int) []float32 {
					if active != nil {
						return masked[s*g.outSize:][:g.outSize]
					}
					return dy[(s0+s)*g.outSize:][:g.outSize]
				}
				for s := 0; s < gs; s++ {
					if active != nil { // through the fused ReLU, a whole sample per call
						vec.ReLUGradSet(grad(s), active[(s0+s)*g.outSize:][:g.outSize], dy[(s0+s)*g.outSize:][:g.outSize])
					}
					if dbs != nil {
						for co := 0; co < no; co++ {
							dbs[(s0+s)*no+co] = vec.Sum(grad(s)[co*g.hw:][:g.hw])
						}
					}
				}
				if !wantX && !wantW {
					continue // the bias gradient only
				}
				for co := 0; co < no; co++ { // channel-major, as transformIn
					for s := 0; s < gs; s++ {
						vec.WinogradGradS2(grad(s)[co*g.hw:][:g.hw], g.wo, g.ho, g.wo, th, tw, dm[co*ld+s*tiles:], dStride)
					}
				}
				if wantX {
					for xi := 0; xi < 25; xi++ {
						if pu != nil {
							pu.product(xi, cols, dm[xi*dStride:], ld, v[xi*vStride:])
						} else {
							mm.Sgemm(true, false, ni, cols, no, 1, u[xi*no*ni:], ni, dm[xi*dStride:], ld, 0, v[xi*vStride:], ld)
						}
					}
					if assign {
						clear(dx[s0*g.inSize : (s0+gs)*g.inSize])
					}
					for c := 0; c < ni; c++ {
						for s := 0; s < gs; s++ {
							vec.WinogradInS2Adj(v[c*ld+s*tiles:], vStride, th, tw, dx[(s0+s)*g.inSize+c*hw:][:hw], g.w, g.h, g.w)
						}
					}
				}
				if wantW {
					for c := 0; c < ni; c++ {
						for s := 0; s < gs; s++ {
							vec.WinogradInS2(x.Data[(s0+s)*g.inSize+c*hw:][:hw], g.w, g.h, g.w, th, tw, v[c*ld+s*tiles:], vStride)
						}
					}
					beta := float32(1)
					if gi == ch*cg {
						beta = 0
					}
					for xi := 0; xi < 25; xi++ {
						mm.Sgemm(false, true, no, ni, cols, 1, dm[xi*dStride:], ld, v[xi*vStride:], ld, beta, du[xi*no*ni:], ni)
					}
				}
			}
		}
	})
	if wantW {
		addWinoWeightGrad(w, dus, chunks, winoWeightGradS2)
	}
	addSampleGrads(w, bias, nil, dbs, g.n, wLen, no, false, wantB)
}
