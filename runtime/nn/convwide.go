package nn

import (
	"sync/atomic"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Wide convolutions (64-128 channels and more, as in DomainBed's MNIST CNN)
// multiply a group of samples at once: the columns of several samples side
// by side make one (k × group·hw) matrix, so each gemm call has a few
// thousand columns instead of one sample's 196 (less packing and edge-tile
// waste per multiply-add), and the weight gradient is one product over the
// group, dY (cout × group·hw) times the transposed columns (written as one
// row of k taps per output position, so that gemm reads them in place
// rather than transposing them while it packs), accumulated into one
// buffer per chunk of groups. Per sample, the weight gradient
// of a 128→128 3×3 layer is a 590 KB partial sum: one per sample, cleared
// and then added, cost more than the products themselves.
//
// The groups are split across goroutines, each multiplying its own with a
// one-thread gemm (each element of gemm's result is summed in an order fixed
// by the kernel, not by the thread count); the group size and the chunks
// of the weight gradient's partial sums are fixed by the geometry, so the
// bits do not depend on the number of threads.

// wideCols is about how many columns (samples × output positions) one
// group has: enough for gemm's register tiles to run mostly full, few
// enough that the group's columns (k × wideCols) stay in L2-L3 between
// the im2col that writes them and the product that reads them.
const wideCols = 1024

// wideMinChannels is the channel count (in and out) from which a stride-1
// convolution takes its weight gradient through grouped gemm rather than
// the direct path's per-sample dot products.
const wideMinChannels = 64

// grouped reports whether the gradients (and, unless phased, the forward
// product) go through grouped columns + gemm: convolutions too wide for
// the vector kernels that the direct path does not take (stride 2 and
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

// wideChunkGroups is how many groups one weight-gradient partial sum
// covers. The groups are split across goroutines in these fixed chunks,
// each summing its groups into a partial of its own (cout×k), and the
// partials are added in chunk order afterwards: the bits do not depend on
// the thread count, and two threads share the work without meeting at
// every group.
const wideChunkGroups = 4

// groupScratch is the workspace of one goroutine's groups: their columns
// (k × ld), cout × cols for the output or the (masked) output gradient,
// the zero-padded sample, and with the input gradient its columns.
type groupScratch struct {
	col, oy, xp, dcol []float32
	ld                int
	pad               directGeom // the padded plane's size only
}

func (g *convGeom) borrowGroup(withDcol bool) groupScratch {
	cols := g.groupSize() * g.hw
	s := groupScratch{ld: columnStride(cols), pad: directGeom{ph: g.h + 2*g.pad, pw: g.w + 2*g.pad}}
	s.pad.plane = s.pad.ph * s.pad.pw
	// The columns (k × ld), or transposed (cols × columnStride(k)).
	s.col = tensor.Scratch(max(g.k*s.ld, cols*columnStride(g.k)))
	s.oy = tensor.Scratch(g.cout * cols)
	s.xp = tensor.Scratch(g.cin * s.pad.plane)
	if withDcol {
		s.dcol = tensor.Scratch(g.k * s.ld)
	}
	return s
}

func (s *groupScratch) release() {
	for _, b := range [...][]float32{s.col, s.oy, s.xp, s.dcol} {
		if b != nil {
			tensor.Release(b)
		}
	}
}

// groupColumns writes the columns of samples [s0, s0+gs) of x side by side
// into ws.col (row stride ws.ld). Each sample is first copied with its zero
// border (padSample), so that every output line of a column row is one
// copy (stride 1) or one strided gather, without the edge cases of
// im2col: at 14×14 those cost more than the copy.
func (g *convGeom) groupColumns(x []float32, ws *groupScratch, s0, gs int) {
	for s := 0; s < gs; s++ {
		g.padSample(&ws.pad, x[(s0+s)*g.inSize:(s0+s+1)*g.inSize], ws.xp)
		g.im2colPadded(ws.xp, ws.pad.pw, ws.pad.plane, ws.col[s*g.hw:], ws.ld)
	}
}

// groupRows writes the column matrix of samples [s0, s0+gs) of x
// transposed into ws.col: one row of k values (row stride ldr) per output
// position, the samples one after another.
func (g *convGeom) groupRows(x []float32, ws *groupScratch, ldr, s0, gs int) {
	for s := 0; s < gs; s++ {
		g.padSample(&ws.pad, x[(s0+s)*g.inSize:(s0+s+1)*g.inSize], ws.xp)
		g.im2rowPadded(ws.xp, ws.pad.pw, ws.pad.plane, ws.col[s*g.hw*ldr:], ldr)
	}
}

// im2rowPadded writes row p = (oy, ox) of the transposed column matrix:
// the k inputs under the kernel at output position p, in the weight's
// (c, i, j) order, from the zero-padded sample xp.
func (g *convGeom) im2rowPadded(xp []float32, pw, plane int, rows []float32, ldr int) {
	for oy := 0; oy < g.ho; oy++ {
		for ox := 0; ox < g.wo; ox++ {
			row := rows[(oy*g.wo+ox)*ldr:][:g.k]
			base := oy*g.stride*pw + ox*g.stride
			if g.kh == 3 && g.kw == 3 {
				for c := 0; c < g.cin; c++ {
					src := xp[c*plane+base:][: 2*pw+3 : 2*pw+3]
					dst := row[c*9:][:9:9]
					dst[0], dst[1], dst[2] = src[0], src[1], src[2]
					dst[3], dst[4], dst[5] = src[pw], src[pw+1], src[pw+2]
					dst[6], dst[7], dst[8] = src[2*pw], src[2*pw+1], src[2*pw+2]
				}
				continue
			}
			r := 0
			for c := 0; c < g.cin; c++ {
				for i := 0; i < g.kh; i++ {
					copy(row[r:r+g.kw], xp[c*plane+base+i*pw:])
					r += g.kw
				}
			}
		}
	}
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

// groupGemm returns the gemm for products that run on several goroutines
// at once: the implementation in use, confined to its caller's goroutine
// (the same kernel, so the same bits; two threads each multiplying their
// own groups beat both threads meeting inside every product, which at
// these sizes gemm splits with little gain). On one goroutine, the
// implementation in use as it is.
func groupGemm(split bool) gemm.Impl {
	cur := gemm.Current()
	if !split {
		return cur
	}
	name := cur.Name()
	if p := oneThreadGemm.Load(); p != nil && p.name == name {
		return p.impl
	}
	impl, err := gemm.New(name, 1)
	if err != nil { // not one of gemm's own (a test's): use it as it is
		return cur
	}
	oneThreadGemm.Store(&namedGemm{name: name, impl: impl})
	return impl
}

type namedGemm struct {
	name string
	impl gemm.Impl
}

var oneThreadGemm atomic.Pointer[namedGemm]

// groupedForward computes every sample's output o (n×cout×hw, contents
// undefined on entry) with bias and, if relu, the ReLU. The groups are
// split across goroutines, each with its own columns and one-thread gemm.
func (g *convGeom) groupedForward(x, w, bias, out []float32, relu bool) {
	gsz := g.groupSize()
	groups := (g.n + gsz - 1) / gsz
	work := g.n * g.outSize * g.k
	mm := groupGemm(tensor.NumParts(groups, work) > 1)
	tensor.Parallel(groups, work, func(lo, hi int) {
		ws := g.borrowGroup(false)
		defer ws.release()
		for gi := lo; gi < hi; gi++ {
			s0 := gi * gsz
			gs := min(gsz, g.n-s0)
			cols := gs * g.hw
			g.groupColumns(x, &ws, s0, gs)
			mm.Sgemm(false, false, g.cout, cols, g.k, 1, w, g.k, ws.col, ws.ld, 0, ws.oy, cols)
			for s := 0; s < gs; s++ {
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
		}
	})
}

// groupedBackward writes the weight gradient into dw (cout×k, assigned:
// the caller adds it to the parameter's) and, when dx is not nil (grouped
// convolutions only: the direct path takes its own input gradient), adds
// the input gradient into dx; dbs gets each sample's bias gradient when
// not nil. dy is masked by active > 0 first when a ReLU is fused. The
// groups go to goroutines in chunks of wideChunkGroups, each chunk summing
// its weight gradient into its own partial.
func (g *convGeom) groupedBackward(x, w, dy, active, dw, dx, dbs []float32) {
	gsz := g.groupSize()
	groups := (g.n + gsz - 1) / gsz
	chunks := (groups + wideChunkGroups - 1) / wideChunkGroups
	var parts []float32 // the partials of chunks 1 on; chunk 0 writes dw
	wLen := g.cout * g.k
	if dw != nil && chunks > 1 {
		parts = tensor.Scratch((chunks - 1) * wLen)
		defer tensor.Release(parts)
	}
	products := 0
	if dw != nil {
		products++
	}
	if dx != nil {
		products++
	}
	work := products * g.n * g.outSize * g.k
	mm := groupGemm(tensor.NumParts(chunks, work) > 1)
	tensor.Parallel(chunks, work, func(lo, hi int) {
		ws := g.borrowGroup(dx != nil)
		defer ws.release()
		for ch := lo; ch < hi; ch++ {
			var sum []float32
			if dw != nil {
				sum = dw
				if ch > 0 {
					sum = parts[(ch-1)*wLen : ch*wLen]
				}
			}
			for gi := ch * wideChunkGroups; gi < min(groups, (ch+1)*wideChunkGroups); gi++ {
				s0 := gi * gsz
				gs := min(gsz, g.n-s0)
				cols := gs * g.hw
				g.groupGrad(dy, active, dbs, ws.oy, s0, gs)
				if dw != nil {
					ldr := columnStride(g.k)
					g.groupRows(x, &ws, ldr, s0, gs)
					beta := float32(1)
					if gi == ch*wideChunkGroups {
						beta = 0
					}
					// dY times the transposed columns, whose rows are
					// read in place: gemm does not pack B for 64 rows of A
					// or fewer. Against dY times the columns transposed
					// by gemm's packing (one product of 128 rows), for
					// the MNIST CNN's layers at one thread: 64→128
					// stride 2 272 → 254 ms forward and backward, 128→128
					// 395 → 383 ms (320 images).
					for c0 := 0; c0 < g.cout; c0 += 64 {
						mc := min(64, g.cout-c0)
						mm.Sgemm(false, false, mc, g.k, cols, 1, ws.oy[c0*cols:], cols, ws.col, ldr, beta, sum[c0*g.k:], g.k)
					}
				}
				if dx != nil {
					mm.Sgemm(true, false, g.k, cols, g.cout, 1, w, g.k, ws.oy, cols, 0, ws.dcol, ws.ld)
					for s := 0; s < gs; s++ {
						g.col2imLd(ws.dcol[s*g.hw:], ws.ld, dx[(s0+s)*g.inSize:(s0+s+1)*g.inSize])
					}
				}
			}
		}
	})
	if parts != nil {
		// dw += partial 1, then 2, ...: the same order for every element,
		// the elements split across goroutines.
		const block = 4096
		tensor.Parallel((wLen+block-1)/block, (chunks-1)*wLen, func(lo, hi int) {
			a, b := lo*block, min(wLen, hi*block)
			for c := 0; c < chunks-1; c++ {
				vec.Add(parts[c*wLen+a:c*wLen+b], dw[a:b])
			}
		})
	}
}

// groupGrad writes dY of samples [s0, s0+gs) side by side into oy (cout ×
// gs·hw), through the fused ReLU when active is not nil, and each sample's
// bias gradient into dbs when not nil.
func (g *convGeom) groupGrad(dy, active, dbs, oy []float32, s0, gs int) {
	cols := gs * g.hw
	for s := 0; s < gs; s++ {
		d := dy[(s0+s)*g.outSize : (s0+s+1)*g.outSize]
		for co := 0; co < g.cout; co++ {
			dst := oy[co*cols+s*g.hw:][:g.hw]
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
}
