package gemm

import "fmt"

// PackedB is an op(B) packed once for many products that share it, such as
// k-means centres scored against chunk after chunk of points, or a layer's
// weights against batch after batch. It belongs to the implementation that
// made it and stays valid until B changes (it is a copy).
type PackedB struct {
	owner  *kernel
	k, n   int
	blocks [][]float32 // per (jc, pc) block, jc-major, as the driver visits them
}

// Packer is the optional capability of implementations that can reuse a
// packed B, found by type assertion:
//
//	if pk, ok := gemm.Current().(gemm.Packer); ok { pb := pk.PackB(...) }
type Packer interface {
	PackB(transB bool, k, n int, b []float32, ldb int) *PackedB
	// SgemmPackedB is Sgemm with op(B) (k×n) taken from pb.
	SgemmPackedB(transA bool, m int, alpha float32, a []float32, lda int, pb *PackedB,
		beta float32, c []float32, ldc int)
}

// PackB packs op(B), k×n, for SgemmPackedB.
func (p packed) PackB(transB bool, k, n int, b []float32, ldb int) *PackedB {
	checkMat("b", transB, k, n, ldb, len(b))
	kn := p.k
	pb := &PackedB{owner: kn, k: k, n: n}
	for jc := 0; jc < n; jc += kn.nc {
		nc := min(kn.nc, n-jc)
		w := roundUp(nc, kn.nr)
		for pc := 0; pc < k; pc += kn.kc {
			kc := min(kn.kc, k-pc)
			blk := make([]float32, kc*w)
			packB(kn.transpose, blk, transB, b, ldb, pc, kc, jc, nc, kn.nr, 0)
			pb.blocks = append(pb.blocks, blk)
		}
	}
	return pb
}

// SgemmPackedB computes C = alpha*op(A)*B + beta*C with B from PackB.
func (p packed) SgemmPackedB(transA bool, m int, alpha float32, a []float32, lda int, pb *PackedB,
	beta float32, c []float32, ldc int) {
	if pb.owner != p.k {
		panic(fmt.Sprintf("gemm: PackedB made by %q used with %q", pb.owner.name, p.k.name))
	}
	n, k := pb.n, pb.k
	checkMat("a", transA, m, k, lda, len(a))
	checkMat("c", false, m, n, ldc, len(c))
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(beta, m, n, c, ldc)
		return
	}
	kn := p.k
	p.run(transA, m, n, k, alpha, a, lda, bsource{kind: bPackedB, pb: pb}, beta, c, ldc, p.nthreads(m*n*k), kn.nc)
}
