package ops

import (
	"math"
	"sync"

	"github.com/yaknb/yak/runtime/tensor"
)

// Integer matrix-vector products for generation.
//
// A token step multiplies every weight matrix by one activation row, so
// its cost is reading the weights and dotting them, not the GEMM's packing.
// As llama.cpp does, the activation row is rounded once per product to 8-bit
// blocks of 32 (a float32 scale each), and each block of weights is dotted
// with it in integers: VPDPBUSD multiplies 64 unsigned weight bytes by 64
// signed activation bytes and sums groups of four into 16 int32 lanes.
//
// The weights are repacked on first use (packedQ) into groups of 4 rows so
// that one 64-byte load covers one block of all 4 rows: dword k of a group's
// block holds bytes 4(k/4)..4(k/4)+3 of row k%4, so lanes r, r+4, r+8 and
// r+12 of the accumulator belong to row r and the end of a row group is
// three vector adds. The activation block is stored expanded to match (each
// 4 bytes repeated for the 4 rows), so the kernels read it as a plain memory
// operand. Scales are float32 planes, 4 per group and block. Q4 nibbles stay
// nibbles (the low ones are elements 0-15 of a block, the high ones 16-31,
// as in GGML); Q8_0 weights are stored plus 128 (unsigned), and Q4_0's -8
// and Q8_0's -128 offsets come back exactly as an integer start value of
// -8·Σq or -128·Σq per block and row.

// groupRows is how many weight rows one kernel call dots at once.
const groupRows = 4

// actBlockBytes is one expanded activation block: 64 bytes for elements
// 0-15 (each 4 bytes repeated 4 times), 64 for elements 16-31.
const actBlockBytes = 128

// q8Act is a chunk of up to 4 activation rows rounded to 8-bit blocks,
// stored block by block: block b of row j is q[(b·rows+j)·actBlockBytes:],
// its scale d[b·rows+j], and so on, so a kernel walks all rows of a chunk
// with one pointer per array.
type q8Act struct {
	nb, rows int
	q        []int8    // expanded blocks
	d        []float32 // scale per block
	s        []float32 // d·Σq per block (Q4_1's minimum term)
	c8       []int32   // -8·Σq (Q4_0's offset)
	c128     []int32   // -128·Σq (Q8_0's offset)
}

func (a *q8Act) resize(nb, rows int) {
	a.nb, a.rows = nb, rows
	n := nb * rows
	if cap(a.d) < n {
		a.q = make([]int8, n*actBlockBytes)
		a.d, a.s = make([]float32, n), make([]float32, n)
		a.c8, a.c128 = make([]int32, n), make([]int32, n)
	}
	a.q, a.d, a.s = a.q[:n*actBlockBytes], a.d[:n], a.s[:n]
	a.c8, a.c128 = a.c8[:n], a.c128[:n]
}

// roundBlock rounds one block of 32 to 8 bits: d = max|x|/127 and
// q = round(x/d), the rounding llama.cpp's Q8_0 and Q8_1 use.
func roundBlock(xs []float32, q *[32]int8) (d float32, sum int32) {
	xs = xs[:32]
	// max|x| on the bits: for non-NaN floats the order of |x|'s bits is
	// the order of the values, and an integer max has no branch.
	var abits uint32
	for _, v := range xs {
		abits = max(abits, math.Float32bits(v)&0x7fffffff)
	}
	d = math.Float32frombits(abits) / 127
	var id float32
	if d != 0 {
		id = 1 / d
	}
	for j, v := range xs {
		// Half away from zero, as math.Round: add ±0.5 (the sign copied
		// without a branch: signs are random, mispredictions cost more than
		// the rest) and truncate. The addition in float64 is exact, so no
		// value just below a half rounds up.
		f := float64(v * id)
		h := math.Float64frombits(0x3fe0000000000000 | math.Float64bits(f)&(1<<63))
		q[j] = int8(f + h)
		sum += int32(q[j])
	}
	return d, sum
}

// roundRowSIMD, when set (q8round_amd64.go), rounds row j of a chunk: the
// expanded bytes and scales of its blocks, and Σq of each block in c8.
var roundRowSIMD func(a *q8Act, x []float32, j int)

// quantize rounds rows rows of x (each cols long, a multiple of 32) to
// blocks.
func (a *q8Act) quantize(x []float32, rows, cols int) {
	a.resize(cols/32, rows)
	if roundRowSIMD != nil && a.nb > 0 {
		for j := 0; j < rows; j++ {
			roundRowSIMD(a, x[j*cols:j*cols+cols], j)
			for b := 0; b < a.nb; b++ {
				i := b*rows + j
				sum := a.c8[i]
				a.s[i] = a.d[i] * float32(sum)
				a.c8[i], a.c128[i] = -8*sum, -128*sum
			}
		}
		return
	}
	var blk [32]int8
	for j := 0; j < rows; j++ {
		for b := 0; b < a.nb; b++ {
			d, sum := roundBlock(x[j*cols+b*32:], &blk)
			i := b*rows + j
			a.d[i], a.s[i] = d, d*float32(sum)
			a.c8[i], a.c128[i] = -8*sum, -128*sum
			o := a.q[i*actBlockBytes : (i+1)*actBlockBytes]
			for k := 0; k < 16; k++ {
				src := (k / 4) * 4
				copy(o[k*4:k*4+4], blk[src:src+4])
				copy(o[64+k*4:64+k*4+4], blk[16+src:16+src+4])
			}
		}
	}
}

// packedQ is a Q4_0, Q4_1 or Q8_0 matrix repacked for the integer kernels.
type packedQ struct {
	typ    QType
	groups int       // row groups (Rows rounded up to groupRows)
	nb     int       // blocks per row
	w      []byte    // per group and block: 64 bytes of nibbles, or 128 of Q8_0
	d, m   []float32 // per group and block: 4 scales; 4 minimums (Q4_1)
}

func (p *packedQ) wBlock() int {
	if p.typ == Q8_0 {
		return 128
	}
	return 64
}

// pack repacks m's blocks; rows past Rows (up to a whole group) are zero.
func pack(m *QMatrix) *packedQ {
	nb := m.Cols / 32
	p := &packedQ{typ: m.Type, groups: (m.Rows + groupRows - 1) / groupRows, nb: nb}
	wb := p.wBlock()
	p.w = make([]byte, p.groups*nb*wb)
	p.d = make([]float32, p.groups*nb*groupRows)
	if m.Type == Q4_1 {
		p.m = make([]float32, len(p.d))
	}
	_, bs, _ := m.Type.BlockSize()
	rb := m.rowBytes()
	for r := 0; r < m.Rows; r++ {
		g, k := r/groupRows, r%groupRows
		row := m.Data[r*rb : (r+1)*rb]
		for b := 0; b < nb; b++ {
			blk := row[b*bs : (b+1)*bs]
			o := p.w[(g*nb+b)*wb : (g*nb+b+1)*wb]
			sc := (g*nb+b)*groupRows + k
			p.d[sc] = f16table[uint16(blk[0])|uint16(blk[1])<<8]
			switch m.Type {
			case Q8_0:
				for j := 0; j < 16; j += 4 {
					for t := 0; t < 4; t++ {
						o[(j+k)*4+t] = blk[2+j+t] ^ 0x80
						o[64+(j+k)*4+t] = blk[2+16+j+t] ^ 0x80
					}
				}
			case Q4_0, Q4_1:
				off := 2
				if m.Type == Q4_1 {
					off = 4
					p.m[sc] = f16table[uint16(blk[2])|uint16(blk[3])<<8]
				}
				for j := 0; j < 16; j += 4 {
					copy(o[(j+k)*4:(j+k)*4+4], blk[off+j:off+j+4])
				}
			}
		}
	}
	return p
}

// groupsGo is the portable kernel and the reference the assembly is tested
// against: out[4(g-g0):4(g-g0)+4] = the 4 rows of group g dotted with
// activation row j, for groups g0..g0+ng-1.
func (p *packedQ) groupsGo(g0, ng int, a *q8Act, j int, out []float32) {
	for g := g0; g < g0+ng; g++ {
		p.groupGo(g, a, j, out[(g-g0)*groupRows:])
	}
}

func (p *packedQ) groupGo(g int, a *q8Act, j int, out []float32) {
	var acc [groupRows]float32
	wb := p.wBlock()
	for b := 0; b < p.nb; b++ {
		w := p.w[(g*p.nb+b)*wb : (g*p.nb+b+1)*wb]
		i := b*a.rows + j
		q := a.q[i*actBlockBytes : (i+1)*actBlockBytes]
		var isum [groupRows]int32
		for r := range isum {
			switch p.typ {
			case Q4_0:
				isum[r] = a.c8[i]
			case Q8_0:
				isum[r] = a.c128[i]
			}
		}
		if p.typ == Q8_0 {
			for k := 0; k < 16; k++ {
				wl, wh := w[k*4:k*4+4:k*4+4], w[64+k*4:64+k*4+4:64+k*4+4]
				ql, qh := q[k*4:k*4+4:k*4+4], q[64+k*4:64+k*4+4:64+k*4+4]
				isum[k%groupRows] += int32(wl[0])*int32(ql[0]) + int32(wl[1])*int32(ql[1]) +
					int32(wl[2])*int32(ql[2]) + int32(wl[3])*int32(ql[3]) +
					int32(wh[0])*int32(qh[0]) + int32(wh[1])*int32(qh[1]) +
					int32(wh[2])*int32(qh[2]) + int32(wh[3])*int32(qh[3])
			}
		} else {
			for k := 0; k < 16; k++ {
				wn := w[k*4 : k*4+4 : k*4+4]
				ql, qh := q[k*4:k*4+4:k*4+4], q[64+k*4:64+k*4+4:64+k*4+4]
				isum[k%groupRows] += int32(wn[0]&15)*int32(ql[0]) + int32(wn[1]&15)*int32(ql[1]) +
					int32(wn[2]&15)*int32(ql[2]) + int32(wn[3]&15)*int32(ql[3]) +
					int32(wn[0]>>4)*int32(qh[0]) + int32(wn[1]>>4)*int32(qh[1]) +
					int32(wn[2]>>4)*int32(qh[2]) + int32(wn[3]>>4)*int32(qh[3])
			}
		}
		sc := (g*p.nb + b) * groupRows
		for r := range acc {
			acc[r] += float32(isum[r]) * (p.d[sc+r] * a.d[i])
			if p.typ == Q4_1 {
				acc[r] += p.m[sc+r] * a.s[i]
			}
		}
	}
	copy(out[:groupRows], acc[:])
}

// intKernel is one implementation of the group dot product.
type intKernel struct {
	name string
	why  string // what it needs, for a test that skips it
	ok   bool
	// fn writes the 4 weight rows of groups g0..g0+ng-1 dotted with
	// activation row j of a to out[4(g-g0):]; fn4, if not nil, does all 4
	// rows of a chunk of 4 (row j's at out[j·ostride+4(g-g0):]) with the
	// same bits as 4 calls of fn.
	fn  func(p *packedQ, g0, ng int, a *q8Act, j int, out []float32)
	fn4 func(p *packedQ, g0, ng int, a *q8Act, out []float32, ostride int)
}

// intKernels lists the kernels, fastest first; the portable one is last and
// always available. Assembly files prepend theirs in init.
var intKernels = []intKernel{{name: "go", ok: true, fn: (*packedQ).groupsGo}}

var chosenKernel struct {
	once sync.Once
	k    intKernel
}

func intKernelInUse() intKernel {
	chosenKernel.once.Do(func() {
		for _, k := range intKernels {
			if k.ok {
				chosenKernel.k = k
				return
			}
		}
	})
	return chosenKernel.k
}

// IntDotPath names the integer dot product kernel generation uses on this
// CPU: "avx512vnni", "avx2" or "go".
func IntDotPath() string { return intKernelInUse().name }

// actChunks holds the quantized rows of one MatMul call, in chunks of 4.
type actChunks struct{ c []q8Act }

var actPool = sync.Pool{New: func() any { return new(actChunks) }}

// matMulInt computes out[i, r] for the rows of x by the integer kernel k,
// splitting the weight row groups over the cores. Each (weight row,
// activation row) pair gets the same bits whatever the number of rows.
func (m *QMatrix) matMulInt(out, x []float32, rows int, k intKernel) {
	m.packOnce.Do(func() { m.packed = pack(m) })
	p := m.packed
	ac := actPool.Get().(*actChunks)
	nc := (rows + groupRows - 1) / groupRows
	if len(ac.c) < nc {
		ac.c = make([]q8Act, nc)
	}
	for c := 0; c < nc; c++ {
		n := min(groupRows, rows-c*groupRows)
		ac.c[c].quantize(x[c*groupRows*m.Cols:], n, m.Cols)
	}
	full := m.Rows / groupRows // groups with no padding rows
	tensor.Parallel(p.groups, m.Rows*m.Cols*rows/4, func(lo, hi int) {
		for c := 0; c < nc; c++ {
			a := &ac.c[c]
			i0 := c * groupRows
			// Whole groups straight into out.
			if hf := min(hi, full); hf > lo {
				if a.rows == groupRows && k.fn4 != nil {
					k.fn4(p, lo, hf-lo, a, out[i0*m.Rows+lo*groupRows:], m.Rows)
				} else {
					for j := 0; j < a.rows; j++ {
						k.fn(p, lo, hf-lo, a, j, out[(i0+j)*m.Rows+lo*groupRows:])
					}
				}
			}
			// The last group sticks out past Rows: through a local array.
			if hi > full {
				var o [groupRows * groupRows]float32
				if a.rows == groupRows && k.fn4 != nil {
					k.fn4(p, full, 1, a, o[:], groupRows)
				} else {
					for j := 0; j < a.rows; j++ {
						k.fn(p, full, 1, a, j, o[j*groupRows:])
					}
				}
				for j := 0; j < a.rows; j++ {
					copy(out[(i0+j)*m.Rows+full*groupRows:(i0+j+1)*m.Rows], o[j*groupRows:])
				}
			}
		}
	})
	actPool.Put(ac)
}
