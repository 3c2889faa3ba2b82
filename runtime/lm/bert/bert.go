package bert

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/ops"
	"github.com/yaknb/yak/runtime/lm/weights"
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
}

// apply computes out = x·W + b for rows of x.
func (d *dense) apply(out, x []float32, rows, in, outDim int) {
	d.applyNoBias(out, x, rows, in, outDim)
	for r := 0; r < rows; r++ {
		vec.Add(d.b, out[r*outDim:(r+1)*outDim])
	}
}

// applyNoBias computes out = x·W, for a caller that adds the bias in a pass
// of its own (ops.BiasGELU).
func (d *dense) applyNoBias(out, x []float32, rows, in, outDim int) {
	if d.bf == nil {
		ops.Linear(out, x, rows, in, outDim, d.w, nil)
		return
	}
	if err := d.bf.MulT(rows, x, in, out, outDim); err != nil {
		panic(err) // shapes are fixed at load: a bug, not bad input
	}
}

type norm struct{ g, b []float32 }

type layer struct {
	q, k, v, o, in, out dense
	attnNorm, outNorm   norm
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

	// BF16 names the bfloat16 matmul in use ("amx", "avx512bf16",
	// "float32"), or is empty for the float32 model.
	BF16 string
}

// Load opens a converted model directory (config.json, model.safetensors).
func Load(dir string) (*Model, error) {
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
	}
	m.headDense = d("cls/predictions/transform/dense", H, H)
	m.headNorm = n("cls/predictions/transform/LayerNorm")
	m.outBias = get("cls/predictions/output_bias", m.VocabSize)
	return err
}

// LoadBF16 is Load, then copies every encoder weight matrix to bfloat16
// for runtime/gemm's bfloat16 matmul (AMX tiles or AVX512_BF16 where the
// CPU has them, float32 otherwise): about 170 MB more memory and a slower
// load, for faster batches; activations stay float32, products are summed
// in float32 (gemm.BF16Matrix documents the error bound). Embeddings and the
// MLM head stay float32.
func LoadBF16(dir string) (*Model, error) {
	m, err := Load(dir)
	if err != nil {
		return nil, err
	}
	H, I := m.Hidden, m.Intermediate
	conv := func(d *dense, in, out int) {
		if err != nil {
			return
		}
		t := make([]float32, in*out) // [in, out] -> [out, in]
		for i := 0; i < in; i++ {
			for o := 0; o < out; o++ {
				t[o*in+i] = d.w[i*out+o]
			}
		}
		d.bf, err = gemm.NewBF16Matrix(out, in, t, in)
	}
	for i := range m.layers {
		L := &m.layers[i]
		conv(&L.q, H, H)
		conv(&L.k, H, H)
		conv(&L.v, H, H)
		conv(&L.o, H, H)
		conv(&L.in, H, I)
		conv(&L.out, I, H)
	}
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("bert: bfloat16 weights: %w", err)
	}
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
	H := m.Hidden
	BT := B * T
	x := make([]float32, BT*H)
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
	q, k, v := make([]float32, BT*H), make([]float32, BT*H), make([]float32, BT*H)
	attn, tmp := make([]float32, BT*H), make([]float32, BT*H)
	inter := make([]float32, BT*m.Intermediate)
	a := ops.Attn{Batch: B, NQ: T, NK: T, Heads: m.Heads, KVHeads: m.Heads, HeadDim: H / m.Heads,
		Scale: float32(1 / math.Sqrt(float64(H/m.Heads))), Lengths: lengths}
	for li := range m.layers {
		L := &m.layers[li]
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		L.q.apply(q, x, BT, H, H)
		L.k.apply(k, x, BT, H, H)
		L.v.apply(v, x, BT, H, H)
		ops.Attention(attn, q, k, v, a)
		L.o.apply(tmp, attn, BT, H, H)
		vec.Add(tmp, x)
		ops.LayerNorm(x, H, L.attnNorm.g, L.attnNorm.b, eps)
		L.in.applyNoBias(inter, x, BT, H, m.Intermediate)
		ops.BiasGELU(inter, L.in.b)
		L.out.apply(tmp, inter, BT, m.Intermediate, H)
		vec.Add(tmp, x)
		ops.LayerNorm(x, H, L.outNorm.g, L.outNorm.b, eps)
	}
	return x, T, nil
}

// Pos names one position of one sequence of a batch.
type Pos struct{ Seq, Index int }

// MLMLogits runs the encoder and the MLM head at the given positions and
// returns their vocabulary logits, [len(at), VocabSize].
func (m *Model) MLMLogits(ctx context.Context, batch [][]int, at []Pos) ([]float32, error) {
	hid, T, err := m.Encode(ctx, batch)
	if err != nil {
		return nil, err
	}
	H := m.Hidden
	sel := make([]float32, len(at)*H)
	for i, p := range at {
		if p.Seq < 0 || p.Seq >= len(batch) || p.Index < 0 || p.Index >= len(batch[p.Seq]) {
			return nil, fmt.Errorf("bert: position %+v outside the batch", p)
		}
		copy(sel[i*H:(i+1)*H], hid[(p.Seq*T+p.Index)*H:])
	}
	h := make([]float32, len(at)*H)
	ops.Linear(h, sel, len(at), H, H, m.headDense.w, m.headDense.b)
	ops.GELU(h)
	ops.LayerNorm(h, H, m.headNorm.g, m.headNorm.b, float32(m.LayerNormEps))
	V := m.VocabSize
	logits := make([]float32, len(at)*V)
	for i := range at {
		copy(logits[i*V:(i+1)*V], m.outBias)
	}
	gemm.Sgemm(false, true, len(at), V, H, 1, h, H, m.word, H, 1, logits, V)
	return logits, nil
}
