package nn

import (
	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Wide convolutions (64-128 channels and more, as in DomainBed's MNIST CNN)
// multiply a group of samples at once: the columns of several samples side
// by side make one (k × group·hw) matrix, so each gemm call has a few
// thousand columns instead of one sample's 196 (less packing and edge-tile
// waste per multiply-add), and the weight gradient is one product over the
// group, dY (cout × group·hw) times its columns transposed, accumulated
// into a single buffer across the groups. Per sample, the weight gradient
// of a 128→128 3×3 layer is a 590 KB partial sum: one per sample, cleared
// and then added, cost more than the products themselves.
//
// Groups run one after another and gemm spreads each product over the
// threads (each element of its result is summed in an order fixed by the
// kernel, not by the thread count); the group size is fixed by the
// geometry, so the bits do not depend on the number of threads.

// wideCols is about how many columns (samples × output positions) one
// group has: enough for gemm's register tiles to run mostly full, few
// enough that the group's columns (k × wideCols) stay in L2-L3 between
// the im2col that writes them and the product that reads them.
const wideCols = 1024

// wideMinChannels is the channel count (in and out) from which a stride-1
// convolution takes its weight gradient through grouped gemm rather than
// the direct path's per-sample dot products.
const wideMinChannels = 64

// grouped reports whether all three products (forward, weight gradient,
// input gradient) go through grouped im2col + gemm: convolutions too wide
// for the vector kernels that the direct path does not take (stride 2 and
// more, or more than directMaxChannels channels).
func (g *convGeom) grouped() bool {
	return !g.vectorPath() && !g.pointwise && !g.direct()
}

// groupedWeightGrad reports whether the weight gradient is taken by
// grouped gemm: every grouped convolution, and direct ones whose channels
// are all wide.
func (g *convGeom) groupedWeightGrad() bool {
	return g.grouped() || g.direct() && g.cin >= wideMinChannels && g.cout >= wideMinChannels
}

// groupSize is the number of samples multiplied together.
func (g *convGeom) groupSize() int { return max(1, min(g.n, wideCols/max(g.hw, 1))) }

// groupScratch is the workspace of one group: its columns (k × ld), and
// cout × cols for the output or the (masked) output gradient.
type groupScratch struct {
	col, oy []float32
	ld      int
}

func (g *convGeom) borrowGroup() groupScratch {
	cols := g.groupSize() * g.hw
	ld := columnStride(cols)
	return groupScratch{col: tensor.Scratch(g.k * ld), oy: tensor.Scratch(g.cout * cols), ld: ld}
}

func (s *groupScratch) release() {
	tensor.Release(s.col)
	tensor.Release(s.oy)
}

// groupColumns writes the columns of samples [s0, s0+gs) of x side by side
// into col (row stride ld), splitting the samples across goroutines. Each
// sample is first copied with its zero border (padSample), so that every
// output line of a column row is one copy (stride 1) or one strided gather,
// without the edge cases of im2col: at 14×14 those cost more than the copy.
func (g *convGeom) groupColumns(x, col []float32, ld, s0, gs int) {
	p := directGeom{ph: g.h + 2*g.pad, pw: g.w + 2*g.pad}
	p.plane = p.ph * p.pw
	tensor.Parallel(gs, gs*g.k*g.hw, func(lo, hi int) {
		xp := tensor.Scratch(g.cin * p.plane)
		defer tensor.Release(xp)
		for s := lo; s < hi; s++ {
			g.padSample(&p, x[(s0+s)*g.inSize:(s0+s+1)*g.inSize], xp)
			g.im2colPadded(xp, p.pw, p.plane, col[s*g.hw:], ld)
		}
	})
}

// im2colPadded is im2colLd from the zero-padded sample xp (cin planes of
// plane values, rows pw apart).
func (g *convGeom) im2colPadded(xp []float32, pw, plane int, col []float32, ld int) {
	wo, st := g.wo, g.stride
	r := 0
	for c := 0; c < g.cin; c++ {
		for i := 0; i < g.kh; i++ {
			for j := 0; j < g.kw; j++ {
				row := col[r*ld:][:g.hw]
				r++
				src := xp[c*plane+i*pw+j:]
				for oy := 0; oy < g.ho; oy++ {
					dst := row[oy*wo:][:wo]
					line := src[oy*st*pw:][:(wo-1)*st+1]
					switch st {
					case 1:
						copy(dst, line)
					case 2:
						for ox := range dst {
							dst[ox] = line[2*ox]
						}
					default:
						for ox := range dst {
							dst[ox] = line[ox*st]
						}
					}
				}
			}
		}
	}
}

// groupedForward computes every sample's output o (n×cout×hw, contents
// undefined on entry) with bias and, if relu, the ReLU.
func (g *convGeom) groupedForward(x, w, bias, out []float32, relu bool) {
	gsz := g.groupSize()
	ws := g.borrowGroup()
	defer ws.release()
	for s0 := 0; s0 < g.n; s0 += gsz {
		gs := min(gsz, g.n-s0)
		cols := gs * g.hw
		g.groupColumns(x, ws.col, ws.ld, s0, gs)
		gemm.Sgemm(false, false, g.cout, cols, g.k, 1, w, g.k, ws.col, ws.ld, 0, ws.oy, cols)
		tensor.Parallel(gs, gs*g.outSize, func(lo, hi int) {
			for s := lo; s < hi; s++ {
				o := out[(s0+s)*g.outSize : (s0+s+1)*g.outSize]
				for co := 0; co < g.cout; co++ {
					dst := o[co*g.hw : (co+1)*g.hw]
					copy(dst, ws.oy[co*cols+s*g.hw:])
					if bias != nil {
						vec.AddConst(dst, bias[co])
					}
				}
				if relu {
					vec.ReLU(o, o)
				}
			}
		})
	}
}

// groupedBackward adds the weight gradient into dw (cout×k, assigned: the
// caller adds it to the parameter's) and, when dx is not nil (grouped
// convolutions only: the direct path takes its own input gradient), the
// input gradient into dx; dbs gets each sample's bias gradient when not
// nil. dy is masked by active > 0 first when a ReLU is fused.
func (g *convGeom) groupedBackward(x, w, dy, active, dw, dx, dbs []float32) {
	gsz := g.groupSize()
	ws := g.borrowGroup()
	defer ws.release()
	var dcol []float32
	if dx != nil {
		dcol = tensor.Scratch(g.k * ws.ld)
		defer tensor.Release(dcol)
	}
	for s0 := 0; s0 < g.n; s0 += gsz {
		gs := min(gsz, g.n-s0)
		cols := gs * g.hw
		// dY of the group side by side (cout × cols), through the ReLU.
		tensor.Parallel(gs, gs*g.outSize, func(lo, hi int) {
			for s := lo; s < hi; s++ {
				d := dy[(s0+s)*g.outSize : (s0+s+1)*g.outSize]
				for co := 0; co < g.cout; co++ {
					dst := ws.oy[co*cols+s*g.hw:][:g.hw]
					src := d[co*g.hw : (co+1)*g.hw]
					if active != nil {
						vec.ReLUGradSet(dst, active[(s0+s)*g.outSize+co*g.hw:][:g.hw], src)
					} else {
						copy(dst, src)
					}
					if dbs != nil {
						dbs[(s0+s)*g.cout+co] = vec.Sum(dst)
					}
				}
			}
		})
		if dw != nil {
			g.groupColumns(x, ws.col, ws.ld, s0, gs)
			beta := float32(1)
			if s0 == 0 {
				beta = 0
			}
			gemm.Sgemm(false, true, g.cout, g.k, cols, 1, ws.oy, cols, ws.col, ws.ld, beta, dw, g.k)
		}
		if dx != nil {
			gemm.Sgemm(true, false, g.k, cols, g.cout, 1, w, g.k, ws.oy, cols, 0, dcol, ws.ld)
			tensor.Parallel(gs, gs*g.k*g.hw, func(lo, hi int) {
				for s := lo; s < hi; s++ {
					g.col2imLd(dcol[s*g.hw:], ws.ld, dx[(s0+s)*g.inSize:(s0+s+1)*g.inSize])
				}
			})
		}
	}
}
