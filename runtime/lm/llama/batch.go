package llama

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/yaknb/yak/runtime/lm/ops"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// scratch holds the activations of one forward pass, [rows, width] each.
type scratch struct {
	x, h, q, kb, vb, att, g, u, y []float32
	pos                           []int
}

func (b *scratch) resize(m *Model, n int) {
	H, kvw := m.Hidden, m.KVHeads*m.HeadDim
	b.x, b.h, b.q, b.att = grow(b.x, n*H), grow(b.h, n*H), grow(b.q, n*H), grow(b.att, n*H)
	b.kb, b.vb = grow(b.kb, n*kvw), grow(b.vb, n*kvw)
	b.g, b.u = grow(b.g, n*m.FFN), grow(b.u, n*m.FFN)
	b.pos = grow(b.pos, n)
}

// batchScratch keeps FeedBatch's buffers between calls: a scoring loop
// makes many forward passes of similar size.
var batchScratch = sync.Pool{New: func() any { return new(scratch) }}

// Fork returns a new session holding the same tokens, keys and values as s
// (copied: the two then grow apart). Texts that share a prefix fork one
// session that holds it instead of computing it again.
func (s *Session) Fork() *Session {
	f := s.m.NewSession()
	f.tokens = append([]int(nil), s.tokens...)
	for l := range s.k {
		f.k[l] = append([]float32(nil), s.k[l]...)
		f.v[l] = append([]float32(nil), s.v[l]...)
	}
	return f
}

// Feed appends tokens and returns the logits after each of the last `last`
// of them ([last, Vocab]).
func (s *Session) Feed(ctx context.Context, tokens []int, last int) ([]float32, error) {
	if len(tokens) == 0 {
		return nil, fmt.Errorf("llama: nothing to feed")
	}
	out, err := s.m.forward(ctx, []*Session{s}, [][]int{tokens}, []int{last}, &s.buf)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// FeedBatch appends tokens[i] to sessions[i], for every i, in one forward
// pass, and returns the logits after each of the last last[i] tokens of
// each ([last[i], Vocab]; nil when last[i] is 0). The rows of all sessions
// are stacked for the matrix products, so the weights are read once for
// the whole batch instead of once per session; attention stays per
// session (each sees its own keys and values, causally). A row's result
// does not depend on the rows it is batched with: FeedBatch gives the bits
// that Feed on each session alone gives (TestFeedBatchMatchesFeed), as long
// as the session gets two tokens or more in both: attention over a single
// query row takes runtime/gemm's matrix-vector path, which sums in another
// order (lm's batched scoring never feeds one token for this reason).
// The sessions must be distinct and belong to this model.
func (m *Model) FeedBatch(ctx context.Context, sessions []*Session, tokens [][]int, last []int) ([][]float32, error) {
	if len(sessions) != len(tokens) || len(sessions) != len(last) {
		return nil, fmt.Errorf("llama: FeedBatch got %d sessions, %d token lists and %d last counts", len(sessions), len(tokens), len(last))
	}
	seen := make(map[*Session]bool, len(sessions))
	for i, s := range sessions {
		if s == nil || s.m != m {
			return nil, fmt.Errorf("llama: FeedBatch session %d is nil or belongs to another model", i)
		}
		if seen[s] {
			return nil, fmt.Errorf("llama: FeedBatch got session %d twice; Fork it to feed two continuations", i)
		}
		seen[s] = true
		if len(tokens[i]) == 0 {
			return nil, fmt.Errorf("llama: FeedBatch: nothing to feed to session %d", i)
		}
	}
	if len(sessions) == 0 {
		return nil, nil
	}
	b := batchScratch.Get().(*scratch)
	defer batchScratch.Put(b)
	return m.forward(ctx, sessions, tokens, last, b)
}

// forward is Feed for several sessions at once (see FeedBatch).
func (m *Model) forward(ctx context.Context, ss []*Session, toks [][]int, last []int, b *scratch) ([][]float32, error) {
	n := 0
	p0 := make([]int, len(ss)) // each session's length before the call
	for i, s := range ss {
		p0[i] = len(s.tokens)
		if p0[i]+len(toks[i]) > m.Context {
			return nil, fmt.Errorf("llama: %d tokens exceed the model's context of %d: shorten the text", p0[i]+len(toks[i]), m.Context)
		}
		for _, t := range toks[i] {
			if t < 0 || t >= m.Vocab {
				return nil, fmt.Errorf("llama: token id %d outside the vocabulary (0..%d)", t, m.Vocab-1)
			}
		}
		n += len(toks[i])
	}
	H, kvw := m.Hidden, m.KVHeads*m.HeadDim
	b.resize(m, n)
	x, h, q, kb, vb, att, g, u, pos := b.x, b.h, b.q, b.kb, b.vb, b.att, b.g, b.u, b.pos
	r := 0
	for i, ts := range toks {
		for j, t := range ts {
			m.embd.DequantizeRow(x[r*H:(r+1)*H], t)
			pos[r] = p0[i] + j
			r++
		}
	}
	attn := make([]ops.Attn, len(ss))
	for i := range ss {
		attn[i] = ops.Attn{Batch: 1, NQ: len(toks[i]), NK: p0[i] + len(toks[i]), Heads: m.Heads, KVHeads: m.KVHeads,
			HeadDim: m.HeadDim, Scale: float32(1 / math.Sqrt(float64(m.HeadDim))), Causal: true, Offset: p0[i]}
	}
	rewind := func() {
		for i, s := range ss {
			s.Rewind(p0[i])
		}
	}
	cos, sin := ops.RoPEAngles(pos, m.HeadDim, m.RopeTheta)
	eps := float32(m.NormEps)
	f32 := m.F32Activations
	for l := range m.blocks {
		bl := &m.blocks[l]
		if err := ctx.Err(); err != nil {
			rewind()
			return nil, err
		}
		copy(h, x)
		ops.RMSNorm(h, H, bl.attnNorm, eps)
		bl.q.mul(q, h, n, f32)
		bl.k.mul(kb, h, n, f32)
		bl.v.mul(vb, h, n, f32)
		ops.RoPERotate(q, cos, sin, m.Heads, m.HeadDim, true)
		ops.RoPERotate(kb, cos, sin, m.KVHeads, m.HeadDim, true)
		r := 0
		for i, s := range ss {
			nr := len(toks[i])
			s.k[l] = append(s.k[l][:p0[i]*kvw], kb[r*kvw:(r+nr)*kvw]...)
			s.v[l] = append(s.v[l][:p0[i]*kvw], vb[r*kvw:(r+nr)*kvw]...)
			ops.Attention(att[r*H:(r+nr)*H], q[r*H:(r+nr)*H], s.k[l], s.v[l], attn[i])
			r += nr
		}
		bl.o.mul(h, att, n, f32)
		vec.Add(h, x)
		copy(h, x)
		ops.RMSNorm(h, H, bl.ffnNorm, eps)
		bl.gate.mul(g, h, n, f32)
		bl.up.mul(u, h, n, f32)
		ops.SwiGLU(g, u)
		bl.down.mul(h, g, n, f32)
		vec.Add(h, x)
	}
	// The rows whose logits are wanted, gathered for one output product.
	nl := 0
	last = append([]int(nil), last...)
	for i := range ss {
		last[i] = max(0, min(last[i], len(toks[i])))
		nl += last[i]
	}
	b.y = grow(b.y, nl*H)
	r, k := 0, 0
	for i, s := range ss {
		s.tokens = append(s.tokens, toks[i]...)
		r += len(toks[i])
		k += copy(b.y[k:], x[(r-last[i])*H:r*H])
	}
	out := make([][]float32, len(ss))
	if nl == 0 {
		return out, nil
	}
	ops.RMSNorm(b.y, H, m.outNorm, eps)
	logits := make([]float32, nl*m.Vocab)
	m.out.mul(logits, b.y, nl, f32)
	k = 0
	for i := range ss {
		if last[i] > 0 {
			out[i] = logits[k*m.Vocab : (k+last[i])*m.Vocab : (k+last[i])*m.Vocab]
			k += last[i]
		}
	}
	return out, nil
}
