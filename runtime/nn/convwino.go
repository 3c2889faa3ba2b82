package nn

import (
	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Winograd F(2×2, 3×3) for stride-1, padding-1 3×3 convolutions with many
// channels (DomainBed's MNIST CNN: 128→128 on 14×14), and through the same
// code F(4×4, 3×3) where it needs fewer products (convwino43.go: winoKind
// says which; 16 positions ξ below become 36, 2×2 tiles 4×4). Each 2×2 block of
// outputs (a tile) is Aᵀ[Σ_c U_c ⊙ V_c]A, with U = G g Gᵀ the 4×4 transform
// of a kernel and V = Bᵀ d B that of the 4×4 padded input block under the
// tile: for each of the 16 positions ξ of the transformed tile, the sum
// over input channels is one product M[ξ] = U[ξ]·V[ξ] of a (cout × cin)
// matrix by a (cin × tiles) one, 16 products in place of 36 multiply-adds
// per tile. The products go to gemm over a group of samples at a time (a
// few hundred tiles); the transforms (vec.WinogradIn23, vec.WinogradOut23)
// are additions only, vectorised across the tiles of a row.
//
// The input gradient of a stride-1, padding-1 convolution is the same
// convolution of dY with the flipped kernel, channels swapped, so it runs
// through the same products; the weight gradient is the products' adjoint
// (see winoBackward).
//
// Accuracy: Bᵀ and Aᵀ are 0 and ±1, G's entries 1 and ½, so the
// transforms add at most nine terms and round once each; the weight
// transforms are summed in float64. Against the float64 reference
// (TestWinogradMatchesReference, 128→128 on 14×14) the worst error
// relative to 1+|value| was 1.0e-6 for the output and input gradient and
// 2.5e-5 for the weight gradient, the direct path's 1.7e-6 and 2.3e-5:
// F(2×2, 3×3) costs no digits here, and the tests hold both paths to the
// same bound, 4e-5·√terms. A NaN or ±Inf in the input reaches every
// output of the tiles whose 4×4 blocks hold it (one line or column more
// than the direct path's 3×3 reach), and an Inf may come out as NaN
// (Inf − Inf in a transform): either way the loss downstream reports it.
//
// Where it is taken (BenchmarkWinograd, 64 images, one thread, CPU ms
// forward + backward, direct → Winograd F(2×2), session 8, 01:46 UTC under
// bench/quietbench; F(4×4) is faster still on these sizes, session 9):
// 128 channels on 14×14 81 → 50, on 7×7 34 → 21; 64 channels on 28×28
// 84 → 55, on 14×14 21 → 15; 32 channels on 28×28 22.7 → 21.4 and on
// 32×32 38 → 25 (the direct path is slow at that width); 16 channels on
// 64×64 29 → 38, slower. The threshold stays at 64 channels in and out:
// the U-Nets' 32-channel layers, which would take it at 32, changed their
// steps by less than the noise (two exploratory runs each at one thread,
// CPU ms with it against without: runtime/nn BenchmarkUNetStep 14.8-14.9
// against 14.7-15.1, calib's BenchmarkUNetStepCE 19.8-19.8 against
// 20.0-20.2), so those layers keep their paths and bits. Small batches
// stay on the direct path too (see winograd).

// winoMinChannels is the channel count (in and out) from which a
// stride-1 3×3 convolution with padding 1 takes the Winograd path.
var winoMinChannels = 64 // a variable for BenchmarkWinograd only

// winoTiles is about how many tiles one group multiplies at once: the
// group's V and M (16 × channels × tiles each) stay near L2 while the
// products run with a few hundred columns. On the MNIST CNN's 128→128
// layer (one thread, forward + backward) groups of 196, 245, 343 and 490
// tiles took 240, 226, 243 and 259 ms.
const winoTiles = 256

// winoOff turns the Winograd path off (tests compare it with the direct one).
var winoOff bool

// winograd reports whether the forward pass and the gradients take the
// Winograd path: wide enough, and with tiles for two full groups (calib's
// U-Net, 8 images of 8×8 at its 64→64 bottleneck, has 128 in all: there
// the products, 64 columns per group, gained less than the transforms
// cost: its step took 2-7% more CPU at one thread, 0-3% at two, under
// bench/quietbench at 02:07 UTC).
func (g *convGeom) winograd() bool {
	return !winoOff && g.stride == 1 && g.pad == 1 && g.kh == 3 && g.kw == 3 &&
		g.cin >= winoMinChannels && g.cout >= winoMinChannels &&
		g.n*((g.h+1)/2)*((g.w+1)/2) >= winoMinTiles
}

// winoMinTiles is the tiles (samples × tiles per sample) from which the
// Winograd path is taken: two full groups. A variable for tests.
var winoMinTiles = 2 * winoTiles

// winoGeom is the tiling of one sample: th×tw tiles, the zero-padded plane
// they read (ph×pw, one more row and column than the padding gives when a
// side is odd).
type winoGeom struct {
	*winoKind
	th, tw, tiles int
	ph, pw, plane int
	gs            int // samples per group
	chunkGroups   int // groups per weight-gradient partial sum
	ld            int // row stride of the group's V and M lines
	ppad          int // added to the stride between positions ξ (see pos)
}

// pos is the stride between positions ξ of a group's V or M for ch
// channels: ch lines, and with F(4×4, 3×3) 16 values more, so that the
// 36 lines a transform writes at once do not fall 4 KB apart (the same
// L1 set) when ch·ld is a multiple of 1024 values.
func (wg *winoGeom) pos(ch int) int { return ch*wg.ld + wg.ppad }

func (g *convGeom) winoGeom() winoGeom {
	k := g.winoKind()
	w := winoGeom{winoKind: k, th: (g.h + k.m - 1) / k.m, tw: (g.w + k.m - 1) / k.m}
	w.tiles = w.th * w.tw
	w.ph, w.pw = k.m*w.th+2, k.m*w.tw+2
	w.plane = w.ph * w.pw
	// Two groups at least when there are two samples, and four chunks of
	// the weight gradient when there are four groups (as many as groups
	// below that), so that a small batch (calib's U-Net: 8 images of 8×8
	// at its 64-channel bottleneck) still splits across two threads, and
	// F(4×4)'s 20 groups of 16 MNIST samples split 10/10 rather than 16/4;
	// both follow from the geometry alone.
	w.gs = max(1, min((g.n+1)/2, k.groupTiles/w.tiles))
	groups := (g.n + w.gs - 1) / w.gs
	w.chunkGroups = max(1, min(winoChunkGroups, groups/4))
	w.ld = columnStride(w.gs * w.tiles)
	if k.m == 4 {
		w.ppad = 16
	}
	return w
}

// kernelTaps reads the nine taps of one 3×3 kernel in float64, with flip
// rotated by 180° (the input gradient's kernel).
func kernelTaps(src []float32, flip bool) (k [3][3]float64) {
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if flip {
				k[i][j] = float64(src[(2-i)*3+2-j])
			} else {
				k[i][j] = float64(src[i*3+j])
			}
		}
	}
	return k
}

// winoWeights writes U (16 × cout × cin, position ξ = 4a+b first) for the
// kernel w (cout, cin, 3, 3), or with flip for the input gradient's kernel
// (cin ↔ cout, taps rotated by 180°): U[ξ][o][i] for output channel o and
// input channel i of the transformed convolution. Sums in float64, one
// rounding each.
func winoWeights(w []float32, cout, cin int, flip bool, u []float32) {
	no, ni := cout, cin
	if flip {
		no, ni = cin, cout
	}
	var t [4][3]float64
	for co := 0; co < cout; co++ {
		for c := 0; c < cin; c++ {
			k := kernelTaps(w[(co*cin+c)*9:][:9], flip)
			for j := 0; j < 3; j++ { // t = G k
				t[0][j] = k[0][j]
				t[1][j] = (k[0][j] + k[1][j] + k[2][j]) / 2
				t[2][j] = (k[0][j] - k[1][j] + k[2][j]) / 2
				t[3][j] = k[2][j]
			}
			o, i := co, c
			if flip {
				o, i = c, co
			}
			at := func(a, b int) []float32 { return u[((4*a+b)*no+o)*ni+i:] }
			for a := 0; a < 4; a++ { // U = t Gᵀ
				at(a, 0)[0] = float32(t[a][0])
				at(a, 1)[0] = float32((t[a][0] + t[a][1] + t[a][2]) / 2)
				at(a, 2)[0] = float32((t[a][0] - t[a][1] + t[a][2]) / 2)
				at(a, 3)[0] = float32(t[a][2])
			}
		}
	}
}

// winoScratch is one goroutine's workspace: one padded plane (its border
// stays zero: only the interior is written), the group's V and M, and with
// a fused ReLU the group's masked samples.
type winoScratch struct{ xp, v, m, masked []float32 }

func borrowWino(wg *winoGeom, ni, no int) winoScratch {
	s := winoScratch{
		xp: tensor.Scratch(wg.plane),
		v:  tensor.Scratch(wg.np * wg.pos(ni)),
		m:  tensor.Scratch(wg.np * wg.pos(no)),
	}
	clear(s.xp)
	return s
}

func (s *winoScratch) release() {
	tensor.Release(s.xp)
	tensor.Release(s.v)
	tensor.Release(s.m)
}

// transformIn writes V for planes planes of gs samples (sample s's planes
// from plane(s)), a channel at a time across the group's samples, each
// plane padded into xp first where the transform needs it (pad). Channel-major order matters: each of
// V's 16·planes lines is then written from end to end in one go (a few
// hundred columns) rather than a sample's 49-column piece at a time, and
// the transform of the MNIST CNN's 128-channel groups took about 160 ns a
// plane instead of 250 (vec exploratory benchmark, one thread, V's 2 MB
// being at the edge of L2).
func (wg *winoGeom) transformIn(xp []float32, gs, planes, h, w int, plane func(s int) []float32, v []float32, vStride int) {
	hw := h * w
	for c := 0; c < planes; c++ {
		for s := 0; s < gs; s++ {
			p := plane(s)[c*hw:][:hw]
			wg.pad(xp, p, h, w)
			wg.in(xp, p, h, w, v[c*wg.ld+s*wg.tiles:], vStride)
		}
	}
}

// winoConv computes, for every sample, out = conv3×3(x, U) + bias (pad 1,
// stride 1) with ni input and no output channels of h×w, stored, through
// a ReLU, or added (mode: vec.WinoSet, WinoReLU, WinoAdd). With active not
// nil, x is first masked where active > 0 (the fused ReLU's backward), and
// dbs, when not nil, gets each sample's masked channel sums. bias may be
// nil. The groups are split across goroutines, each with a one-thread gemm.
func (g *convGeom) winoConv(wg *winoGeom, ni, no int, x, active, u, bias, out, dbs []float32, mode int) {
	gsz := wg.gs
	groups := (g.n + gsz - 1) / gsz
	hw := g.h * g.w
	inSize, outSize := ni*hw, no*hw
	work := g.n * hw * ni * no * 9
	mm := groupGemm(tensor.NumParts(groups, work) > 1)
	var pu *packedU
	if out != nil {
		pu = packU(mm, wg.np, no, ni, gsz*wg.tiles, u, false)
		defer pu.release()
	}
	tensor.Parallel(groups, work, func(lo, hi int) {
		ws := borrowWino(wg, ni, no)
		defer ws.release()
		if active != nil {
			ws.masked = tensor.Scratch(gsz * inSize)
			defer tensor.Release(ws.masked)
		}
		vStride, mStride := wg.pos(ni), wg.pos(no) // between positions ξ
		for gi := lo; gi < hi; gi++ {
			s0 := gi * gsz
			gs := min(gsz, g.n-s0)
			cols := gs * wg.tiles
			sample := func(s int) []float32 {
				if active != nil {
					return ws.masked[s*inSize:][:inSize]
				}
				return x[(s0+s)*inSize:][:inSize]
			}
			if active != nil { // through the fused ReLU, a whole sample per call
				for s := 0; s < gs; s++ {
					vec.ReLUGradSet(sample(s), active[(s0+s)*inSize:][:inSize], x[(s0+s)*inSize:][:inSize])
				}
			}
			if dbs != nil {
				for s := 0; s < gs; s++ {
					for c := 0; c < ni; c++ {
						dbs[(s0+s)*ni+c] = vec.Sum(sample(s)[c*hw:][:hw])
					}
				}
			}
			if out == nil {
				continue // the bias gradient only
			}
			wg.transformIn(ws.xp, gs, ni, g.h, g.w, sample, ws.v, vStride)
			for xi := 0; xi < wg.np; xi++ {
				winoProduct(mm, pu, xi, no, cols, ni, u, ws.v[xi*vStride:], wg.ld, ws.m[xi*mStride:])
			}
			// Channel-major too: each line of M is read from end to end.
			for co := 0; co < no; co++ {
				var b float32
				if bias != nil {
					b = bias[co]
				}
				for s := 0; s < gs; s++ {
					o := out[(s0+s)*outSize+co*hw:][:hw]
					wg.out(ws.m[co*wg.ld+s*wg.tiles:], mStride, wg.th, wg.tw, o, g.w, g.h, g.w, b, mode)
				}
			}
		}
	})
}

// winoForward is the forward pass by winoConv.
func (g *convGeom) winoForward(x, w, bias, out []float32, relu bool) {
	wg := g.cachedWinoGeom()
	u := tensor.Scratch(wg.np * g.cout * g.cin)
	defer tensor.Release(u)
	wg.weights(w, g.cout, g.cin, false, u)
	mode := vec.WinoSet
	if relu {
		mode = vec.WinoReLU
	}
	g.winoConv(wg, g.cin, g.cout, x, nil, u, bias, out, nil, mode)
}

// winoChunkGroups is how many groups one weight-gradient partial sum
// covers at most (as wideChunkGroups for grouped gemm): the chunks are fixed by
// the geometry and their partials added in chunk order, so the bits do
// not depend on the thread count.
const winoChunkGroups = 8

// winoGradBuffers takes what both forms of winoBackward write into: the
// per-sample bias gradients when wantB, and when wantX the flipped
// kernel's transform and x's gradient with the mode to write it in. The
// caller releases dbs and u (tensor.Release of nil does nothing).
func (g *convGeom) winoGradBuffers(wg *winoGeom, x, w *tensor.Tensor, wantX, wantB bool) (dbs, u, dx []float32, mode int) {
	mode = vec.WinoAdd
	if wantB {
		dbs = tensor.Scratch(g.n * g.cout)
	}
	if wantX {
		u = tensor.Scratch(wg.np * g.cout * g.cin)
		wg.weights(w.Data, g.cout, g.cin, true, u)
		var assign bool
		if dx, assign = tensor.GradFor(x); assign {
			mode = vec.WinoSet
		}
	}
	return dbs, u, dx, mode
}

// winoBackward takes the input, weight and bias gradients from dY (masked
// by active > 0 first when a ReLU is fused). The input gradient is
// winoConv's convolution of dY with the flipped kernel; the weight
// gradient is dU[ξ] = dM[ξ]·V[ξ]ᵀ summed over the tiles, with dM = A dY Aᵀ
// per tile (vec.WinogradGrad23) and V the input's transform, recomputed
// per group rather than kept from the forward pass, then dW = Gᵀ dU G.
func (g *convGeom) winoBackward(x, w, bias *tensor.Tensor, dy, active []float32, wantX, wantW, wantB bool) {
	wg := g.cachedWinoGeom()
	if !wantW {
		if !wantX && !wantB {
			return
		}
		// The transposed convolution alone: cout inputs, cin outputs.
		t := *g
		t.cin, t.cout = g.cout, g.cin
		dbs, u, dx, mode := g.winoGradBuffers(wg, x, w, wantX, wantB)
		defer tensor.Release(dbs)
		defer tensor.Release(u)
		t.winoConv(wg, g.cout, g.cin, dy, active, u, nil, dx, dbs, mode)
		addSampleGrads(w, bias, nil, dbs, g.n, g.cout*g.k, g.cout, false, wantB)
		return
	}
	gsz := wg.gs
	groups := (g.n + gsz - 1) / gsz
	cg := wg.chunkGroups
	chunks := (groups + cg - 1) / cg
	wLen := g.cout * g.k
	duLen := wg.np * g.cout * g.cin
	dus := tensor.Scratch(chunks * duLen) // one partial dU per chunk
	defer tensor.Release(dus)
	dbs, u, dx, mode := g.winoGradBuffers(wg, x, w, wantX, wantB)
	defer tensor.Release(dbs)
	defer tensor.Release(u)
	hw := g.h * g.w
	products := 1
	if wantX {
		products++
	}
	work := products * g.n * hw * g.cin * g.cout * 9
	mm := groupGemm(tensor.NumParts(chunks, work) > 1)
	var pu *packedU
	if wantX {
		pu = packU(mm, wg.np, g.cin, g.cout, gsz*wg.tiles, u, false)
		defer pu.release()
	}
	tensor.Parallel(chunks, work, func(lo, hi int) {
		// v: the input's transform, then (sharing it) the input
		// gradient's M; vd: dY's transform for the input gradient; dm:
		// dY's for the weight gradient.
		xp := tensor.Scratch(wg.plane) // one padded plane, its border zero
		clear(xp)
		v := tensor.Scratch(wg.np * wg.pos(g.cin))
		dm := tensor.Scratch(wg.np * wg.pos(g.cout))
		var vd, masked []float32
		if wantX {
			vd = tensor.Scratch(wg.np * wg.pos(g.cout))
			defer tensor.Release(vd)
		}
		if active != nil {
			masked = tensor.Scratch(gsz * g.outSize)
			defer tensor.Release(masked)
		}
		defer func() {
			for _, b := range [...][]float32{xp, v, dm} {
				tensor.Release(b)
			}
		}()
		vStride, dStride := wg.pos(g.cin), wg.pos(g.cout)
		for ch := lo; ch < hi; ch++ {
			du := dus[ch*duLen : (ch+1)*duLen] // the chunk's sum
			for gi := ch * cg; gi < min(groups, (ch+1)*cg); gi++ {
				s0 := gi * gsz
				gs := min(gsz, g.n-s0)
				cols := gs * wg.tiles
				grad := func(s int) []float32 {
					if active != nil {
						return masked[s*g.outSize:][:g.outSize]
					}
					return dy[(s0+s)*g.outSize:][:g.outSize]
				}
				if active != nil { // through the fused ReLU, a whole sample per call
					for s := 0; s < gs; s++ {
						vec.ReLUGradSet(grad(s), active[(s0+s)*g.outSize:][:g.outSize], dy[(s0+s)*g.outSize:][:g.outSize])
					}
				}
				// Channel-major, as transformIn.
				for co := 0; co < g.cout; co++ {
					for s := 0; s < gs; s++ {
						d := grad(s)[co*hw:][:hw]
						if dbs != nil {
							dbs[(s0+s)*g.cout+co] = vec.Sum(d)
						}
						wg.pad(xp, d, g.h, g.w)
						at := co*wg.ld + s*wg.tiles
						wg.grad(xp, d, g.h, g.w, dm[at:], dStride)
						if wantX {
							wg.in(xp, d, g.h, g.w, vd[at:], dStride)
						}
					}
				}
				if wantX {
					// The input gradient's M (cin × cols per ξ) in v.
					for xi := 0; xi < wg.np; xi++ {
						winoProduct(mm, pu, xi, g.cin, cols, g.cout, u, vd[xi*dStride:], wg.ld, v[xi*vStride:])
					}
					for c := 0; c < g.cin; c++ {
						for s := 0; s < gs; s++ {
							o := dx[(s0+s)*g.inSize+c*hw:][:hw]
							wg.out(v[c*wg.ld+s*wg.tiles:], vStride, wg.th, wg.tw, o, g.w, g.h, g.w, 0, mode)
						}
					}
				}
				input := func(s int) []float32 { return x.Data[(s0+s)*g.inSize:][:g.inSize] }
				wg.transformIn(xp, gs, g.cin, g.h, g.w, input, v, vStride)
				beta := float32(1)
				if gi == ch*cg {
					beta = 0
				}
				for xi := 0; xi < wg.np; xi++ {
					mm.Sgemm(false, true, g.cout, g.cin, cols, 1, dm[xi*dStride:], wg.ld, v[xi*vStride:], wg.ld, beta, du[xi*g.cout*g.cin:], g.cin)
				}
			}
		}
	})
	addWinoWeightGrad(w, dus, chunks, wg.weightGrad)
	addSampleGrads(w, bias, nil, dbs, g.n, wLen, g.cout, false, wantB)
}

// addWinoWeightGrad adds to w's gradient dW from the chunks' partial
// sums of dU (chunks × len/chunks values): the partials are added in chunk
// order, so the bits do not depend on the thread count, and dW is taken
// once from their sum (dU ↦ dW is linear), not once per chunk: the
// float64 transforms of four or eight chunks took about 2% of the MNIST
// CNN's step.
func addWinoWeightGrad(w *tensor.Tensor, dus []float32, chunks int, weightGrad func(du []float32, cout, cin int, dw []float32)) {
	duLen := len(dus) / chunks
	du := dus[:duLen]
	for ch := 1; ch < chunks; ch++ {
		vec.Add(dus[ch*duLen:(ch+1)*duLen], du)
	}
	cout, cin := w.Dim(0), w.Dim(1)
	dw := tensor.Scratch(w.Len())
	defer tensor.Release(dw)
	weightGrad(du, cout, cin, dw)
	vec.Add(dw, tensor.GradOf(w))
}

// winoWeightGrad writes dW = Gᵀ dU G (cout, cin, 3, 3) from dU (16 × cout
// × cin), in float64 with one rounding per value.
func winoWeightGrad(du []float32, cout, cin int, dw []float32) {
	n := cout * cin
	var d [4][4]float64
	var t [3][4]float64
	for p := 0; p < n; p++ {
		for x := 0; x < 16; x++ {
			d[x/4][x%4] = float64(du[x*n+p])
		}
		for b := 0; b < 4; b++ { // t = Gᵀ d
			t[0][b] = d[0][b] + (d[1][b]+d[2][b])/2
			t[1][b] = (d[1][b] - d[2][b]) / 2
			t[2][b] = (d[1][b]+d[2][b])/2 + d[3][b]
		}
		out := dw[p*9:][:9]
		for i := 0; i < 3; i++ { // Gᵀ d G
			out[i*3+0] = float32(t[i][0] + (t[i][1]+t[i][2])/2)
			out[i*3+1] = float32((t[i][1] - t[i][2]) / 2)
			out[i*3+2] = float32((t[i][1]+t[i][2])/2 + t[i][3])
		}
	}
}

// winoKey is a geometry and whether F(4×4, 3×3) was off when its layout
// was made (tests switch it).
type winoKey struct {
	g     convGeom
	off43 bool
}

var winoGeoms layoutCache[winoKey, winoGeom]

func (g *convGeom) cachedWinoGeom() *winoGeom {
	return winoGeoms.get(winoKey{*g, wino43Off}, func() *winoGeom { wg := g.winoGeom(); return &wg })
}

// winoProduct computes M (no × cols, rows ld apart) = U[xi] (no × ni, of
// u's positions) · V (ni × cols, rows ld apart) in products of at most
// winoRows rows of U, from pu when U is packed (packU), else from u.
func winoProduct(mm gemm.Impl, pu *packedU, xi, no, cols, ni int, u, v []float32, ld int, m []float32) {
	if pu != nil {
		pu.product(xi, cols, v, ld, m)
		return
	}
	u = u[xi*no*ni:]
	for o := 0; o < no; o += winoRows {
		mo := min(winoRows, no-o)
		mm.Sgemm(false, false, mo, cols, ni, 1, u[o*ni:], ni, v, ld, 0, m[o*ld:], ld)
	}
}
