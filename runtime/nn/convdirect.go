package nn

import (
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// A narrow stride-1 convolution skips im2col altogether. In a copy of the
// sample padded with zeros, row (c, i, j) of the column matrix is the plane
// of channel c shifted by (i, j), if the output is laid out with the padded
// width (kw−1 extra columns per row, computed and dropped). vec.MulAddOffsets
// and vec.MulAddTOffsets read those rows in place, and the input gradient
// folds back with one vector add per row instead of one per row and output
// line.

// direct reports whether the implicit-column path applies: stride 1, and
// either few channels or no more than 128 in and out (the plugins' U-Nets,
// whose decoders concatenate up to 96), where it beats unfolding the
// columns for gemm (no im2col, no col2im: calib's U-Net step took 41-42
// ms of CPU against 45-50 with the limit at 64, and more with gemm from 32).
func (g *convGeom) direct() bool {
	return g.stride == 1 && !g.pointwise && (g.vectorPath() || g.cin <= directMaxChannels && g.cout <= directMaxChannels)
}

const directMaxChannels = 128

// directGeom holds the padded layout of one sample.
type directGeom struct {
	ph, pw, plane int   // padded height and width, and their product
	n             int   // output positions in padded coordinates: (ho−1)·pw + wo
	off           []int // start of column row (c, i, j) in the padded sample
	// The input gradient is a correlation of dY with the flipped kernel:
	// dXp[c][q] = Σ_{co,i,j} W[co][c][i][j]·dYp[co][q − i·pw − j], computed
	// for the interior positions q ∈ [q0, q0+nx) of the padded plane from
	// dY rows of length rowLen laid out with a front margin of zeros.
	q0, nx       int
	margin       int   // zeros before each dY row: the taps reaching above it
	rowLen       int   // margin + the longest reach past the row's start
	offT         []int // start of dY row (co, i, j) for the input gradient
	dyTap, dxTap int   // dY rows (cout·kh·kw) per input channel
	phasePlane   int   // a strided sample's phase plane (see phased), 0 otherwise
}

func (g *convGeom) directGeom() *directGeom {
	d := &directGeom{ph: g.h + 2*g.pad, pw: g.w + 2*g.pad}
	d.plane = d.ph * d.pw
	d.n = (g.ho-1)*d.pw + g.wo
	d.off = make([]int, 0, g.k)
	for c := 0; c < g.cin; c++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				d.off = append(d.off, c*d.plane+i*d.pw+j)
			}
		}
	}
	d.q0 = g.pad*d.pw + g.pad
	d.nx = (g.h-1)*d.pw + g.w
	d.margin = max(0, (g.kh-1)*d.pw+g.kw-1-d.q0)
	d.rowLen = d.margin + max(d.n, d.q0+d.nx)
	d.offT = make([]int, 0, g.cout*g.kh*g.kw)
	for co := 0; co < g.cout; co++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				d.offT = append(d.offT, co*d.rowLen+d.margin+d.q0-i*d.pw-j)
			}
		}
	}
	return d
}

// directGeoms caches the layouts by geometry.
var directGeoms layoutCache[convGeom, directGeom]

func (g *convGeom) cachedDirectGeom() *directGeom {
	key := *g
	key.n = 0 // the layout is per sample
	return directGeoms.get(key, g.directGeom)
}

// phased reports whether a strided convolution too wide for the vector
// kernels computes its output by the direct path, over the sample split
// into its stride×stride phases (rows and columns taken stride apart, each
// phase zero-padded): tap (i, j) then reads phase (i mod s, j mod s)
// shifted by (i/s, j/s), one contiguous run per column row as at stride 1,
// and the outputs past wo on each line of the phase width are computed and
// dropped. Its gradients stay with grouped gemm. On the MNIST CNN's 64→128
// stride-2 layer the forward pass took 95 ms of CPU by grouped im2col and
// gemm, 78 this way (320 images, one thread).
func (g *convGeom) phased() bool {
	return g.stride > 1 && !g.vectorPath() && !g.pointwise && g.cin <= directMaxChannels && g.cout <= directMaxChannels
}

// phaseGeom is the forward layout of a phased convolution: pw is the
// phase planes' width, plane the values per channel (stride² phase planes
// of phasePlane values), n the outputs computed per output channel.
func (g *convGeom) phaseGeom() *directGeom {
	s := g.stride
	d := &directGeom{pw: (g.w + 2*g.pad + s - 1) / s, ph: (g.h + 2*g.pad + s - 1) / s}
	// Rows a multiple of 16 apart: the taps that start a row read
	// aligned vectors (15 → 16 at 28×28: 2% faster for 6% more outputs).
	d.pw = (d.pw + 15) &^ 15
	d.phasePlane = d.ph * d.pw
	d.plane = s * s * d.phasePlane
	d.n = (g.ho-1)*d.pw + g.wo
	d.off = make([]int, 0, g.k)
	for c := 0; c < g.cin; c++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				d.off = append(d.off, c*d.plane+((i%s)*s+j%s)*d.phasePlane+(i/s)*d.pw+j/s)
			}
		}
	}
	return d
}

var phaseGeoms layoutCache[convGeom, directGeom]

func (g *convGeom) cachedPhaseGeom() *directGeom {
	key := *g
	key.n = 0 // the layout is per sample
	return phaseGeoms.get(key, g.phaseGeom)
}

// layPhases writes the sample x (cin×h×w) into xp split into its phases
// (layout d from phaseGeom), zeros where the padding falls: input (y, x)
// is padded position (y+pad, x+pad), in phase ((y+pad) mod s, (x+pad) mod
// s) at ((y+pad)/s, (x+pad)/s).
func (g *convGeom) layPhases(d *directGeom, x, xp []float32) {
	s, p := g.stride, g.pad
	clear(xp[:g.cin*d.plane])
	if s == 2 {
		g.layPhases2(d, x, xp)
		return
	}
	for c := 0; c < g.cin; c++ {
		for y := 0; y < g.h; y++ {
			src := x[(c*g.h+y)*g.w:][:g.w]
			py := y + p
			row := xp[c*d.plane+(py%s)*s*d.phasePlane+(py/s)*d.pw:]
			for b := 0; b < s; b++ {
				x0 := ((b-p)%s + s) % s // the first x with (x+pad) mod s == b
				if x0 >= g.w {
					continue
				}
				dst := row[b*d.phasePlane+(x0+p)/s:]
				dst = dst[:(g.w-x0+s-1)/s]
				for k := range dst {
					dst[k] = src[x0+k*s]
				}
			}
		}
	}
}

// flipWeights lays W (cout, cin, kh, kw) out in wf as the (cin,
// cout·kh·kw) matrix of the input-gradient correlation.
func (g *convGeom) flipWeights(w, wf []float32) []float32 {
	taps := g.kh * g.kw
	for co := 0; co < g.cout; co++ {
		for c := 0; c < g.cin; c++ {
			copy(wf[(c*g.cout+co)*taps:(c*g.cout+co+1)*taps], w[(co*g.cin+c)*taps:(co*g.cin+c+1)*taps])
		}
	}
	return wf
}

// padSample writes the sample x (cin×h×w) into xp (cin×ph×pw) with zero borders.
func (g *convGeom) padSample(d *directGeom, x, xp []float32) {
	// Only the border is cleared: the interior is overwritten.
	p, w := g.pad, g.w
	for c := 0; c < g.cin; c++ {
		plane := xp[c*d.plane : (c+1)*d.plane]
		clear(plane[:p*d.pw+p]) // top rows and the first row's left border
		for y := 0; y < g.h; y++ {
			row := plane[(y+p)*d.pw+p:]
			copy(row[:w], x[(c*g.h+y)*w:(c*g.h+y+1)*w])
			// this row's right border and the next row's left one
			clear(row[w : w+2*p])
		}
		clear(plane[(g.h+p)*d.pw+p-p:]) // bottom rows
	}
}

// directForward computes one sample's output o (cout×ho×wo, contents
// undefined on entry) from the padded sample xp; cp is scratch of cout·n.
// Rows of 32 outputs or more are computed straight into o, one output line
// at a time (B shifted by the line's start); narrower ones over the whole
// padded-width plane at once, then copied out without the dropped columns.
// Both give the same bits: each output is its bias plus the same sum.
func (g *convGeom) directForward(d *directGeom, w, bias, xp, cp, o []float32) {
	if g.wo >= 32 {
		for oy := 0; oy < g.ho; oy++ {
			vec.MulAddOffsetsSet(g.cout, g.wo, g.k, w, g.k, xp[oy*d.pw:], d.off, o[oy*g.wo:], g.hw, bias)
		}
		return
	}
	if g.stride > 1 {
		blockedOffsetsSet(g.cout, d.n, g.k, w, g.k, xp, d.off, cp, d.n, bias)
	} else {
		vec.MulAddOffsetsSet(g.cout, d.n, g.k, w, g.k, xp, d.off, cp, d.n, bias)
	}
	for co := 0; co < g.cout; co++ {
		for oy := 0; oy < g.ho; oy++ {
			copy(o[co*g.hw+oy*g.wo:co*g.hw+(oy+1)*g.wo], cp[co*d.n+oy*d.pw:])
		}
	}
}

// directBackward adds one sample's weight gradient into dw and its input
// gradient into sdx, from dy (cout×ho×wo), masked by active > 0 first when
// a ReLU is fused (active is the op's output, nil otherwise), and returns
// the gradient rows it used (cout rows of d.rowLen from d.margin, zero
// outside the valid outputs) for the bias gradient. Scratch: dp
// (cout·rowLen), xp (cin·plane, the padded sample, already filled when
// wantW), and with wantX dxr (cin·nx). wf is flipWeights(W). With assignX
// the input gradient is stored into sdx rather than added (GradFor).
func (g *convGeom) directBackward(d *directGeom, wf, dy, active, xp, dp, dxr, dw, sdx []float32, wantW, wantX, assignX bool) {
	// dY in the padded-width layout, zero in the margins and dropped
	// columns: only those are cleared, the rest is written.
	for co := 0; co < g.cout; co++ {
		full := dp[co*d.rowLen : (co+1)*d.rowLen]
		clear(full[:d.margin])
		row := full[d.margin:]
		for oy := 0; oy < g.ho; oy++ {
			src := dy[co*g.hw+oy*g.wo : co*g.hw+(oy+1)*g.wo]
			dst := row[oy*d.pw : oy*d.pw+g.wo]
			if active != nil {
				vec.ReLUGradSet(dst, active[co*g.hw+oy*g.wo:co*g.hw+(oy+1)*g.wo], src)
			} else {
				copy(dst, src)
			}
			clear(row[oy*d.pw+g.wo : min((oy+1)*d.pw, len(row))])
		}
		clear(row[(g.ho-1)*d.pw+g.wo:])
	}
	if wantW {
		vec.MulAddTOffsets(g.cout, g.k, d.n, dp[d.margin:], d.rowLen, xp, d.off, dw, g.k)
	}
	if !wantX {
		return
	}
	taps := g.cout * g.kh * g.kw
	if assignX && g.w >= 32 && g.cin%4 == 0 && vec.Kernels() == "avx512" {
		// Long input lines are stored straight into sdx, one line at a
		// time (B shifted by the line's start), as directForward does:
		// no padded-width plane to clear and copy out. Only where every
		// element then runs through the same AVX-512 four-row kernel as
		// below (each column its own FMA chain from zero, a short last
		// strip under a mask), so the bits are the same; elsewhere which
		// columns fall to a scalar tail would change with the width.
		for y := 0; y < g.h; y++ {
			vec.MulAddOffsetsSet(g.cin, g.w, taps, wf, taps, dp[y*d.pw:], d.offT, sdx[y*g.w:], g.h*g.w, nil)
		}
		return
	}
	clear(dxr[:g.cin*d.nx])
	vec.MulAddOffsets(g.cin, d.nx, taps, wf, taps, dp, d.offT, dxr, d.nx)
	for c := 0; c < g.cin; c++ {
		for y := 0; y < g.h; y++ {
			src, dst := dxr[c*d.nx+y*d.pw:][:g.w], sdx[(c*g.h+y)*g.w:(c*g.h+y+1)*g.w]
			if assignX {
				copy(dst, src)
			} else {
				vec.Add(src, dst)
			}
		}
	}
}

// directScratch lends the buffers of one goroutine's share of the work.
type directScratch struct{ xp, cp, dxr []float32 }

func (g *convGeom) borrowDirect(d *directGeom, backward, wantX bool) directScratch {
	s := directScratch{xp: tensor.Scratch(g.cin * d.plane)}
	if backward {
		s.cp = tensor.Scratch(g.cout * d.rowLen)
		if wantX {
			s.dxr = tensor.Scratch(g.cin * d.nx)
		}
	} else {
		s.cp = tensor.Scratch(g.cout * d.n)
	}
	return s
}

func (s *directScratch) release() {
	for _, b := range [...][]float32{s.xp, s.cp, s.dxr} {
		if b != nil {
			tensor.Release(b)
		}
	}
}

// A phased forward pass multiplies in blocks of phasedBlockTaps column rows
// by phasedBlockCols columns. Unlike stride 1, where taps (i, 0..2) read
// the same cache lines one value apart, the taps of a phased sample spread
// over four planes, and the 576 shifted rows of a 64-column panel (150 KB)
// came from L2 for every four output channels; blocks of 144 rows (37 KB)
// stay in L1 while all the output channels use them. MNIST CNN's
// 64→128 stride-2 layer, forward, 320 images, one thread: 95 → 82 ms (72
// and 288 rows: 83 and 89 ms); at stride 1 blocking gained nothing.
const (
	phasedBlockTaps = 144
	phasedBlockCols = 64
)

// blockedOffsetsSet is vec.MulAddOffsetsSet in blocks of phasedBlockTaps
// column rows by phasedBlockCols columns: each output is its bias plus its
// first block's sum, then each further block's sum added in order, so the
// bits do not depend on how the samples are split.
func blockedOffsetsSet(m, n, k int, a []float32, lda int, b []float32, off []int, c []float32, ldc int, bias []float32) {
	for j0 := 0; j0 < n; j0 += phasedBlockCols {
		w := min(phasedBlockCols, n-j0)
		for k0 := 0; k0 < k; k0 += phasedBlockTaps {
			kk := min(phasedBlockTaps, k-k0)
			if k0 == 0 {
				vec.MulAddOffsetsSet(m, w, kk, a[k0:], lda, b[j0:], off[k0:k0+kk], c[j0:], ldc, bias)
			} else {
				vec.MulAddOffsets(m, w, kk, a[k0:], lda, b[j0:], off[k0:k0+kk], c[j0:], ldc)
			}
		}
	}
}
