package nn

import (
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Conv3d is a stride-1 3-D convolution over volumes (N, Cin, D, H, W) with
// zero padding. Weight has PyTorch's layout (Cout, Cin, KD, KH, KW). With
// ReLU set, the layer is convolution followed by ReLU in one op, as
// Conv2d.ReLU.
type Conv3d struct {
	Weight  *tensor.Tensor // (out, in, kd, kh, kw)
	Bias    *tensor.Tensor // (out), or nil
	Padding int
	ReLU    bool
}

// NewConv3d returns a Conv3d with a k×k×k kernel, initialised as PyTorch
// does (uniform in ±1/sqrt(in·k³) for weights and bias).
func NewConv3d(in, out, k, padding int, rng *rand.Rand) *Conv3d {
	bound := float32(1 / math.Sqrt(float64(max(in*k*k*k, 1))))
	return &Conv3d{
		Weight:  tensor.Uniform(rng, -bound, bound, out, in, k, k, k).SetRequiresGrad(true),
		Bias:    tensor.Uniform(rng, -bound, bound, out).SetRequiresGrad(true),
		Padding: padding,
	}
}

// Forward convolves x of shape (N, in, D, H, W).
func (c *Conv3d) Forward(x *tensor.Tensor) *tensor.Tensor {
	return conv3d(x, c.Weight, c.Bias, c.Padding, c.ReLU)
}

// Parameters returns the weight and, if present, the bias.
func (c *Conv3d) Parameters() []*tensor.Tensor {
	if c.Bias == nil {
		return []*tensor.Tensor{c.Weight}
	}
	return []*tensor.Tensor{c.Weight, c.Bias}
}

// Train does nothing: convolution behaves the same in both modes.
func (c *Conv3d) Train(bool) {}

// VolumeConv returns the stride-1 3-D convolution of x (N, Cin, D, H, W)
// with w (Cout, Cin, KD, KH, KW) plus bias (Cout, may be nil), zero-padded
// by padding on every side, as PyTorch's conv3d (a cross-correlation).
func VolumeConv(x, w, bias *tensor.Tensor, padding int) *tensor.Tensor {
	return conv3d(x, w, bias, padding, false)
}

// VolumeConvReLU is ReLU(VolumeConv(x, w, bias, padding)) as one op.
func VolumeConvReLU(x, w, bias *tensor.Tensor, padding int) *tensor.Tensor {
	return conv3d(x, w, bias, padding, true)
}

// conv3Geom is the geometry of one 3-D convolution. It runs the implicit
// column scheme of convdirect.go one dimension up: in a zero-padded copy of
// the sample, row (c, i, j, l) of the column matrix is the padded volume of
// channel c shifted by i planes, j rows and l columns, so the products read
// it in place (vec.MulAddOffsets and friends) and nothing is unfolded. The
// output is computed in padded coordinates (the rows and planes past the
// valid ones are computed and dropped: about (1+2p/H)(1+2p/W) times the
// work, 1.4× at 16³ with padding 1) and copied out.
type conv3Geom struct {
	n, cin, d, h, w int
	cout            int
	kd, kh, kw, pad int
	do, ho, wo      int
	k               int // column rows: cin·kd·kh·kw
	inSize, outSize int // elements per sample
}

// conv3Layout holds the padded layout of one sample (see directGeom, its
// 2-D counterpart, for the input-gradient correlation).
type conv3Layout struct {
	pd, ph, pw  int
	plane, vol  int   // ph·pw and pd·plane
	n           int   // output positions in padded coordinates
	off         []int // start of column row (c, i, j, l) in the padded sample
	q0, nx      int   // interior positions [q0, q0+nx) of the padded volume
	margin      int   // zeros before each dY row
	rowLen      int   // margin + the longest reach past the row's start
	offT        []int // start of dY row (co, i, j, l) for the input gradient
	taps        int   // kd·kh·kw
	copyPadding bool  // the sample must be copied into a padded buffer
}

func (g *conv3Geom) layout() *conv3Layout {
	l := &conv3Layout{pd: g.d + 2*g.pad, ph: g.h + 2*g.pad, pw: g.w + 2*g.pad, taps: g.kd * g.kh * g.kw}
	l.plane = l.ph * l.pw
	l.vol = l.pd * l.plane
	l.n = (g.do-1)*l.plane + (g.ho-1)*l.pw + g.wo
	l.copyPadding = g.pad > 0
	l.off = make([]int, 0, g.k)
	for c := 0; c < g.cin; c++ {
		for i := 0; i < g.kd; i++ {
			for j := 0; j < g.kh; j++ {
				for m := 0; m < g.kw; m++ {
					l.off = append(l.off, c*l.vol+i*l.plane+j*l.pw+m)
				}
			}
		}
	}
	l.q0 = g.pad*l.plane + g.pad*l.pw + g.pad
	l.nx = (g.d-1)*l.plane + (g.h-1)*l.pw + g.w
	l.margin = max(0, (g.kd-1)*l.plane+(g.kh-1)*l.pw+g.kw-1-l.q0)
	l.rowLen = l.margin + max(l.n, l.q0+l.nx)
	l.offT = make([]int, 0, g.cout*l.taps)
	for co := 0; co < g.cout; co++ {
		for i := 0; i < g.kd; i++ {
			for j := 0; j < g.kh; j++ {
				for m := 0; m < g.kw; m++ {
					l.offT = append(l.offT, co*l.rowLen+l.margin+l.q0-i*l.plane-j*l.pw-m)
				}
			}
		}
	}
	return l
}

// conv3Layouts caches layouts by geometry (per sample), as directGeoms does.
var conv3Layouts layoutCache[conv3Geom, conv3Layout]

func (g *conv3Geom) cachedLayout() *conv3Layout {
	key := *g
	key.n = 0
	return conv3Layouts.get(key, g.layout)
}

func conv3d(x, w, bias *tensor.Tensor, padding int, relu bool) *tensor.Tensor {
	if x.Rank() != 5 || w.Rank() != 5 {
		fail(ErrShape, "Conv3d: input must be (N, C, D, H, W) and weight (Cout, Cin, KD, KH, KW), got %v and %v", x.Shape(), w.Shape())
	}
	xs := [5]int{x.Dim(0), x.Dim(1), x.Dim(2), x.Dim(3), x.Dim(4)}
	ws := [5]int{w.Dim(0), w.Dim(1), w.Dim(2), w.Dim(3), w.Dim(4)}
	if xs[1] != ws[1] {
		fail(ErrShape, "Conv3d: input has %d channels, weight expects %d (input %v, weight %v)", xs[1], ws[1], xs, ws)
	}
	if padding < 0 {
		fail(ErrShape, "Conv3d: padding %d: want padding >= 0", padding)
	}
	if bias != nil && bias.Len() != ws[0] {
		fail(ErrShape, "Conv3d: bias has %d values for %d output channels", bias.Len(), ws[0])
	}
	g := conv3Geom{n: xs[0], cin: xs[1], d: xs[2], h: xs[3], w: xs[4], cout: ws[0], kd: ws[2], kh: ws[3], kw: ws[4], pad: padding}
	if g.d+2*padding < g.kd || g.h+2*padding < g.kh || g.w+2*padding < g.kw {
		fail(ErrShape, "Conv3d: kernel %dx%dx%d larger than the padded %dx%dx%d input", g.kd, g.kh, g.kw, g.d+2*padding, g.h+2*padding, g.w+2*padding)
	}
	if g.cout < 1 || g.kd < 1 || g.kh < 1 || g.kw < 1 {
		fail(ErrShape, "Conv3d: weight %v has an empty dimension", ws)
	}
	g.do, g.ho, g.wo = g.d+2*padding-g.kd+1, g.h+2*padding-g.kh+1, g.w+2*padding-g.kw+1
	g.k = g.cin * g.kd * g.kh * g.kw
	g.inSize, g.outSize = g.cin*g.d*g.h*g.w, g.cout*g.do*g.ho*g.wo
	l := g.cachedLayout()

	out := tensor.Scratch(g.n * g.outSize) // every element is written below
	xd, wd := x.Data, w.Data
	var bd []float32
	if bias != nil {
		bd = bias.Data
	}
	tensor.Parallel(g.n, g.n*g.outSize*g.k, func(lo, hi int) {
		var xp []float32
		if l.copyPadding {
			xp = tensor.Scratch(g.cin * l.vol)
			defer tensor.Release(xp)
		}
		cp := tensor.Scratch(g.cout * l.n)
		defer tensor.Release(cp)
		for s := lo; s < hi; s++ {
			src := g.padded(l, xd[s*g.inSize:(s+1)*g.inSize], xp)
			o := out[s*g.outSize : (s+1)*g.outSize]
			vec.MulAddOffsetsSet(g.cout, l.n, g.k, wd, g.k, src, l.off, cp, l.n, bd)
			g.unpad(l, cp, l.n, o)
			if relu {
				vec.ReLU(o, o)
			}
		}
	})
	inputs := []*tensor.Tensor{x, w}
	if bias != nil {
		inputs = append(inputs, bias)
	}
	return tensor.FromOpScratch(out, []int{g.n, g.cout, g.do, g.ho, g.wo}, inputs, func(y *tensor.Tensor) {
		var active []float32
		if relu {
			active = out
		}
		g.backward(l, x, w, bias, y.Grad, active)
	})
}

// padded returns the sample in the padded layout: x itself without
// padding, else x copied into xp with zero borders.
func (g *conv3Geom) padded(l *conv3Layout, x, xp []float32) []float32 {
	if !l.copyPadding {
		return x
	}
	clear(xp[:g.cin*l.vol])
	p := g.pad
	for c := 0; c < g.cin; c++ {
		for z := 0; z < g.d; z++ {
			for y := 0; y < g.h; y++ {
				dst := xp[c*l.vol+(z+p)*l.plane+(y+p)*l.pw+p:][:g.w]
				copy(dst, x[((c*g.d+z)*g.h+y)*g.w:][:g.w])
			}
		}
	}
	return xp
}

// unpad copies the valid outputs of rows laid out in padded coordinates
// (row stride ld) into o (cout×do×ho×wo).
func (g *conv3Geom) unpad(l *conv3Layout, cp []float32, ld int, o []float32) {
	for co := 0; co < g.cout; co++ {
		for z := 0; z < g.do; z++ {
			for y := 0; y < g.ho; y++ {
				copy(o[((co*g.do+z)*g.ho+y)*g.wo:][:g.wo], cp[co*ld+z*l.plane+y*l.pw:][:g.wo])
			}
		}
	}
}

// backward accumulates the input, weight and bias gradients from dy,
// masked first by active > 0 when a ReLU is fused (active is the output).
func (g *conv3Geom) backward(l *conv3Layout, x, w, bias *tensor.Tensor, dy, active []float32) {
	wantX, wantW := x.RequiresGrad(), w.RequiresGrad()
	wantB := bias != nil && bias.RequiresGrad()
	if !wantX && !wantW && !wantB {
		return
	}
	var dx []float32
	assignX := false
	if wantX {
		dx, assignX = tensor.GradFor(x)
	}
	var wf []float32
	if wantX {
		wf = tensor.Scratch(g.cin * g.cout * l.taps)
		defer tensor.Release(wf)
		for co := 0; co < g.cout; co++ {
			for c := 0; c < g.cin; c++ {
				copy(wf[(c*g.cout+co)*l.taps:][:l.taps], w.Data[(co*g.cin+c)*l.taps:][:l.taps])
			}
		}
	}
	// Per-sample partial sums added in sample order afterwards: the bits
	// do not depend on which goroutine took which sample.
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
	tensor.Parallel(g.n, 2*g.n*g.outSize*g.k, func(lo, hi int) {
		dp := tensor.Scratch(g.cout * l.rowLen)
		defer tensor.Release(dp)
		var xp, dxr []float32
		if wantW && l.copyPadding {
			xp = tensor.Scratch(g.cin * l.vol)
			defer tensor.Release(xp)
		}
		if wantX {
			dxr = tensor.Scratch(g.cin * l.nx)
			defer tensor.Release(dxr)
		}
		for s := lo; s < hi; s++ {
			d := dy[s*g.outSize : (s+1)*g.outSize]
			var act []float32
			if active != nil {
				act = active[s*g.outSize : (s+1)*g.outSize]
			}
			g.padGrad(l, d, act, dp)
			if wantB {
				for co := 0; co < g.cout; co++ {
					dbs[s*g.cout+co] = vec.Sum(dp[co*l.rowLen+l.margin:][:l.n])
				}
			}
			if wantW {
				src := g.padded(l, x.Data[s*g.inSize:(s+1)*g.inSize], xp)
				vec.MulAddTOffsets(g.cout, g.k, l.n, dp[l.margin:], l.rowLen, src, l.off, dws[s*g.cout*g.k:(s+1)*g.cout*g.k], g.k)
			}
			if wantX {
				taps := g.cout * l.taps
				clear(dxr[:g.cin*l.nx])
				vec.MulAddOffsets(g.cin, l.nx, taps, wf, taps, dp, l.offT, dxr, l.nx)
				sdx := dx[s*g.inSize : (s+1)*g.inSize]
				for c := 0; c < g.cin; c++ {
					for z := 0; z < g.d; z++ {
						for y := 0; y < g.h; y++ {
							src := dxr[c*l.nx+z*l.plane+y*l.pw:][:g.w]
							dst := sdx[((c*g.d+z)*g.h+y)*g.w:][:g.w]
							if assignX {
								copy(dst, src)
							} else {
								vec.Add(src, dst)
							}
						}
					}
				}
			}
		}
	})
	addSampleGrads(w, bias, dws, dbs, g.n, g.cout*g.k, g.cout, wantW, wantB)
}

// padGrad lays dY (cout×do×ho×wo) out in dp as cout rows of rowLen in
// padded coordinates after a margin of zeros, zero wherever no valid
// output sits, masked by active > 0 when a ReLU is fused.
func (g *conv3Geom) padGrad(l *conv3Layout, dy, active, dp []float32) {
	clear(dp[:g.cout*l.rowLen])
	for co := 0; co < g.cout; co++ {
		row := dp[co*l.rowLen+l.margin:]
		for z := 0; z < g.do; z++ {
			for y := 0; y < g.ho; y++ {
				at := ((co*g.do+z)*g.ho + y) * g.wo
				dst := row[z*l.plane+y*l.pw:][:g.wo]
				if active != nil {
					vec.ReLUGradSet(dst, active[at:at+g.wo], dy[at:at+g.wo])
				} else {
					copy(dst, dy[at:at+g.wo])
				}
			}
		}
	}
}
