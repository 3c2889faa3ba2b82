package ops

import (
	"math"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Attn describes one attention call: Batch sequences, each with NQ query
// rows and NK key/value rows. Q rows are Heads×HeadDim wide, K and V rows
// KVHeads×HeadDim (KVHeads divides Heads: grouped-query attention), all
// row-major with the sequences one after another.
type Attn struct {
	Batch, NQ, NK  int
	Heads, KVHeads int
	HeadDim        int
	Scale          float32 // usually 1/sqrt(HeadDim)
	Lengths        []int   // valid keys per sequence (padding mask); nil: all NK
	Causal         bool    // query i sees keys j <= Offset+i
	Offset         int     // position of the first query among the keys

	// QStride and KVStride, when set, are the distances between the rows of
	// q and of k and v (a fused q|k|v product's rows hold all three); 0
	// means the rows are packed. out's rows are always packed.
	QStride, KVStride int
}

// Attention computes softmax(Q·Kᵀ·Scale + mask)·V into out, [Batch·NQ,
// Heads·HeadDim].
// Padded query rows (past a sequence's length) get the same treatment as
// valid ones but their outputs are meaningless; callers ignore them.
func Attention(out, q, k, v []float32, a Attn) {
	if a.KVHeads == 0 {
		a.KVHeads = a.Heads
	}
	group := a.Heads / a.KVHeads
	ow := a.Heads * a.HeadDim
	qw, kw := ow, a.KVHeads*a.HeadDim
	if a.QStride > 0 {
		qw = a.QStride
	}
	if a.KVStride > 0 {
		kw = a.KVStride
	}
	pairs := a.Batch * a.Heads
	tensor.Parallel(pairs, pairs*a.NQ*a.NK*a.HeadDim*2, func(lo, hi int) {
		scores := make([]float32, a.NQ*a.NK)
		for p := lo; p < hi; p++ {
			b, h := p/a.Heads, p%a.Heads
			kh := h / group
			nk := a.NK
			if a.Lengths != nil {
				nk = a.Lengths[b]
			}
			if nk <= 0 {
				continue
			}
			qo := b*a.NQ*qw + h*a.HeadDim
			ko := b*a.NK*kw + kh*a.HeadDim
			s := scores[:a.NQ*nk]
			gemm.Sgemm(false, true, a.NQ, nk, a.HeadDim, a.Scale, q[qo:], qw, k[ko:], kw, 0, s, nk)
			for i := 0; i < a.NQ; i++ {
				row := s[i*nk : (i+1)*nk]
				if !a.Causal {
					softmaxPrefix(row, nk)
					continue
				}
				softmaxPrefixVec(row, min(nk, a.Offset+i+1))
			}
			oo := b*a.NQ*ow + h*a.HeadDim
			gemm.Sgemm(false, false, a.NQ, a.HeadDim, nk, 1, s, nk, v[ko:], kw, 0, out[oo:], ow)
		}
	})
}

// softmaxSIMD, when set (rows_amd64.go, on CPUs with AVX-512), replaces a
// non-empty row by its softmax.
var softmaxSIMD func(row []float32)

// softmaxPrefix replaces row[:n] by its softmax and zeroes row[n:], by
// the AVX-512 kernel where there is one.
func softmaxPrefix(row []float32, n int) {
	if n > 0 && softmaxSIMD != nil {
		softmaxSIMD(row[:n])
		clear(row[n:])
		return
	}
	softmaxPrefixVec(row, n)
}

// softmaxPrefixVec is softmaxPrefix through runtime/tensor/vec's kernels
// (eight lanes and a scalar tail). Causal attention keeps it: its sums are
// in another order than the AVX-512 kernel's, one unit in the last place
// apart, and SmolLM2's agreement with llama.cpp (TestNextTokenMatchesLlamaCpp:
// the same top token on 19 of 20 prompts, several of them near ties) was
// measured with these bits; the other kernel's flips one more near tie.
func softmaxPrefixVec(row []float32, n int) {
	if n <= 0 {
		clear(row)
		return
	}
	m := float32(math.Inf(-1))
	for _, x := range row[:n] {
		m = max(m, x)
	}
	p := row[:n]
	vec.AddConst(p, -m)
	vec.Exp(p, p)
	inv := 1 / vec.Sum(p)
	vec.Scale(inv, p)
	clear(row[n:])
}
