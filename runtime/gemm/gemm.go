package gemm

import "sync/atomic"

// Impl computes C = alpha*op(A)*op(B) + beta*C for row-major float32 matrices,
// where op(X) is X or its transpose. A is m×k after op, B is k×n after op,
// C is m×n; lda, ldb and ldc are row strides. Implementations may use several
// goroutines but must give the same bits for the same inputs and thread count.
type Impl interface {
	Name() string
	Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
		b []float32, ldb int, beta float32, c []float32, ldc int)
}

var current atomic.Value // holds implHolder

type implHolder struct{ Impl }

// The fastest implementation this build and CPU offer is in use from the
// start; YAK_GEMM=name overrides it.
func init() { current.Store(implHolder{fromEnv()}) }

// Use makes impl the implementation behind Sgemm and returns the previous one.
func Use(impl Impl) Impl {
	if impl == nil {
		panic("gemm: Use(nil)")
	}
	prev := current.Swap(implHolder{impl})
	return prev.(implHolder).Impl
}

// Current returns the implementation in use.
func Current() Impl { return current.Load().(implHolder).Impl }

// Sgemm runs the current implementation; see Impl.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, lda, len(a), ldb, len(b), ldc, len(c))
	Current().Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Reference is the plain triple loop: slow, obviously correct, the yardstick
// that the conformance tests compare every other implementation to.
type Reference struct{}

func (Reference) Name() string { return "reference" }

func (Reference) Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float32
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}
