package nn

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Conv2d is a 2-D convolution over (N, Cin, H, W) images with a square
// stride and zero padding. Weight has PyTorch's layout (Cout, Cin, KH, KW).
// With ReLU set, the layer is convolution followed by ReLU in one op (the
// conv3x3+ReLU block of U-Nets and small CNNs): the same numbers, without a
// second feature map to allocate and a second pass over it.
type Conv2d struct {
	Weight  *tensor.Tensor // (out, in, kh, kw)
	Bias    *tensor.Tensor // (out), or nil
	Stride  int
	Padding int
	ReLU    bool
}

// NewConv2d returns a Conv2d with a k×k kernel, initialised as PyTorch does
// (uniform in ±1/sqrt(in·k·k) for weights and bias).
func NewConv2d(in, out, k, stride, padding int, rng *rand.Rand) *Conv2d {
	bound := float32(1 / math.Sqrt(float64(max(in*k*k, 1))))
	return &Conv2d{
		Weight:  tensor.Uniform(rng, -bound, bound, out, in, k, k).SetRequiresGrad(true),
		Bias:    tensor.Uniform(rng, -bound, bound, out).SetRequiresGrad(true),
		Stride:  stride,
		Padding: padding,
	}
}

// Forward convolves x of shape (N, in, H, W).
func (c *Conv2d) Forward(x *tensor.Tensor) *tensor.Tensor {
	return conv(x, c.Weight, c.Bias, c.Stride, c.Padding, c.ReLU)
}

// Parameters returns the weight and, if present, the bias.
func (c *Conv2d) Parameters() []*tensor.Tensor {
	if c.Bias == nil {
		return []*tensor.Tensor{c.Weight}
	}
	return []*tensor.Tensor{c.Weight, c.Bias}
}

// Train does nothing: convolution behaves the same in both modes.
func (c *Conv2d) Train(bool) {}

// convGeom is the geometry of one convolution.
type convGeom struct {
	n, cin, h, w    int
	cout, kh, kw    int
	stride, pad     int
	ho, wo          int
	k, hw           int // rows (cin·kh·kw) and columns (ho·wo) of the im2col matrix
	ld              int // its row stride: hw plus a cache line, see columnStride
	inSize, outSize int // elements per sample
	pointwise       bool
}

// Conv returns the 2-D convolution of x (N, Cin, H, W) with w (Cout, Cin,
// KH, KW) plus bias (Cout, may be nil), as PyTorch's conv2d (a
// cross-correlation). Each sample is unfolded into columns (im2col) and
// multiplied by the weight with gemm.Sgemm; samples are split across
// goroutines when the batch is big enough.
func Conv(x, w, bias *tensor.Tensor, stride, padding int) *tensor.Tensor {
	return conv(x, w, bias, stride, padding, false)
}

// ConvReLU is ReLU(Conv(x, w, bias, stride, padding)) as one op.
func ConvReLU(x, w, bias *tensor.Tensor, stride, padding int) *tensor.Tensor {
	return conv(x, w, bias, stride, padding, true)
}

func conv(x, w, bias *tensor.Tensor, stride, padding int, relu bool) *tensor.Tensor {
	if x.Rank() != 4 || w.Rank() != 4 {
		fail(ErrShape, "Conv: input must be (N, C, H, W) and weight (Cout, Cin, KH, KW), got %v and %v", x.Shape(), w.Shape())
	}
	// Dims, not Shape: a training step should not allocate for the checks.
	xs := [4]int{x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3)}
	ws := [4]int{w.Dim(0), w.Dim(1), w.Dim(2), w.Dim(3)}
	if xs[1] != ws[1] {
		fail(ErrShape, "Conv: input has %d channels, weight expects %d (input %v, weight %v)", xs[1], ws[1], xs, ws)
	}
	if stride < 1 || padding < 0 {
		fail(ErrShape, "Conv: stride %d and padding %d: want stride >= 1, padding >= 0", stride, padding)
	}
	if bias != nil && bias.Len() != ws[0] {
		fail(ErrShape, "Conv: bias has %d values for %d output channels", bias.Len(), ws[0])
	}
	g := convGeom{n: xs[0], cin: xs[1], h: xs[2], w: xs[3], cout: ws[0], kh: ws[2], kw: ws[3], stride: stride, pad: padding}
	g.ho = (g.h+2*padding-g.kh)/stride + 1
	g.wo = (g.w+2*padding-g.kw)/stride + 1
	if g.h+2*padding < g.kh || g.w+2*padding < g.kw {
		fail(ErrShape, "Conv: kernel %dx%d larger than the padded %dx%d input", g.kh, g.kw, g.h+2*padding, g.w+2*padding)
	}
	g.k, g.hw = g.cin*g.kh*g.kw, g.ho*g.wo
	g.inSize, g.outSize = g.cin*g.h*g.w, g.cout*g.hw
	// A 1×1 stride-1 unpadded convolution needs no unfolding: the input
	// sample already is the (Cin, H·W) column matrix.
	g.pointwise = g.kh == 1 && g.kw == 1 && stride == 1 && padding == 0
	g.ld = g.hw
	if !g.pointwise {
		g.ld = columnStride(g.hw)
	}

	out := tensor.Scratch(g.n * g.outSize) // every element is written below
	xd, wd := x.Data, w.Data
	var bd []float32
	if bias != nil {
		bd = bias.Data
	}
	work := g.n * g.outSize * g.k
	var dg *directGeom
	s2 := g.winoS2()
	switch {
	case g.winograd():
		g.winoForward(xd, wd, bd, out, relu)
	case s2:
		g.winoS2Forward(xd, wd, bd, out, relu)
	case g.direct():
		dg = g.cachedDirectGeom()
	case g.phased():
		dg = g.cachedPhaseGeom()
	}
	switch {
	case g.winograd() || s2:
	case g.grouped() && dg == nil:
		g.groupedForward(xd, wd, bd, out, relu)
	default:
		g.forwardSamples(dg, xd, wd, bd, out, work, relu)
	}
	inputs := []*tensor.Tensor{x, w}
	if bias != nil {
		inputs = append(inputs, bias)
	}
	return tensor.FromOpScratch(out, []int{g.n, g.cout, g.ho, g.wo}, inputs, func(y *tensor.Tensor) {
		var active []float32 // with ReLU: where the output is positive, the gradient passes
		if relu {
			active = out
		}
		g.backward(x, w, bias, y.Grad, active)
	})
}

// forwardSamples computes the output sample by sample (direct, or im2col
// with the vector kernels or gemm), the samples split across goroutines.
func (g *convGeom) forwardSamples(dg *directGeom, xd, wd, bd, out []float32, work int, relu bool) {
	tensor.Parallel(g.n, work, func(lo, hi int) {
		var col []float32
		var ds directScratch
		switch {
		case dg != nil:
			ds = g.borrowDirect(dg, false, false)
			defer ds.release()
		case !g.pointwise:
			col = tensor.Scratch(g.k * g.ld)
			defer tensor.Release(col)
		}
		for s := lo; s < hi; s++ {
			o := out[s*g.outSize : (s+1)*g.outSize]
			if dg != nil {
				if g.stride > 1 {
					g.layPhases(dg, xd[s*g.inSize:(s+1)*g.inSize], ds.xp)
				} else {
					g.padSample(dg, xd[s*g.inSize:(s+1)*g.inSize], ds.xp)
				}
				g.directForward(dg, wd, bd, ds.xp, ds.cp, o)
			} else {
				src := g.columns(xd[s*g.inSize:(s+1)*g.inSize], col)
				g.forwardSample(wd, bd, src, o)
			}
			if relu {
				vec.ReLU(o, o) // while the sample is still in cache
			}
		}
	})
}

func fill(s []float32, v float32) { vec.Fill(s, v) }

// columnStride pads the rows of an im2col matrix by one cache line: with
// rows a multiple of 4 KiB apart (64×64 images), every row of a column
// block falls in the same L1 set and the products stall on conflict misses.
func columnStride(hw int) int { return hw + 16 }

// columns returns the (k, hw) column matrix of one sample, written into col
// unless the convolution is pointwise.
func (g *convGeom) columns(sample, col []float32) []float32 {
	if g.pointwise {
		return sample
	}
	g.im2col(sample, col)
	return col
}

// im2col writes row (c, i, j) of the column matrix: the input pixel under
// kernel tap (i, j) of channel c for every output position, zero in the
// padding.
func (g *convGeom) im2col(x, col []float32) { g.im2colLd(x, col, g.ld) }

// im2colLd is im2col into rows ld apart (one sample's place in a group's
// columns).
func (g *convGeom) im2colLd(x, col []float32, ld int) {
	for c := 0; c < g.cin; c++ {
		plane := x[c*g.h*g.w : (c+1)*g.h*g.w]
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				row := col[((c*g.kh+i)*g.kw+j)*ld:][:g.hw]
				for oy := 0; oy < g.ho; oy++ {
					iy := oy*g.stride - g.pad + i
					dst := row[oy*g.wo : (oy+1)*g.wo]
					if iy < 0 || iy >= g.h {
						clear(dst)
						continue
					}
					src := plane[iy*g.w : (iy+1)*g.w]
					g.rowGather(dst, src, j)
				}
			}
		}
	}
}

// rowGather fills dst[ox] = src[ox*stride - pad + j] (zero outside).
func (g *convGeom) rowGather(dst, src []float32, j int) {
	if g.stride == 1 {
		// Contiguous: copy the valid middle, zero the edges.
		lo := max(0, g.pad-j)        // first ox with ix >= 0
		hi := min(g.wo, g.w+g.pad-j) // first ox with ix >= w
		if hi <= lo {
			clear(dst)
			return
		}
		clear(dst[:lo])
		copy(dst[lo:hi], src[lo-g.pad+j:hi-g.pad+j])
		clear(dst[hi:])
		return
	}
	for ox := range dst {
		ix := ox*g.stride - g.pad + j
		if ix < 0 || ix >= g.w {
			dst[ox] = 0
		} else {
			dst[ox] = src[ix]
		}
	}
}

// col2im adds the column matrix back into the sample gradient dx: the
// adjoint of im2col.
func (g *convGeom) col2im(col, dx []float32) { g.col2imLd(col, g.ld, dx) }

// col2imLd is col2im from rows ld apart.
func (g *convGeom) col2imLd(col []float32, ld int, dx []float32) {
	if g.stride == 2 {
		g.col2imStride2(col, ld, dx)
		return
	}
	for c := 0; c < g.cin; c++ {
		plane := dx[c*g.h*g.w : (c+1)*g.h*g.w]
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				row := col[((c*g.kh+i)*g.kw+j)*ld:][:g.hw]
				for oy := 0; oy < g.ho; oy++ {
					iy := oy*g.stride - g.pad + i
					if iy < 0 || iy >= g.h {
						continue
					}
					dst := plane[iy*g.w : (iy+1)*g.w]
					src := row[oy*g.wo : (oy+1)*g.wo]
					if g.stride == 1 {
						lo := max(0, g.pad-j)
						hi := min(g.wo, g.w+g.pad-j)
						if hi > lo {
							vec.Add(src[lo:hi], dst[lo-g.pad+j:hi-g.pad+j])
						}
						continue
					}
					for ox, v := range src {
						ix := ox*g.stride - g.pad + j
						if ix >= 0 && ix < g.w {
							dst[ix] += v
						}
					}
				}
			}
		}
	}
}

// backward accumulates the input, weight and bias gradients from dy (masked
// first by active > 0 when a ReLU is fused: active is the op's output).
func (g *convGeom) backward(x, w, bias *tensor.Tensor, dy, active []float32) {
	wantX, wantW := x.RequiresGrad(), w.RequiresGrad()
	wantB := bias != nil && bias.RequiresGrad()
	if g.winograd() {
		g.winoBackward(x, w, bias, dy, active, wantX, wantW, wantB)
		return
	}
	if g.winoS2() {
		g.winoS2Backward(x, w, bias, dy, active, wantX, wantW, wantB)
		return
	}
	if g.grouped() {
		var dx, dw, dbs []float32
		if wantX {
			dx = tensor.GradOf(x)
		}
		if wantW {
			dw = tensor.Scratch(g.cout * g.k)
			defer tensor.Release(dw)
		}
		if wantB {
			dbs = tensor.Scratch(g.n * g.cout)
			defer tensor.Release(dbs)
		}
		g.groupedBackward(x.Data, w.Data, dy, active, dw, dx, dbs)
		addSampleGrads(w, bias, dw, dbs, g.n, g.cout*g.k, g.cout, wantW, wantB)
		return
	}
	if wantW && g.groupedWeightGrad() {
		// The weight gradient by grouped gemm, the rest below.
		dw := tensor.Scratch(g.cout * g.k)
		defer tensor.Release(dw)
		g.groupedBackward(x.Data, w.Data, dy, active, dw, nil, nil)
		vec.Add(dw, tensor.GradOf(w))
		wantW = false
	}
	var dg *directGeom
	if g.direct() {
		dg = g.cachedDirectGeom()
	}
	var dx []float32
	assignX := false // the direct path writes every element of dx
	if wantX && dg != nil {
		dx, assignX = tensor.GradFor(x)
	} else if wantX {
		dx = tensor.GradOf(x)
	}
	// Workspace comes from tensor.Scratch and goes back at the end: a
	// training loop's steps reuse the same buffers.
	var wT, wf []float32 // Wᵀ (k×cout) for the vector path of the input gradient, or W flipped for the direct one
	if wantX && dg != nil {
		wf = g.flipWeights(w.Data, tensor.Scratch(g.k*g.cout))
		defer tensor.Release(wf)
	} else if wantX && g.vectorPath() {
		wT = tensor.Scratch(g.k * g.cout)
		defer tensor.Release(wT)
		for co := 0; co < g.cout; co++ {
			for kk := 0; kk < g.k; kk++ {
				wT[kk*g.cout+co] = w.Data[co*g.k+kk]
			}
		}
	}
	// One weight- and bias-gradient partial per sample, added in sample
	// order afterwards: the bits do not depend on which goroutine took which
	// sample.
	var dws, dbs []float32
	if wantW {
		dws = tensor.Scratch(g.n * g.cout * g.k)
		defer tensor.Release(dws)
		clear(dws)
	}
	if wantB {
		dbs = tensor.Scratch(g.n * g.cout)
		defer tensor.Release(dbs)
	}
	work := 2 * g.n * g.outSize * g.k
	tensor.Parallel(g.n, work, func(lo, hi int) {
		var col, dcol []float32
		var ds directScratch
		if dg != nil {
			ds = g.borrowDirect(dg, true, wantX)
			defer ds.release()
		} else if !g.pointwise {
			col = tensor.Scratch(g.k * g.ld)
			defer tensor.Release(col)
			if wantX {
				dcol = tensor.Scratch(g.k * g.ld)
				defer tensor.Release(dcol)
			}
		}
		var masked []float32
		if active != nil && dg == nil {
			masked = tensor.Scratch(g.outSize)
			defer tensor.Release(masked)
		}
		for s := lo; s < hi; s++ {
			d := dy[s*g.outSize : (s+1)*g.outSize]
			if dg != nil {
				if wantW {
					g.padSample(dg, x.Data[s*g.inSize:(s+1)*g.inSize], ds.xp)
				}
				var dw, sdx, act []float32
				if wantW {
					dw = dws[s*g.cout*g.k : (s+1)*g.cout*g.k]
				}
				if wantX {
					sdx = dx[s*g.inSize : (s+1)*g.inSize]
				}
				if active != nil {
					act = active[s*g.outSize : (s+1)*g.outSize]
				}
				g.directBackward(dg, wf, d, act, ds.xp, ds.cp, ds.dxr, dw, sdx, wantW, wantX, assignX)
				if wantB { // the rows directBackward used, masked, zero between output lines
					for co := 0; co < g.cout; co++ {
						dbs[s*g.cout+co] = vec.Sum(ds.cp[co*dg.rowLen+dg.margin:][:dg.n])
					}
				}
				continue
			}
			if active != nil { // through the fused ReLU first
				vec.ReLUGradSet(masked, active[s*g.outSize:(s+1)*g.outSize], d)
				d = masked
			}
			if wantB {
				for co := 0; co < g.cout; co++ {
					dbs[s*g.cout+co] = vec.Sum(d[co*g.hw : (co+1)*g.hw])
				}
			}
			if wantW {
				src := g.columns(x.Data[s*g.inSize:(s+1)*g.inSize], col)
				g.weightGradSample(d, src, dws[s*g.cout*g.k:(s+1)*g.cout*g.k])
			}
			if wantX {
				sdx := dx[s*g.inSize : (s+1)*g.inSize]
				if g.pointwise {
					g.columnGradSample(w.Data, wT, d, sdx, g.hw, true)
					continue
				}
				g.columnGradSample(w.Data, wT, d, dcol, g.ld, false)
				g.col2im(dcol, sdx)
			}
		}
	})
	addSampleGrads(w, bias, dws, dbs, g.n, g.cout*g.k, g.cout, wantW, wantB)
}

// addSampleGrads adds the per-sample weight and bias gradients (dws: n
// blocks of wLen, or one block already summed over the samples; dbs: n
// blocks of cout) to w's and bias's, summed in
// sample order, so that the result does not depend on how the samples
// were split across goroutines.
func addSampleGrads(w, bias *tensor.Tensor, dws, dbs []float32, n, wLen, cout int, wantW, wantB bool) {
	if wantW {
		gw := tensor.GradOf(w)
		for s := 0; s < len(dws)/wLen; s++ { // one block per sample, or one for all
			vec.Add(dws[s*wLen:(s+1)*wLen], gw)
		}
	}
	if wantB {
		gb := tensor.GradOf(bias)
		for co := range gb {
			var sum float64
			for s := 0; s < n; s++ {
				sum += float64(dbs[s*cout+co])
			}
			gb[co] += float32(sum)
		}
	}
}
