package gemm

import "fmt"

// PackedA is alpha·op(A) packed once in the micro-kernel's row panels, for
// many products that share it: a Winograd layer's transformed kernel U[ξ]
// against the transformed input of group after group of samples (packed
// per product, U cost the step about 2% in 16×16 transposes). It refers
// to the buffer given to PackA (nothing is allocated) and belongs to the
// implementation that made it; it stays valid while the buffer is
// untouched.
type PackedA struct {
	owner *kernel // the register tile it is packed for
	m, k  int
	rows  int // m rounded up to the tile's rows
	s     []float32
}

// Rows and Cols are op(A)'s dimensions, m×k.
func (pa PackedA) Rows() int { return pa.m }
func (pa PackedA) Cols() int { return pa.k }

// APacker is the optional capability of implementations that can take a
// packed A, found by type assertion as Packer. For the same inputs,
// SgemmPackedA gives the bits of Sgemm(transA, transB, ...) wherever
// Sgemm runs its packed path (m, n and k above 1, not a thin A·Bᵀ with k
// ≥ 128): the same micro-kernel sums the same packed values.
type APacker interface {
	// PackedALen returns how many floats PackA needs for an m×k op(A) in
	// products with about n columns (n chooses the register tile).
	PackedALen(m, n, k int) int
	// PackA packs alpha·op(A), m×k, into buf (at least PackedALen(m, n,
	// k) floats) for products with about n columns; any n may be used
	// with it afterwards.
	PackA(buf []float32, transA bool, m, n, k int, alpha float32, a []float32, lda int) PackedA
	// SgemmPackedA computes C = A·op(B) + beta·C with A (and alpha) from
	// pa, op(B) k×n.
	SgemmPackedA(pa PackedA, transB bool, n int, b []float32, ldb int, beta float32, c []float32, ldc int)
}

var _ APacker = packed{}

func (p packed) PackedALen(m, n, k int) int {
	return roundUp(max(m, 0), p.pickTile(m, n).mr) * max(k, 0)
}

// PackA lays out each k block of kc columns as the driver's packA does for
// one row block covering every row (row panel r of a k block that starts
// at pc at pc·rows + r·kc): macro finds the same panels there that it
// would have packed.
func (p packed) PackA(buf []float32, transA bool, m, n, k int, alpha float32, a []float32, lda int) PackedA {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	checkMat("a", transA, m, k, lda, len(a))
	kn := p.pickTile(m, n)
	rows := roundUp(m, kn.mr)
	if len(buf) < rows*k {
		panic(fmt.Sprintf("gemm: PackA buffer of %d floats, need %d (PackedALen)", len(buf), rows*k))
	}
	pa := PackedA{owner: kn, m: m, k: k, rows: rows, s: buf[:rows*k]}
	for pc := 0; pc < k && m > 0; pc += kn.kc {
		kc := min(kn.kc, k-pc)
		packA(kn.transpose, kn.scale, pa.s[pc*rows:], transA, a, lda, alpha, 0, m, pc, kc, kn.mr)
	}
	return pa
}

func (p packed) SgemmPackedA(pa PackedA, transB bool, n int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if pa.owner == nil {
		panic("gemm: SgemmPackedA of a PackedA that PackA did not make")
	}
	if !p.owns(pa.owner) {
		panic(fmt.Sprintf("gemm: PackedA made for %q used with %q", pa.owner.name, p.k.name))
	}
	m, k := pa.m, pa.k
	if n < 0 {
		panic(fmt.Sprintf("gemm: negative dimension n=%d", n))
	}
	checkMat("b", transB, k, n, ldb, len(b))
	checkMat("c", false, m, n, ldc, len(c))
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		scaleC(beta, m, n, c, ldc)
		return
	}
	p.k = pa.owner
	p.pre, p.preLen, p.preRows = &pa.s[0], len(pa.s), pa.rows
	threads := p.nthreads(m * n * k)
	if !transB && m <= 8*p.k.mr { // as gemm: B read in place
		p.run(false, m, n, k, 1, nil, 0, bsource{kind: bInPlace, b: b, ldb: ldb}, beta, c, ldc, threads, n)
		return
	}
	p.run(false, m, n, k, 1, nil, 0, bsource{b: b, ldb: ldb, trans: transB}, beta, c, ldc, threads, p.k.nc)
}

// owns reports whether kn is p's kernel or one of its alternative tiles.
func (p packed) owns(kn *kernel) bool {
	if kn == p.k {
		return true
	}
	for _, k := range p.k.alt {
		if k == kn {
			return true
		}
	}
	return false
}
