package bert

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/ops"
	"github.com/yaknb/yak/runtime/lm/weights"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Config is the model's shape (config.json).
type Config struct {
	VocabSize     int     `json:"vocab_size"`
	Hidden        int     `json:"hidden_size"`
	Layers        int     `json:"num_hidden_layers"`
	Heads         int     `json:"num_attention_heads"`
	Intermediate  int     `json:"intermediate_size"`
	MaxPositions  int     `json:"max_position_embeddings"`
	TypeVocabSize int     `json:"type_vocab_size"`
	LayerNormEps  float64 `json:"layer_norm_eps"`
	LowerCase     bool    `json:"do_lower_case"`
}

type dense struct {
	w, b []float32
	bf   *gemm.BF16Matrix // set by LoadBF16: the same weights in bfloat16
	pw   *packedW         // set by Load: w packed for the GEMM in use then
}

// packedW is a weight matrix packed once, at load, by the GEMM
// implementation named impl: a plain product repacks its B (the weights)
// at every call, 6% of a float32 batch's CPU time in the profile
// (BENCHMARKS.md, "Session 7: BERT float32"). Only that implementation
// can read it; if another is put in use later, products read w again.
type packedW struct {
	impl string
	pb   *gemm.PackedB
}

// pack packs w ([in, out], or [out, in] with trans) for the GEMM in use,
// or returns nil when it cannot reuse a packed B.
func pack(trans bool, in, out int, w []float32) *packedW {
	ld := out
	if trans {
		ld = in
	}
	return packLd(trans, in, out, w, ld)
}

// packLd is pack with w's leading dimension given.
func packLd(trans bool, in, out int, w []float32, ld int) *packedW {
	cur := gemm.Current()
	pk, ok := cur.(gemm.Packer)
	if !ok {
		return nil
	}
	return &packedW{impl: cur.Name(), pb: pk.PackB(trans, in, out, w, ld)}
}

// mul sets c = x·W + beta·c, x [rows, in], W [in, out] (transposed in
// memory with trans), from the packed copy pw when the GEMM that packed it
// is still the one in use. Both give the same bits: the packed product
// runs the same kernel over the same blocks.
func mul(pw *packedW, trans bool, rows, in, out int, x, w []float32, beta float32, c []float32) {
	ldw := out
	if trans {
		ldw = in
	}
	mulLd(pw, trans, rows, in, out, x, w, ldw, beta, c, out)
}

// mulLd is mul with W's and c's leading dimensions given.
func mulLd(pw *packedW, trans bool, rows, in, out int, x, w []float32, ldw int, beta float32, c []float32, ldc int) {
	if pw != nil {
		if cur := gemm.Current(); cur.Name() == pw.impl {
			if pk, ok := cur.(gemm.Packer); ok {
				pk.SgemmPackedB(false, rows, 1, x, in, pw.pb, beta, c, ldc)
				return
			}
		}
	}
	gemm.Sgemm(false, trans, rows, out, in, 1, x, in, w, ldw, beta, c, ldc)
}

// apply computes out = x·W + b for rows of x.
func (d *dense) apply(out, x []float32, rows, in, outDim int) {
	d.applyNoBias(out, x, rows, in, outDim)
	addBias(out, d.b, rows, outDim, outDim)
}

// addBias adds bias to the first len(bias) columns of rows rows of c (ldc
// apart), on every core: done on one, the query|key|value product's bias
// left the second core idle for 2048×2304 additions in every layer.
func addBias(c, bias []float32, rows, ldc, workPerRow int) {
	tensor.Parallel(rows, rows*workPerRow, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			vec.Add(bias, c[r*ldc:r*ldc+len(bias)])
		}
	})
}

// applyNoBias computes out = x·W, for a caller that adds the bias in a pass
// of its own (ops.BiasGELU, ops.AddLayerNorm).
func (d *dense) applyNoBias(out, x []float32, rows, in, outDim int) {
	if d.bf == nil {
		mul(d.pw, false, rows, in, outDim, x, d.w, 0, out)
		return
	}
	if err := d.bf.MulT(rows, x, in, out, outDim); err != nil {
		panic(err) // shapes are fixed at load: a bug, not bad input
	}
}

// addTo adds x·W (no bias) to the residual stream res and returns what the
// following ops.AddLayerNorm must still add: nothing when the float32 GEMM
// accumulated into res itself (beta 1), the product in tmp when the
// bfloat16 matmul, which only overwrites, put it there.
func (d *dense) addTo(res, x, tmp []float32, rows, in, outDim int) []float32 {
	if d.bf == nil {
		mul(d.pw, false, rows, in, outDim, x, d.w, 1, res)
		return nil
	}
	d.applyNoBias(tmp, x, rows, in, outDim)
	return tmp[:rows*outDim]
}

type norm struct{ g, b []float32 }

type layer struct {
	// qkv is the query, key and value products side by side ([H, 3H]): one
	// GEMM packs the activations once for the three. q, k and v are the
	// checkpoint's matrices it was made from.
	qkv, q, k, v, o, in, out dense
	// kv packs qkv's key and value columns alone, for the last layer,
	// whose queries MLMLogits needs at the asked positions only.
	kv                *packedW
	attnNorm, outNorm norm
}

// Model is a loaded BERT masked LM. Its methods may be called from several
// goroutines at once.
type Model struct {
	Config
	file           *weights.File
	word, pos, typ []float32
	embNorm        norm
	layers         []layer
	headDense      dense
	headNorm       norm
	outBias        []float32
	wordT          *packedW // the tied output layer, word embeddings transposed, packed

	// BF16 names the bfloat16 matmul in use ("amx", "avx512bf16",
	// "float32"), or is empty for the float32 model.
	BF16 string

	fullLastLayer bool // tests: compute every row of the last layer

	mu    sync.Mutex
	spare *scratch // the last batch's activations, for the next one
}

// Load opens a converted model directory (config.json, model.safetensors).
// The query, key and value matrices are copied side by side (85 MB for
// BERT-base), and every weight matrix the float32 products read is packed
// once for the GEMM in use (another 430 MB for BERT-base, the output layer's
// 94 MB of it), so that no batch repacks them.
func Load(dir string) (*Model, error) {
	m, err := open(dir)
	if err != nil {
		return nil, err
	}
	H := m.Hidden
	for i := range m.layers {
		L := &m.layers[i]
		L.qkv.w = make([]float32, H*3*H) // [H, 3H]: a row of each side by side
		for r := 0; r < H; r++ {
			copy(L.qkv.w[r*3*H:], L.q.w[r*H:(r+1)*H])
			copy(L.qkv.w[r*3*H+H:], L.k.w[r*H:(r+1)*H])
			copy(L.qkv.w[r*3*H+2*H:], L.v.w[r*H:(r+1)*H])
		}
		I := m.Intermediate
		L.qkv.pw = pack(false, H, 3*H, L.qkv.w)
		L.o.pw = pack(false, H, H, L.o.w)
		L.in.pw = pack(false, H, I, L.in.w)
		L.out.pw = pack(false, I, H, L.out.w)
	}
	last := &m.layers[len(m.layers)-1]
	last.kv = packLd(false, H, 2*H, last.qkv.w[H:], 3*H)
	m.packHead()
	return m, nil
}

// packHead packs the MLM head's float32 matrices (both models keep the
// head in float32): transposing the 94 MB output layer at every batch cost
// the bfloat16 model more than the float32 one, its batches being shorter.
func (m *Model) packHead() {
	H := m.Hidden
	m.headDense.pw = pack(false, H, H, m.headDense.w)
	m.wordT = pack(true, H, m.VocabSize, m.word)
}

// open maps the weights; the caller makes the fused query|key|value matrix.
func open(dir string) (*Model, error) {
	b, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, fmt.Errorf("bert: %w", err)
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("bert: %s/config.json: %w", dir, err)
	}
	if c.Hidden <= 0 || c.Heads <= 0 || c.Hidden%c.Heads != 0 || c.Layers <= 0 {
		return nil, fmt.Errorf("bert: %s/config.json describes no valid model: %+v", dir, c)
	}
	f, err := weights.Open(filepath.Join(dir, "model.safetensors"))
	if err != nil {
		return nil, err
	}
	m := &Model{Config: c, file: f}
	if err := m.bind(); err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

func (m *Model) bind() error {
	var err error
	get := func(name string, shape ...int) []float32 {
		if err != nil {
			return nil
		}
		var v []float32
		v, err = m.file.Float32(name, shape...)
		return v
	}
	H, I := m.Hidden, m.Intermediate
	d := func(p string, in, out int) dense { return dense{w: get(p+"/kernel", in, out), b: get(p+"/bias", out)} }
	n := func(p string) norm { return norm{get(p+"/gamma", H), get(p+"/beta", H)} }
	m.word = get("bert/embeddings/word_embeddings", m.VocabSize, H)
	m.pos = get("bert/embeddings/position_embeddings", m.MaxPositions, H)
	m.typ = get("bert/embeddings/token_type_embeddings", m.TypeVocabSize, H)
	m.embNorm = n("bert/embeddings/LayerNorm")
	for i := 0; i < m.Layers; i++ {
		p := fmt.Sprintf("bert/encoder/layer_%d/", i)
		m.layers = append(m.layers, layer{
			q: d(p+"attention/self/query", H, H), k: d(p+"attention/self/key", H, H),
			v: d(p+"attention/self/value", H, H), o: d(p+"attention/output/dense", H, H),
			attnNorm: n(p + "attention/output/LayerNorm"),
			in:       d(p+"intermediate/dense", H, I), out: d(p+"output/dense", I, H),
			outNorm: n(p + "output/LayerNorm"),
		})
		L := &m.layers[i]
		if err == nil {
			L.qkv.b = slices.Concat(L.q.b, L.k.b, L.v.b)
		}
	}
	m.headDense = d("cls/predictions/transform/dense", H, H)
	m.headNorm = n("cls/predictions/transform/LayerNorm")
	m.outBias = get("cls/predictions/output_bias", m.VocabSize)
	return err
}

// LoadBF16 maps the weights as Load does, then copies every encoder weight matrix to bfloat16
// for runtime/gemm's bfloat16 matmul (AMX tiles or AVX512_BF16 where the
// CPU has them, float32 otherwise): about 170 MB more memory and a slower
// load, for faster batches; activations stay float32, products are summed
// in float32 (gemm.BF16Matrix documents the error bound). Embeddings and the
// MLM head stay float32 (the head packed once, as Load does, 94 MB more).
func LoadBF16(dir string) (*Model, error) {
	m, err := open(dir)
	if err != nil {
		return nil, err
	}
	H, I := m.Hidden, m.Intermediate
	// conv makes d's bfloat16 matrix from the [in, out] matrices of srcs
	// stacked along out.
	conv := func(d *dense, in int, srcs ...*dense) {
		if err != nil {
			return
		}
		var out []float32 // [Σ outs, in]
		for _, s := range srcs {
			o := len(s.w) / in
			t := make([]float32, in*o)
			// in 32×32 blocks: a plain loop strides through memory and took
			// seconds of the load
			for i0 := 0; i0 < in; i0 += 32 {
				for j0 := 0; j0 < o; j0 += 32 {
					for i := i0; i < min(i0+32, in); i++ {
						for j := j0; j < min(j0+32, o); j++ {
							t[j*in+i] = s.w[i*o+j]
						}
					}
				}
			}
			out = append(out, t...)
		}
		d.bf, err = gemm.NewBF16Matrix(len(out)/in, in, out, in)
	}
	for i := range m.layers {
		L := &m.layers[i]
		conv(&L.qkv, H, &L.q, &L.k, &L.v)
		conv(&L.o, H, &L.o)
		conv(&L.in, H, &L.in)
		conv(&L.out, I, &L.out)
	}
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("bert: bfloat16 weights: %w", err)
	}
	m.packHead()
	m.BF16 = gemm.BF16Path()
	return m, nil
}

// Close unmaps the weights; the model must not be used after.
func (m *Model) Close() error { return m.file.Close() }

// WordEmbeddings returns the [VocabSize, Hidden] input embedding table
// (read-only: it aliases the mapped file).
func (m *Model) WordEmbeddings() []float32 { return m.word }

// Encode runs the encoder on a batch of id sequences (each with its [CLS]
// and [SEP]) and returns the last hidden states, [len(batch)·T, Hidden]
// with T the longest sequence (rows past a sequence's end are padding).
func (m *Model) Encode(ctx context.Context, batch [][]int) ([]float32, int, error) {
	return m.encode(ctx, batch, nil)
}

// Pos names one position of one sequence of a batch.
type Pos struct{ Seq, Index int }

// encode is Encode; with at non-nil the last layer computes its output only
// at those positions (its keys and values still come from every token) and
// encode returns those rows, [len(at), Hidden].
func (m *Model) encode(ctx context.Context, batch [][]int, at []Pos) ([]float32, int, error) {
	B := len(batch)
	T := 0
	for i, s := range batch {
		if len(s) == 0 {
			return nil, 0, fmt.Errorf("bert: sequence %d is empty", i)
		}
		if len(s) > m.MaxPositions {
			return nil, 0, fmt.Errorf("bert: sequence %d has %d tokens, more than the model's %d positions: truncate it", i, len(s), m.MaxPositions)
		}
		T = max(T, len(s))
	}
	for _, p := range at {
		if p.Seq < 0 || p.Seq >= len(batch) || p.Index < 0 || p.Index >= len(batch[p.Seq]) {
			return nil, 0, fmt.Errorf("bert: position %+v outside the batch", p)
		}
	}
	H := m.Hidden
	BT := B * T
	sc := m.getScratch(BT)
	defer m.putScratch(sc)
	qkv, attn, inter, tmp := sc.qkv, sc.attn, sc.inter, sc.tmp
	x := sc.x // the rows at `at` are copied out at the end
	if at == nil {
		x = make([]float32, BT*H) // returned to the caller
	}
	lengths := make([]int, B)
	for b, s := range batch {
		lengths[b] = len(s)
		ids := make([]int, T)
		copy(ids, s) // padding rows embed token 0; the mask hides them
		if err := ops.Gather(x[b*T*H:(b+1)*T*H], m.word, H, ids); err != nil {
			return nil, 0, fmt.Errorf("bert: sequence %d: %w", b, err)
		}
		for t := 0; t < T; t++ {
			row := x[(b*T+t)*H : (b*T+t+1)*H]
			vec.Add(m.pos[t*H:(t+1)*H], row)
			vec.Add(m.typ[:H], row)
		}
	}
	eps := float32(m.LayerNormEps)
	ops.LayerNorm(x, H, m.embNorm.g, m.embNorm.b, eps)
	a := ops.Attn{Batch: B, NQ: T, NK: T, Heads: m.Heads, KVHeads: m.Heads, HeadDim: H / m.Heads,
		Scale: float32(1 / math.Sqrt(float64(H/m.Heads))), Lengths: lengths, QStride: 3 * H, KVStride: 3 * H}
	for li := range m.layers {
		L := &m.layers[li]
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if at != nil && li == len(m.layers)-1 && !m.fullLastLayer {
			// Only the rows at `at` are read after this layer: keys and
			// values of every row, queries at those rows, attention for
			// them over every key, then the rest of the layer on those
			// rows alone.
			P := len(at)
			xs := make([]float32, P*H)
			for i, p := range at {
				r := p.Seq*T + p.Index
				copy(xs[i*H:(i+1)*H], x[r*H:(r+1)*H])
			}
			q := m.lastQKV(L, qkv, x, xs, BT, T, at)
			if P > BT { // positions asked for more than once
				big := m.getScratch(P)
				defer m.putScratch(big)
				attn, inter, tmp = big.attn, big.inter, big.tmp
			}
			for i, p := range at {
				seq := qkv[p.Seq*T*3*H:]
				one := a
				one.Batch, one.NQ, one.Lengths = 1, 1, lengths[p.Seq:p.Seq+1]
				ops.Attention(attn[i*H:(i+1)*H], q[i], seq[H:], seq[2*H:], one)
			}
			m.attnOut(L, xs, attn, tmp, P)
			m.feedForward(L, xs, inter, tmp, P)
			return xs, T, nil
		}
		L.qkv.apply(qkv, x, BT, H, 3*H)
		ops.Attention(attn, qkv, qkv[H:], qkv[2*H:], a)
		m.attnOut(L, x, attn, tmp, BT)
		m.feedForward(L, x, inter, tmp, BT)
	}
	if at != nil { // fullLastLayer
		xs := make([]float32, len(at)*H)
		for i, p := range at {
			copy(xs[i*H:(i+1)*H], x[(p.Seq*T+p.Index)*H:])
		}
		return xs, T, nil
	}
	return x, T, nil
}

// scratch holds one forward pass's intermediate activations; the model
// keeps one between batches (a batch of 32×64 tokens needs about 60 MB:
// allocating and clearing that anew was 3% of a bfloat16 batch). A
// sync.Pool would drop it at every other garbage collection.
type scratch struct {
	x, qkv, attn, inter, tmp []float32
}

// getScratch returns buffers for rows rows (tmp only for the bfloat16
// model), reused from an earlier batch when they are large enough. Their
// contents are garbage: every buffer is written before it is read.
func (m *Model) getScratch(rows int) *scratch {
	m.mu.Lock()
	sc := m.spare
	m.spare = nil
	m.mu.Unlock()
	if sc == nil { // the first batch, or another goroutine's batch has it
		sc = &scratch{}
	}
	H := m.Hidden
	grow := func(b []float32, n int) []float32 {
		if cap(b) < n {
			return make([]float32, n)
		}
		return b[:n]
	}
	sc.x = grow(sc.x, rows*H)
	sc.qkv = grow(sc.qkv, rows*3*H)
	sc.attn = grow(sc.attn, rows*H)
	sc.inter = grow(sc.inter, rows*m.Intermediate)
	if m.BF16 != "" {
		sc.tmp = grow(sc.tmp, rows*H)
	}
	return sc
}

// putScratch keeps sc for the next batch.
func (m *Model) putScratch(sc *scratch) {
	m.mu.Lock()
	m.spare = sc
	m.mu.Unlock()
}

// lastQKV sets the key and value columns of qkv ([rows, 3H]) from x and
// returns the query of each position of at (xs holds their rows of x): the
// float32 model computes queries at those rows alone (a 2048×768×768
// product less for a batch of 32 texts of 64 tokens), the bfloat16 model,
// whose matrix holds all three, everywhere.
func (m *Model) lastQKV(L *layer, qkv, x, xs []float32, rows, T int, at []Pos) [][]float32 {
	H := m.Hidden
	q := make([][]float32, len(at))
	if L.qkv.bf != nil || L.qkv.w == nil {
		L.qkv.apply(qkv, x, rows, H, 3*H)
		for i, p := range at {
			q[i] = qkv[(p.Seq*T+p.Index)*3*H:]
		}
		return q
	}
	mulLd(L.kv, false, rows, H, 2*H, x, L.qkv.w[H:], 3*H, 0, qkv[H:], 3*H)
	addBias(qkv[H:], L.qkv.b[H:], rows, 3*H, 2*H)
	P := len(at)
	qs := make([]float32, P*H)
	mulLd(nil, false, P, H, H, xs, L.qkv.w, 3*H, 0, qs, H)
	addBias(qs, L.qkv.b[:H], P, H, H)
	for i := range at {
		q[i] = qs[i*H : (i+1)*H]
	}
	return q
}

// attnOut sets x = LayerNorm(x + attn·Wo + bo) for rows of x.
func (m *Model) attnOut(L *layer, x, attn, tmp []float32, rows int) {
	H := m.Hidden
	x = x[:rows*H]
	res := L.o.addTo(x, attn, tmp, rows, H, H)
	ops.AddLayerNorm(x, res, L.o.b, H, L.attnNorm.g, L.attnNorm.b, float32(m.LayerNormEps))
}

// feedForward sets x = LayerNorm(x + GELU(x·Wi + bi)·Wo + bo) for rows of x.
func (m *Model) feedForward(L *layer, x, inter, tmp []float32, rows int) {
	H, I := m.Hidden, m.Intermediate
	step := rows
	if L.in.bf != nil && ffnBlockRows > 0 {
		step = ffnBlockRows
	}
	for r0 := 0; r0 < rows; r0 += step {
		n := min(step, rows-r0)
		xb, ib := x[r0*H:(r0+n)*H], inter[:n*I]
		var tb []float32
		if tmp != nil {
			tb = tmp[r0*H:]
		}
		L.in.applyNoBias(ib, xb, n, H, I)
		ops.BiasGELU(ib, L.in.b)
		res := L.out.addTo(xb, ib, tb, n, I, H)
		ops.AddLayerNorm(xb, res, L.out.b, H, L.outNorm.g, L.outNorm.b, float32(m.LayerNormEps))
	}
}

// ffnBlockRows is how many rows the bfloat16 model's feed-forward block
// takes at a time (0: all), so that the intermediate activations (3 MB
// for 256 rows instead of 25 MB for a batch of 32×64 tokens) stay in the
// caches between the matmul that writes them, GELU and the matmul that
// reads them; bfloat16 weights are packed once, so smaller products cost
// no repacking. Measured at load 16-21, alternating builds: 12-16% less CPU
// per sentence with blocks of 128 or 256 rows than with all 2048. The
// float32 GEMM packs its B at every call: it takes all rows.
var ffnBlockRows = 256

// MLMLogits runs the encoder and the MLM head at the given positions and
// returns their vocabulary logits, [len(at), VocabSize]. Past the last
// layer's keys and values only the rows at `at` are computed.
func (m *Model) MLMLogits(ctx context.Context, batch [][]int, at []Pos) ([]float32, error) {
	if at == nil {
		at = []Pos{} // encode's nil means every row
	}
	sel, _, err := m.encode(ctx, batch, at)
	if err != nil {
		return nil, err
	}
	H := m.Hidden
	h := make([]float32, len(at)*H)
	m.headDense.apply(h, sel, len(at), H, H)
	ops.GELU(h)
	ops.LayerNorm(h, H, m.headNorm.g, m.headNorm.b, float32(m.LayerNormEps))
	V := m.VocabSize
	logits := make([]float32, len(at)*V)
	for i := range at {
		copy(logits[i*V:(i+1)*V], m.outBias)
	}
	mul(m.wordT, true, len(at), H, V, h, m.word, 1, logits)
	return logits, nil
}
