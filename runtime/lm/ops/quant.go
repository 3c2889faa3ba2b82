package ops

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"unsafe"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// QType is a GGML tensor type.
type QType int

// The GGML types QMatrix handles (numbers as in the GGUF format).
const (
	F32  QType = 0
	F16  QType = 1
	Q4_0 QType = 2
	Q4_1 QType = 3
	Q8_0 QType = 8
)

func (t QType) String() string {
	switch t {
	case F32:
		return "F32"
	case F16:
		return "F16"
	case Q4_0:
		return "Q4_0"
	case Q4_1:
		return "Q4_1"
	case Q8_0:
		return "Q8_0"
	}
	return fmt.Sprintf("GGML type %d", int(t))
}

// BlockSize returns how many weights one block holds and its size in bytes.
func (t QType) BlockSize() (weights, bytes int, ok bool) {
	switch t {
	case F32:
		return 1, 4, true
	case F16:
		return 1, 2, true
	case Q4_0:
		return 32, 18, true // f16 scale, 16 bytes of nibbles
	case Q4_1:
		return 32, 20, true // f16 scale, f16 minimum, 16 bytes of nibbles
	case Q8_0:
		return 32, 34, true // f16 scale, 32 int8
	}
	return 0, 0, false
}

// QMatrix is a Rows×Cols weight matrix stored row by row in GGML blocks
// (the layout of a GGUF tensor with ne = [Cols, Rows]).
type QMatrix struct {
	Type       QType
	Rows, Cols int
	Data       []byte

	packOnce sync.Once
	packed   *packedQ // Data repacked for the integer kernels, on first use
}

// NewQMatrix checks that data holds rows×cols weights of type t.
func NewQMatrix(t QType, rows, cols int, data []byte) (*QMatrix, error) {
	w, b, ok := t.BlockSize()
	if !ok {
		return nil, fmt.Errorf("ops: %v weights are not supported (want F32, F16, Q4_0, Q4_1 or Q8_0)", t)
	}
	if cols%w != 0 {
		return nil, fmt.Errorf("ops: %v rows of %d weights are not whole blocks of %d", t, cols, w)
	}
	if need := rows * cols / w * b; len(data) != need {
		return nil, fmt.Errorf("ops: %v %dx%d needs %d bytes, got %d", t, rows, cols, need, len(data))
	}
	return &QMatrix{Type: t, Rows: rows, Cols: cols, Data: data}, nil
}

func (m *QMatrix) rowBytes() int {
	w, b, _ := m.Type.BlockSize()
	return m.Cols / w * b
}

// F16ToF32 converts an IEEE half-precision value.
func F16ToF32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h & 0x3ff)
	switch {
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal
		return math.Float32frombits(sign) + float32(frac)*(1.0/(1<<24))*signf(sign)
	case exp == 31:
		return math.Float32frombits(sign | 0x7f800000 | frac<<13)
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}

func signf(s uint32) float32 {
	if s != 0 {
		return -1
	}
	return 1
}

var f16table = func() *[1 << 16]float32 {
	var t [1 << 16]float32
	for i := range t {
		t[i] = F16ToF32(uint16(i))
	}
	return &t
}()

// DequantizeRow writes row r of m as float32 into dst (len Cols).
func (m *QMatrix) DequantizeRow(dst []float32, r int) {
	rb := m.rowBytes()
	src := m.Data[r*rb : (r+1)*rb]
	switch m.Type {
	case F32:
		for i := range dst[:m.Cols] {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:]))
		}
	case F16:
		for i := range dst[:m.Cols] {
			dst[i] = f16table[binary.LittleEndian.Uint16(src[2*i:])]
		}
	case Q8_0:
		for b := 0; b < m.Cols/32; b++ {
			blk := src[b*34 : b*34+34]
			d := f16table[binary.LittleEndian.Uint16(blk)]
			o := dst[b*32 : b*32+32]
			for j := range o {
				o[j] = d * float32(int8(blk[2+j]))
			}
		}
	case Q4_0:
		for b := 0; b < m.Cols/32; b++ {
			blk := src[b*18 : b*18+18]
			d := f16table[binary.LittleEndian.Uint16(blk)]
			o := dst[b*32 : b*32+32]
			for j := 0; j < 16; j++ {
				q := blk[2+j]
				o[j] = d * float32(int(q&15)-8)
				o[j+16] = d * float32(int(q>>4)-8)
			}
		}
	case Q4_1:
		for b := 0; b < m.Cols/32; b++ {
			blk := src[b*20 : b*20+20]
			d := f16table[binary.LittleEndian.Uint16(blk)]
			mn := f16table[binary.LittleEndian.Uint16(blk[2:])]
			o := dst[b*32 : b*32+32]
			for j := 0; j < 16; j++ {
				q := blk[4+j]
				o[j] = d*float32(q&15) + mn
				o[j+16] = d*float32(q>>4) + mn
			}
		}
	}
}

// dotRow returns row r of m dotted with x (len Cols); xsum holds the sums of
// x over each block of 32 (used by Q4_1's minimum).
func (m *QMatrix) dotRow(r int, x, xsum []float32) float32 {
	rb := m.rowBytes()
	src := m.Data[r*rb : (r+1)*rb]
	var s float32
	switch m.Type {
	case Q8_0:
		for b := 0; b < m.Cols/32; b++ {
			blk := src[b*34 : b*34+34]
			xs := x[b*32 : b*32+32]
			q := blk[2:34]
			var acc float32
			for j := 0; j < 32; j += 4 {
				acc += float32(int8(q[j]))*xs[j] + float32(int8(q[j+1]))*xs[j+1] +
					float32(int8(q[j+2]))*xs[j+2] + float32(int8(q[j+3]))*xs[j+3]
			}
			s += f16table[binary.LittleEndian.Uint16(blk)] * acc
		}
	case Q4_0, Q4_1:
		bs, off := 18, 2
		if m.Type == Q4_1 {
			bs, off = 20, 4
		}
		for b := 0; b < m.Cols/32; b++ {
			blk := src[b*bs : b*bs+bs]
			xs := x[b*32 : b*32+32]
			q := blk[off : off+16]
			var acc float32
			for j := 0; j < 16; j += 2 {
				q0, q1 := q[j], q[j+1]
				acc += float32(q0&15)*xs[j] + float32(q0>>4)*xs[j+16] +
					float32(q1&15)*xs[j+1] + float32(q1>>4)*xs[j+17]
			}
			d := f16table[binary.LittleEndian.Uint16(blk)]
			if m.Type == Q4_0 {
				s += d * (acc - 8*xsum[b])
			} else {
				s += d*acc + f16table[binary.LittleEndian.Uint16(blk[2:])]*xsum[b]
			}
		}
	default:
		buf := make([]float32, m.Cols)
		m.DequantizeRow(buf, r)
		s = vec.Dot(buf, x)
	}
	return s
}

// MatMul computes out[i, r] = Σ_c x[i, c]·W[r, c] for x [rows, Cols] and out
// [rows, Rows]: a linear layer whose weights are stored [out, in]. Against
// Q4_0, Q4_1 or Q8_0 weights it rounds each row of x to 8-bit blocks of 32,
// as llama.cpp does, and dots them with the weight blocks in integers
// (IntDotPath names the kernel); a row's result has the same bits whatever
// rows go with it, so scores do not depend on batching or on a KV cache.
// F32 and F16 weights go to MatMulF32.
func (m *QMatrix) MatMul(out, x []float32, rows int) {
	if m.Type != Q4_0 && m.Type != Q4_1 && m.Type != Q8_0 {
		m.MatMulF32(out, x, rows)
		return
	}
	m.checkMatMul(out, x, rows)
	m.matMulInt(out, x, rows, intKernelInUse())
}

func (m *QMatrix) checkMatMul(out, x []float32, rows int) {
	if len(x) < rows*m.Cols || len(out) < rows*m.Rows {
		panic(fmt.Sprintf("ops: MatMul of %dx%d weights with %d rows: x has %d values, out %d", m.Rows, m.Cols, rows, len(x), len(out)))
	}
}

// slabRows bounds the float32 copy of weights MatMul makes at a time.
const slabRows = 256

var slabPool sync.Pool

// MatMulF32 is MatMul with x kept in float32: blocks are dotted on the fly
// for one row (a decoding step), dequantized in slabs for the GEMM for more.
// It agrees with a float64 product of the dequantized weights to float32
// rounding. From two rows up a row's result has the same bits whatever rows
// go with it (the GEMM sums each output in one order); the one-row product
// sums in another, as the runtime's matrix-vector kernels do. Dotting two to
// four rows on the fly too was faster, but then a text scored alone and the
// same text batched with others differed in the last bits.
func (m *QMatrix) MatMulF32(out, x []float32, rows int) {
	m.checkMatMul(out, x, rows)
	if m.Type == F32 && uintptr(unsafe.Pointer(&m.Data[0]))%4 == 0 {
		w := unsafe.Slice((*float32)(unsafe.Pointer(&m.Data[0])), m.Rows*m.Cols)
		gemm.Sgemm(false, true, rows, m.Rows, m.Cols, 1, x, m.Cols, w, m.Cols, 0, out, m.Rows)
		return
	}
	if rows == 1 {
		nb := m.Cols / 32
		xsum := make([]float32, nb)
		for b := range xsum {
			xsum[b] = vec.Sum(x[b*32 : b*32+32])
		}
		tensor.Parallel(m.Rows, m.Rows*m.Cols, func(lo, hi int) {
			for r := lo; r < hi; r++ {
				out[r] = m.dotRow(r, x[:m.Cols], xsum)
			}
		})
		return
	}
	slabs := (m.Rows + slabRows - 1) / slabRows
	tensor.Parallel(slabs, m.Rows*m.Cols*rows, func(lo, hi int) {
		bufp, _ := slabPool.Get().(*[]float32)
		if bufp == nil || len(*bufp) < slabRows*m.Cols {
			b := make([]float32, slabRows*m.Cols)
			bufp = &b
		}
		buf := *bufp
		for s := lo; s < hi; s++ {
			r0, r1 := s*slabRows, min((s+1)*slabRows, m.Rows)
			for r := r0; r < r1; r++ {
				m.DequantizeRow(buf[(r-r0)*m.Cols:(r-r0+1)*m.Cols], r)
			}
			gemm.Sgemm(false, true, rows, r1-r0, m.Cols, 1, x, m.Cols, buf, m.Cols, 0, out[r0:], m.Rows)
		}
		slabPool.Put(bufp)
	})
}
