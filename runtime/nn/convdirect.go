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

// direct reports whether the implicit-column path applies.
func (g *convGeom) direct() bool { return g.stride == 1 && !g.pointwise && g.vectorPath() }

// directGeom holds the padded layout of one sample.
type directGeom struct {
	ph, pw, plane int   // padded height and width, and their product
	n             int   // output positions in padded coordinates: (ho−1)·pw + wo
	off           []int // start of column row (c, i, j) in the padded sample
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
	return d
}

// padSample writes the sample x (cin×h×w) into xp (cin×ph×pw) with zero borders.
func (g *convGeom) padSample(d *directGeom, x, xp []float32) {
	clear(xp)
	for c := 0; c < g.cin; c++ {
		for y := 0; y < g.h; y++ {
			dst := xp[c*d.plane+(y+g.pad)*d.pw+g.pad:]
			copy(dst[:g.w], x[(c*g.h+y)*g.w:(c*g.h+y+1)*g.w])
		}
	}
}

// directForward computes one sample's output o (cout×ho×wo, fresh) from the
// padded sample xp; cp is scratch of cout·n.
func (g *convGeom) directForward(d *directGeom, w, bias, xp, cp, o []float32) {
	for co := 0; co < g.cout; co++ {
		row := cp[co*d.n : (co+1)*d.n]
		if bias != nil {
			vec.Fill(row, bias[co])
		} else {
			clear(row)
		}
	}
	vec.MulAddOffsets(g.cout, d.n, g.k, w, g.k, xp, d.off, cp, d.n)
	for co := 0; co < g.cout; co++ {
		for oy := 0; oy < g.ho; oy++ {
			copy(o[co*g.hw+oy*g.wo:co*g.hw+(oy+1)*g.wo], cp[co*d.n+oy*d.pw:])
		}
	}
}

// directBackward adds one sample's weight gradient into dw and its input
// gradient into sdx, from dy (cout×ho×wo, already through a fused ReLU).
// Scratch: dp (cout·n), xp (cin·plane, the padded sample, already filled
// when wantW), and with wantX dcol (k·n) and dxp (cin·plane).
func (g *convGeom) directBackward(d *directGeom, w, wT, dy, xp, dp, dcol, dxp, dw, sdx []float32, wantW, wantX bool) {
	// dY in the padded-width layout, zero in the dropped columns.
	for co := 0; co < g.cout; co++ {
		row := dp[co*d.n : (co+1)*d.n]
		for oy := 0; oy < g.ho; oy++ {
			copy(row[oy*d.pw:oy*d.pw+g.wo], dy[co*g.hw+oy*g.wo:])
			if oy < g.ho-1 {
				clear(row[oy*d.pw+g.wo : (oy+1)*d.pw])
			}
		}
	}
	if wantW {
		vec.MulAddTOffsets(g.cout, g.k, d.n, dp, d.n, xp, d.off, dw, g.k)
	}
	if !wantX {
		return
	}
	clear(dcol[:g.k*d.n])
	vec.MulAdd(g.k, d.n, g.cout, wT, g.cout, dp, d.n, dcol, d.n)
	clear(dxp)
	for p, o := range d.off {
		vec.Add(dcol[p*d.n:(p+1)*d.n], dxp[o:o+d.n])
	}
	for c := 0; c < g.cin; c++ {
		for y := 0; y < g.h; y++ {
			src := dxp[c*d.plane+(y+g.pad)*d.pw+g.pad:]
			vec.Add(src[:g.w], sdx[(c*g.h+y)*g.w:(c*g.h+y+1)*g.w])
		}
	}
}

// directScratch lends the buffers of one goroutine's share of the work.
type directScratch struct{ xp, cp, dcol, dxp []float32 }

func (g *convGeom) borrowDirect(d *directGeom, backward, wantX bool) *directScratch {
	s := &directScratch{xp: tensor.Scratch(g.cin * d.plane), cp: tensor.Scratch(g.cout * d.n)}
	if backward && wantX {
		s.dcol = tensor.Scratch(g.k * d.n)
		s.dxp = tensor.Scratch(g.cin * d.plane)
	}
	return s
}

func (s *directScratch) release() {
	for _, b := range [][]float32{s.xp, s.cp, s.dcol, s.dxp} {
		if b != nil {
			tensor.Release(b)
		}
	}
}
