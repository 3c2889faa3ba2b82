package nn

import (
	"sync"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
)

// winoRows is how many rows of U one Winograd product takes at most: up
// to 64 rows (a convolution's output channels), gemm reads V in place
// instead of packing it (as groupedBackward's weight gradient does).
const winoRows = 64

// packedU is a Winograd layer's transformed kernel, U[ξ] for each
// position ξ (or its transpose, the input gradient's), packed once per
// layer call in gemm's row panels, in the blocks of winoRows rows that
// winoProduct multiplies: packed by every group's products instead, U's
// 16×16 transposes cost the MNIST CNN's step about 14 CPU ms (2%). The
// same kernel on the same packed values: the same bits as Sgemm.
type packedU struct {
	pk         gemm.APacker
	buf        []float32 // tensor.Scratch
	pas        []gemm.PackedA
	rows, k    int
	blocksPerX int
}

var packedUPool = sync.Pool{New: func() any { return new(packedU) }}

// packU packs U (np positions of a rows×k op(U) each, stored k×rows when
// trans, else rows×k) for products of about cols columns with mm, or
// returns nil when mm takes no packed A (a test's gemm): winoProduct then
// packs as it goes.
func packU(mm gemm.Impl, np, rows, k, cols int, u []float32, trans bool) *packedU {
	pk, ok := mm.(gemm.APacker)
	if !ok {
		return nil
	}
	p := packedUPool.Get().(*packedU)
	p.pk, p.rows, p.k = pk, rows, k
	p.blocksPerX = (rows + winoRows - 1) / winoRows
	p.pas = p.pas[:0]
	total := 0
	for o := 0; o < rows; o += winoRows {
		total += pk.PackedALen(min(winoRows, rows-o), cols, k)
	}
	p.buf = tensor.Scratch(np * total)
	off := 0
	for xi := 0; xi < np; xi++ {
		uxi := u[xi*rows*k:][:rows*k]
		for o := 0; o < rows; o += winoRows {
			mo := min(winoRows, rows-o)
			n := pk.PackedALen(mo, cols, k)
			if trans { // op(U)[i][p] = U[p][i]: rows o.. are columns o.. of U stored
				p.pas = append(p.pas, pk.PackA(p.buf[off:off+n], true, mo, cols, k, 1, uxi[o:], rows))
			} else {
				p.pas = append(p.pas, pk.PackA(p.buf[off:off+n], false, mo, cols, k, 1, uxi[o*k:], k))
			}
			off += n
		}
	}
	return p
}

func (p *packedU) release() {
	if p == nil {
		return
	}
	tensor.Release(p.buf)
	p.buf, p.pk = nil, nil
	clear(p.pas) // drop the references to the buffer
	packedUPool.Put(p)
}

// product computes M (rows × cols, rows ld apart) = op(U[xi]) · V (k ×
// cols, rows ld apart).
func (p *packedU) product(xi, cols int, v []float32, ld int, m []float32) {
	for b, o := 0, 0; o < p.rows; b, o = b+1, o+winoRows {
		p.pk.SgemmPackedA(p.pas[xi*p.blocksPerX+b], false, cols, v, ld, 0, m[o*ld:], ld)
	}
}
