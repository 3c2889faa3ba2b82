package gemm

import (
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
)

// BF16 is a bfloat16 number: the high 16 bits of a float32 (8 exponent
// bits, 7 mantissa bits), the storage type of BF16Matrix.
type BF16 uint16

// ToBF16 rounds x to the nearest bfloat16, ties to even; NaN stays NaN and
// ±Inf and values beyond the largest bfloat16 become ±Inf.
func ToBF16(x float32) BF16 {
	b := math.Float32bits(x)
	if b&0x7fffffff > 0x7f800000 { // NaN: keep it one (set a mantissa bit)
		return BF16(b>>16 | 0x40)
	}
	return BF16((b + 0x7fff + (b>>16)&1) >> 16)
}

// Float32 returns b exactly as a float32.
func (b BF16) Float32() float32 { return math.Float32frombits(uint32(b) << 16) }

// roundBF16 is x rounded to bfloat16 and back.
func roundBF16(x float32) float32 { return ToBF16(x).Float32() }

// A BF16Matrix is an n×k weight matrix W stored in bfloat16 and packed once
// for this CPU's bfloat16 kernels, for products C = A·Wᵀ with float32 A and
// C, the shape of a Linear layer's forward pass (W is out×in). It is
// immutable and safe for concurrent use.
type BF16Matrix struct {
	n, k int
	path string
	// kp is k rounded up to bf16Align; pairs = kp/2.
	kp int
	// For "avx512bf16" and "amx": 32-column panels of W, each kp/2 rows of
	// uint32 (a pair of bfloat16: W[j][2q] low, W[j][2q+1] high) as float32
	// bits, one row per pair q, 32 columns apart; zero past n and k.
	panels []float32
	// For "float32": W rounded to bfloat16, as float32, n×k.
	w32 []float32
}

// bf16Align: k is padded with zeros to a multiple of 32 values, the depth of
// one AMX tile; the AVX-512 kernels step by pairs.
const bf16Align = 32

// bf16Order lists the bfloat16 implementations fastest first; the build
// files add to bf16Have those this CPU offers ("float32" is always there).
var (
	bf16Order = []string{"amx", "avx512bf16", "float32"}
	bf16Have  = map[string]bool{"float32": true}
)

// bf16Path is the one in use, chosen on first use (after every init ran):
// the first available, or YAK_BF16.
var bf16Path = sync.OnceValue(func() string {
	have := BF16Paths()
	if name := os.Getenv("YAK_BF16"); name != "" {
		if bf16Have[name] {
			return name
		}
		fmt.Fprintf(os.Stderr, "gemm: YAK_BF16=%q is not available (have %s); using %s\n",
			name, strings.Join(have, ", "), have[0])
	}
	return have[0]
})

// BF16Path names the bfloat16 matmul in use: "amx" (Advanced Matrix
// Extensions tiles), "avx512bf16" (VDPBF16PS) or "float32" (the float32
// GEMM on bfloat16-rounded operands). YAK_BF16=name selects another that
// this CPU offers; BF16Paths lists them.
func BF16Path() string { return bf16Path() }

// BF16Paths lists the bfloat16 implementations this build and CPU offer.
func BF16Paths() []string {
	var have []string
	for _, p := range bf16Order {
		if bf16Have[p] {
			have = append(have, p)
		}
	}
	return have
}

// NewBF16Matrix rounds w (n rows of k values, ldw apart) to bfloat16 and
// packs it for the path in use.
func NewBF16Matrix(n, k int, w []float32, ldw int) (*BF16Matrix, error) {
	return newBF16Matrix(n, k, w, ldw, bf16Path())
}

func newBF16Matrix(n, k int, w []float32, ldw int, path string) (*BF16Matrix, error) {
	if n <= 0 || k <= 0 {
		return nil, fmt.Errorf("gemm: NewBF16Matrix: need n, k > 0, got n=%d k=%d", n, k)
	}
	if ldw < k {
		return nil, fmt.Errorf("gemm: NewBF16Matrix: ldw=%d is less than k=%d", ldw, k)
	}
	if need := (n-1)*ldw + k; len(w) < need {
		return nil, fmt.Errorf("gemm: NewBF16Matrix: w has %d values, %d×%d with stride %d needs %d", len(w), n, k, ldw, need)
	}
	m := &BF16Matrix{n: n, k: k, path: path, kp: roundUp(k, bf16Align)}
	if path == "float32" {
		m.w32 = make([]float32, n*k)
		for i := 0; i < n; i++ {
			for p, v := range w[i*ldw : i*ldw+k] {
				m.w32[i*k+p] = roundBF16(v)
			}
		}
		return m, nil
	}
	// Rows of W as pairs (n × kp/2), then transposed into panels.
	pairs := m.kp / 2
	rows := make([]float32, n*pairs)
	for i := 0; i < n; i++ {
		toPairs(rows[i*pairs:(i+1)*pairs], w[i*ldw:i*ldw+k])
	}
	m.panels = make([]float32, roundUp(n, 32)*pairs)
	packB(bf16Transposer(), m.panels, true, rows, pairs, 0, pairs, 0, n, 32, 0)
	return m, nil
}

// toPairs rounds src to bfloat16 and stores pairs (src[2q] in the low half,
// src[2q+1] in the high half) as float32 bits in dst, zero past src.
func toPairs(dst, src []float32) {
	for q := range dst {
		var lo, hi BF16
		if 2*q < len(src) {
			lo = ToBF16(src[2*q])
		}
		if 2*q+1 < len(src) {
			hi = ToBF16(src[2*q+1])
		}
		dst[q] = math.Float32frombits(uint32(hi)<<16 | uint32(lo))
	}
}

// Dims returns n and k: W is n×k.
func (w *BF16Matrix) Dims() (n, k int) { return w.n, w.k }

// Path names the kernels w was packed for (see BF16Path).
func (w *BF16Matrix) Path() string { return w.path }

// MulT sets C = A·Wᵀ: A is m×k (rows lda apart), C is m×n (rows ldc apart).
// A is rounded to bfloat16 and the products are summed in float32, so for
// every element |C - A·Wᵀ| ≤ (2u + u² + k·2⁻²⁴·(1+2u)²)·Σp |A[i,p]|·|W[j,p]|
// with u = 2⁻⁸ (the bfloat16 rounding of A and of W, then float32 sums):
// about 0.8% of Σ|a||w| plus float32's usual error; see TestBF16Accuracy.
// Uses up to GOMAXPROCS goroutines; the same inputs and thread count give
// the same bits. Nothing is allocated per call in steady state.
func (w *BF16Matrix) MulT(m int, a []float32, lda int, c []float32, ldc int) error {
	if w == nil || w.n == 0 {
		return fmt.Errorf("gemm: MulT on a BF16Matrix not made by NewBF16Matrix")
	}
	if m < 0 {
		return fmt.Errorf("gemm: MulT: negative m=%d", m)
	}
	if m == 0 {
		return nil
	}
	if lda < w.k {
		return fmt.Errorf("gemm: MulT: lda=%d is less than k=%d (W is %d×%d)", lda, w.k, w.n, w.k)
	}
	if need := (m-1)*lda + w.k; len(a) < need {
		return fmt.Errorf("gemm: MulT: a has %d values, %d×%d with stride %d needs %d", len(a), m, w.k, lda, need)
	}
	if ldc < w.n {
		return fmt.Errorf("gemm: MulT: ldc=%d is less than n=%d", ldc, w.n)
	}
	if need := (m-1)*ldc + w.n; len(c) < need {
		return fmt.Errorf("gemm: MulT: c has %d values, %d×%d with stride %d needs %d", len(c), m, w.n, ldc, need)
	}
	switch w.path {
	case "float32":
		ab := getBuf(m * w.k)
		defer putBuf(ab)
		for i := 0; i < m; i++ {
			for p, v := range a[i*lda : i*lda+w.k] {
				ab.s[i*w.k+p] = roundBF16(v)
			}
		}
		Sgemm(false, true, m, w.n, w.k, 1, ab.s, w.k, w.w32, w.k, 0, c, ldc)
	default:
		w.mulPacked(m, a, lda, c, ldc)
	}
	return nil
}
