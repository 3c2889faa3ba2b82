package llama

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/lm/gguf"
	"github.com/yaknb/yak/runtime/lm/ops"
	"github.com/yaknb/yak/runtime/lm/tokenize"
)

// Config holds the hyper-parameters read from the GGUF metadata.
type Config struct {
	Layers, Hidden, FFN int
	Heads, KVHeads      int
	HeadDim, Vocab      int
	Context             int
	RopeTheta, NormEps  float64
	BOS, EOS            int
	AddBOS              bool
}

// linear is a weight matrix stored [out, in]: GGUF blocks, and optionally
// a bfloat16 copy for runtime/gemm's bfloat16 matmul.
type linear struct {
	q  *ops.QMatrix
	bf *gemm.BF16Matrix
}

func (l *linear) mul(out, x []float32, rows int, f32 bool) {
	if l.bf == nil {
		if f32 {
			l.q.MatMulF32(out, x, rows)
		} else {
			l.q.MatMul(out, x, rows)
		}
		return
	}
	if err := l.bf.MulT(rows, x, l.q.Cols, out, l.q.Rows); err != nil {
		panic(err) // shapes are fixed at load: a bug, not bad input
	}
}

type block struct {
	attnNorm, ffnNorm []float32
	q, k, v, o        linear
	gate, up, down    linear
}

// Model is a loaded Llama-family model. It may be used from several
// goroutines (each with its own Session).
type Model struct {
	Config
	Tok     *tokenize.BPE
	file    *gguf.File
	embd    *ops.QMatrix
	out     linear
	outNorm []float32
	blocks  []block
	stops   map[int]bool

	// BF16 names the bfloat16 matmul in use after LoadBF16 ("amx",
	// "avx512bf16", "float32"); empty when the GGUF blocks are used.
	BF16 string

	// F32Activations keeps activations in float32 when they meet the GGUF
	// blocks (ops.QMatrix.MatMulF32: the blocks dotted on the fly for a
	// one-token pass, dequantized for a float32 GEMM for more). By default
	// they are rounded to 8-bit blocks and dotted in integers, as llama.cpp does:
	// several times faster, and log-probabilities move by the amounts
	// TestIntActivationsCloseToFloat measures. Set it before any Session
	// runs.
	F32Activations bool
}

// Load opens a GGUF file of the llama architecture.
func Load(path string) (*Model, error) {
	f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	m, err := load(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("llama: %s: %w", path, err)
	}
	return m, nil
}

func load(f *gguf.File) (*Model, error) {
	arch, _ := f.String("general.architecture")
	if arch != "llama" {
		return nil, fmt.Errorf("architecture %q is not supported (want llama)", arch)
	}
	var err error
	geti := func(k string) int {
		v, e := f.Int("llama." + k)
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	c := Config{Layers: geti("block_count"), Hidden: geti("embedding_length"), FFN: geti("feed_forward_length"),
		Heads: geti("attention.head_count"), KVHeads: geti("attention.head_count_kv"), Context: geti("context_length")}
	if err != nil {
		return nil, err
	}
	c.RopeTheta, _ = f.Float("llama.rope.freq_base")
	if c.RopeTheta == 0 {
		c.RopeTheta = 10000
	}
	c.NormEps, _ = f.Float("llama.attention.layer_norm_rms_epsilon")
	if c.NormEps == 0 {
		c.NormEps = 1e-5
	}
	if c.Heads <= 0 || c.KVHeads <= 0 || c.Heads%c.KVHeads != 0 || c.Hidden%c.Heads != 0 {
		return nil, fmt.Errorf("inconsistent heads: %d query, %d key/value, width %d", c.Heads, c.KVHeads, c.Hidden)
	}
	c.HeadDim = c.Hidden / c.Heads
	c.BOS, _ = f.Int("tokenizer.ggml.bos_token_id")
	c.EOS, _ = f.Int("tokenizer.ggml.eos_token_id")
	c.AddBOS, _ = f.Meta["tokenizer.ggml.add_bos_token"].(bool)
	tok, stops, err := loadTokenizer(f)
	if err != nil {
		return nil, err
	}
	c.Vocab = tok.VocabSize()
	m := &Model{Config: c, Tok: tok, file: f, stops: stops}
	mat := func(name string, rows, cols int) *ops.QMatrix {
		if err != nil {
			return nil
		}
		var q *ops.QMatrix
		q, err = f.Matrix(name)
		if err == nil && (q.Rows != rows || q.Cols != cols) {
			err = fmt.Errorf("tensor %s is %dx%d, want %dx%d", name, q.Rows, q.Cols, rows, cols)
		}
		return q
	}
	vecf := func(name string, n int) []float32 {
		if err != nil {
			return nil
		}
		var v []float32
		v, err = f.Float32(name)
		if err == nil && len(v) != n {
			err = fmt.Errorf("tensor %s has %d values, want %d", name, len(v), n)
		}
		return v
	}
	lin := func(name string, rows, cols int) linear { return linear{q: mat(name, rows, cols)} }
	kv := c.KVHeads * c.HeadDim
	m.embd = mat("token_embd.weight", c.Vocab, c.Hidden)
	m.outNorm = vecf("output_norm.weight", c.Hidden)
	if _, ok := f.Tensors["output.weight"]; ok {
		m.out = lin("output.weight", c.Vocab, c.Hidden)
	} else {
		m.out = linear{q: m.embd}
	}
	for i := 0; i < c.Layers; i++ {
		p := fmt.Sprintf("blk.%d.", i)
		m.blocks = append(m.blocks, block{
			attnNorm: vecf(p+"attn_norm.weight", c.Hidden), ffnNorm: vecf(p+"ffn_norm.weight", c.Hidden),
			q: lin(p+"attn_q.weight", c.Hidden, c.Hidden), k: lin(p+"attn_k.weight", kv, c.Hidden),
			v: lin(p+"attn_v.weight", kv, c.Hidden), o: lin(p+"attn_output.weight", c.Hidden, c.Hidden),
			gate: lin(p+"ffn_gate.weight", c.FFN, c.Hidden), up: lin(p+"ffn_up.weight", c.FFN, c.Hidden),
			down: lin(p+"ffn_down.weight", c.Hidden, c.FFN),
		})
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

func loadTokenizer(f *gguf.File) (*tokenize.BPE, map[int]bool, error) {
	if model, _ := f.String("tokenizer.ggml.model"); model != "gpt2" {
		return nil, nil, fmt.Errorf("tokenizer %q is not supported (want gpt2, byte-level BPE)", model)
	}
	toks, _ := f.Meta["tokenizer.ggml.tokens"].([]string)
	merges, _ := f.Meta["tokenizer.ggml.merges"].([]string)
	types, _ := f.Meta["tokenizer.ggml.token_type"].([]int64)
	if len(toks) == 0 || len(merges) == 0 {
		return nil, nil, fmt.Errorf("the file has no tokenizer (tokens and merges)")
	}
	var opt tokenize.BPEOptions
	switch pre, _ := f.String("tokenizer.ggml.pre"); pre {
	case "smollm":
		opt.IsolateDigits = true
	case "gpt2", "default", "":
	default:
		return nil, nil, fmt.Errorf("pre-tokenizer %q is not supported (want smollm or gpt2)", pre)
	}
	stops := map[int]bool{}
	for i, t := range types {
		if t == 3 || t == 4 { // control, user-defined: matched whole
			opt.Special = append(opt.Special, toks[i])
		}
	}
	for _, k := range []string{"tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"} {
		if id, err := f.Int(k); err == nil {
			stops[id] = true
		}
	}
	if id := indexOf(toks, "<|endoftext|>"); id >= 0 {
		stops[id] = true
	}
	tok, err := tokenize.NewBPE(toks, merges, opt)
	return tok, stops, err
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

// LoadBF16 is Load, then copies every weight matrix, dequantized, to
// bfloat16 for runtime/gemm's bfloat16 matmul (AMX tiles or AVX512_BF16 where
// the CPU has them): about 2 bytes per weight more memory (270 MB for
// SmolLM2-135M) and a slower load, for faster prompts and generation. The
// values differ from the GGUF blocks' by bfloat16 rounding (8 significant
// bits).
func LoadBF16(path string) (*Model, error) {
	m, err := Load(path)
	if err != nil {
		return nil, err
	}
	conv := func(l *linear) {
		if err != nil || l.bf != nil {
			return
		}
		w := make([]float32, l.q.Rows*l.q.Cols)
		for r := 0; r < l.q.Rows; r++ {
			l.q.DequantizeRow(w[r*l.q.Cols:(r+1)*l.q.Cols], r)
		}
		l.bf, err = gemm.NewBF16Matrix(l.q.Rows, l.q.Cols, w, l.q.Cols)
	}
	for i := range m.blocks {
		b := &m.blocks[i]
		for _, l := range []*linear{&b.q, &b.k, &b.v, &b.o, &b.gate, &b.up, &b.down} {
			conv(l)
		}
	}
	conv(&m.out)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("llama: bfloat16 weights: %w", err)
	}
	m.BF16 = gemm.BF16Path()
	return m, nil
}

// Close unmaps the file; the model must not be used after.
func (m *Model) Close() error { return m.file.Close() }

// IsStop reports whether a token ends generation.
func (m *Model) IsStop(id int) bool { return m.stops[id] }

// Session is a KV cache over one token sequence.
type Session struct {
	m      *Model
	tokens []int
	k, v   [][]float32 // per layer, rows of KVHeads·HeadDim

	// Buffers of a Feed, kept so token steps allocate only their logits.
	buf scratch
}

// grow returns b resized to n, reusing its memory when it is large enough.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// NewSession starts an empty sequence.
func (m *Model) NewSession() *Session {
	return &Session{m: m, k: make([][]float32, m.Layers), v: make([][]float32, m.Layers)}
}

// Len is the number of tokens the session holds.
func (s *Session) Len() int { return len(s.tokens) }

// Tokens returns the tokens the session holds (do not modify).
func (s *Session) Tokens() []int { return s.tokens }

// Rewind forgets tokens past n.
func (s *Session) Rewind(n int) {
	if n < len(s.tokens) {
		s.tokens = s.tokens[:max(0, n)]
	}
}

// Eval makes the session hold exactly tokens, reusing the longest common
// prefix it already holds, and returns the logits after each of the last
// `last` tokens ([last, Vocab]); at least the last token is always
// recomputed so its logits exist.
func (s *Session) Eval(ctx context.Context, tokens []int, last int) ([]float32, error) {
	if len(tokens) == 0 {
		return nil, fmt.Errorf("llama: nothing to evaluate")
	}
	last = max(1, min(last, len(tokens)))
	common := 0
	for common < len(s.tokens) && common < len(tokens) && s.tokens[common] == tokens[common] {
		common++
	}
	common = min(common, len(tokens)-last)
	s.Rewind(common)
	return s.Feed(ctx, tokens[common:], last)
}

// LogSoftmax turns logits into log-probabilities in place.
func LogSoftmax(x []float32) {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, float64(v))
	}
	var s float64
	for _, v := range x {
		s += math.Exp(float64(v) - mx)
	}
	lse := float32(mx + math.Log(s))
	for i := range x {
		x[i] -= lse
	}
}

// Sample picks a token from logits: the most likely at temperature 0,
// otherwise a draw from softmax(logits/temperature) with rng.
func Sample(logits []float32, temperature float64, rng *rand.Rand) int {
	best := 0
	for i, v := range logits {
		if v > logits[best] {
			best = i
		}
	}
	if temperature <= 0 || rng == nil {
		return best
	}
	mx := float64(logits[best])
	p := make([]float64, len(logits))
	var z float64
	for i, v := range logits {
		p[i] = math.Exp((float64(v) - mx) / temperature)
		z += p[i]
	}
	r := rng.Float64() * z
	for i, w := range p {
		r -= w
		if r < 0 {
			return i
		}
	}
	return best
}

// Generate makes the session hold prompt (reusing a common prefix), then
// appends up to maxTokens tokens, each chosen by Sample from the logits
// after the previous one, and stops early at a stop token (not returned).
func (s *Session) Generate(ctx context.Context, prompt []int, maxTokens int, temperature float64, seed uint64) ([]int, error) {
	if len(prompt) == 0 {
		return nil, fmt.Errorf("llama: Generate needs a prompt")
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	logits, err := s.Eval(ctx, prompt, 1)
	if err != nil {
		return nil, err
	}
	var out []int
	for len(out) < maxTokens {
		t := Sample(logits, temperature, rng)
		if s.m.IsStop(t) {
			break
		}
		out = append(out, t)
		if len(out) == maxTokens {
			break
		}
		if logits, err = s.Feed(ctx, []int{t}, 1); err != nil {
			return out, err
		}
	}
	return out, nil
}
