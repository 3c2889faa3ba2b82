package lm

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yaknb/yak/runtime/lm/llama"
)

// CausalLM is a GGUF Llama-family language model (SmolLM2). Methods may run
// concurrently; each call keeps its own KV cache.
type CausalLM struct {
	Name     string
	Path     string
	Progress Reporter // optional

	// BatchRows is the number of token rows (of all texts together) per
	// forward pass of LabelLogProbs and ContinuationLogProbs [512].
	// Unbatched computes one text and one continuation at a time through
	// one Session instead, the path before batching, kept to compare
	// against: the same scores, to the bit, 1.1 to 7 times slower
	// (BENCHMARKS.md, language models).
	BatchRows int
	Unbatched bool

	model *llama.Model
}

// LoadCausal loads a causal LM by name (see `yak models list`), from a
// fetched model directory, or from a .gguf file.
func LoadCausal(nameOrPath string) (*CausalLM, error) { return loadCausal(nameOrPath, llama.Load) }

// LoadCausalBF16 is LoadCausal with the weights copied to bfloat16 for the
// runtime's bfloat16 matmul (AMX or AVX512_BF16 where the CPU has them):
// faster, about 2 bytes per weight more memory, log-probabilities within a
// few hundredths of a nat of the GGUF blocks'.
func LoadCausalBF16(nameOrPath string) (*CausalLM, error) {
	return loadCausal(nameOrPath, llama.LoadBF16)
}

func loadCausal(nameOrPath string, load func(string) (*llama.Model, error)) (*CausalLM, error) {
	path := nameOrPath
	if !strings.HasSuffix(nameOrPath, ".gguf") {
		dir, err := resolve(nameOrPath)
		if err != nil {
			return nil, err
		}
		path = filepath.Join(dir, "model.gguf")
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("lm: %w", err)
	}
	m, err := load(path)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(filepath.Dir(path))
	if strings.HasSuffix(nameOrPath, ".gguf") {
		name = strings.TrimSuffix(filepath.Base(path), ".gguf")
	}
	return &CausalLM{Name: name, Path: path, model: m}, nil
}

// Close releases the mapped weights.
func (m *CausalLM) Close() error { return m.model.Close() }

// VocabSize is the number of tokens.
func (m *CausalLM) VocabSize() int { return m.model.Vocab }

// Encode returns the token ids of text (a BOS first when the model asks for
// one).
func (m *CausalLM) Encode(text string) []int {
	ids := m.model.Tok.Encode(text)
	if m.model.AddBOS {
		ids = append([]int{m.model.BOS}, ids...)
	}
	return ids
}

// Decode turns token ids into text.
func (m *CausalLM) Decode(ids []int) string { return m.model.Tok.Decode(ids) }

// Tokens returns the text of each token of text, for display.
func (m *CausalLM) Tokens(text string) []string {
	var out []string
	for _, id := range m.model.Tok.Encode(text) {
		out = append(out, m.model.Tok.Decode([]int{id}))
	}
	return out
}

// ChatPrompt wraps a user message in the model's chat format (ChatML for
// SmolLM2), ready for the assistant's answer.
func (m *CausalLM) ChatPrompt(user string) string {
	return "<|im_start|>user\n" + user + "<|im_end|>\n<|im_start|>assistant\n"
}

func (m *CausalLM) prompt(text string) ([]int, error) {
	ids := m.Encode(text)
	if len(ids) == 0 {
		return nil, fmt.Errorf("lm: empty prompt: a causal LM needs at least one token to condition on")
	}
	return ids, nil
}

// NextTokens returns the k most likely next tokens after each prompt.
func (m *CausalLM) NextTokens(ctx context.Context, prompts []string, k int) ([][]Prediction, error) {
	if k <= 0 {
		return nil, fmt.Errorf("lm: NextTokens wants k >= 1, got %d", k)
	}
	out := make([][]Prediction, len(prompts))
	s := m.model.NewSession()
	for i, p := range prompts {
		ids, err := m.prompt(p)
		if err != nil {
			return nil, err
		}
		lg, err := s.Eval(ctx, ids, 1)
		if err != nil {
			return nil, err
		}
		llama.LogSoftmax(lg)
		out[i] = topK(lg, k, func(id int) string { return m.model.Tok.Decode([]int{id}) })
		if m.Progress != nil {
			m.Progress.Set(i + 1)
		}
	}
	return out, nil
}

// continuation scores cont after the prompt ids held (or recomputed) in s.
func (m *CausalLM) continuation(ctx context.Context, s *llama.Session, prompt, cont []int) (float64, error) {
	all := append(append([]int(nil), prompt...), cont...)
	lg, err := s.Eval(ctx, all, len(cont)+1)
	if err != nil {
		return 0, err
	}
	V := m.model.Vocab
	var total float64
	for j, t := range cont {
		row := lg[j*V : (j+1)*V]
		total += float64(row[t] - logSumExp(row))
	}
	return total, nil
}

// logSumExp is the log of the sum of e^x over the row: row[t] minus it is
// token t's log-probability, with the bits llama.LogSoftmax gives it, but
// without rewriting the row (49,152 values for one of them) or math.Max's
// NaN checks (logits are finite).
func logSumExp(row []float32) float32 {
	mx := math.Inf(-1)
	for _, v := range row {
		if float64(v) > mx {
			mx = float64(v)
		}
	}
	var s float64
	for _, v := range row {
		s += math.Exp(float64(v) - mx)
	}
	return float32(mx + math.Log(s))
}

// ContinuationLogProbs returns the total log-probability of each
// continuation after its prompt: out[i] is log p(continuations[i] |
// prompts[i]). Prompt and continuation are tokenized separately and
// concatenated, so a continuation's tokens do not depend on its prompt; an
// empty prompt means the start of a text: the model's BOS token (its EOS
// token when it has no BOS), as lm-evaluation-harness conditions a
// log-likelihood with an empty context. The pairs run
// through the batched forward passes of LabelLogProbs: a prompt that
// repeats is computed once for all its continuations, and prompts that
// share a prefix compute it once. The scores have the bits of the
// one-pair-at-a-time path (Unbatched). Progress counts pairs.
func (m *CausalLM) ContinuationLogProbs(ctx context.Context, prompts, continuations []string) ([]float64, error) {
	if len(prompts) != len(continuations) {
		return nil, fmt.Errorf("lm: %d prompts but %d continuations: pass one continuation per prompt", len(prompts), len(continuations))
	}
	if len(prompts) == 0 {
		return nil, fmt.Errorf("lm: no prompts and continuations to score")
	}
	// Distinct prompts, each with the continuations that follow it.
	var ps [][]int
	var conts [][][]int
	var weight []int
	at := make([][2]int, len(prompts)) // pair -> (distinct prompt, continuation)
	index := map[string]int{}
	for i, p := range prompts {
		c := m.model.Tok.Encode(continuations[i])
		if len(c) == 0 {
			return nil, fmt.Errorf("lm: continuation %d is empty: there is nothing to score", i)
		}
		u, ok := index[p]
		if !ok {
			ids := m.Encode(p)
			if len(ids) == 0 {
				start, err := m.textStart()
				if err != nil {
					return nil, fmt.Errorf("%w (prompt %d is empty)", err, i)
				}
				ids = []int{start}
			}
			u = len(ps)
			index[p] = u
			ps, conts, weight = append(ps, ids), append(conts, nil), append(weight, 0)
		}
		at[i] = [2]int{u, len(conts[u])}
		conts[u] = append(conts[u], c)
		weight[u]++
	}
	var scores [][]float64
	var err error
	if m.Unbatched {
		scores, err = m.scoreUnbatched(ctx, ps, conts, weight)
	} else {
		scores, err = m.scoreBatched(ctx, ps, conts, weight)
	}
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(prompts))
	for i, a := range at {
		out[i] = scores[a[0]][a[1]]
	}
	return out, nil
}

// textStart is the token an empty prompt stands for: BOS, or EOS when the
// model has no BOS (the end of a previous text).
func (m *CausalLM) textStart() (int, error) {
	for _, id := range []int{m.model.BOS, m.model.EOS} {
		if id >= 0 && id < m.model.Vocab {
			return id, nil
		}
	}
	return 0, fmt.Errorf("lm: %s has neither a BOS nor an EOS token to start a text with: give a non-empty prompt", m.Name)
}

// scoreUnbatched is scoreBatched one text and one continuation at a time
// through one Session (reusing the prefix it holds): the path before
// batching, kept as the reference the batched scores must equal.
func (m *CausalLM) scoreUnbatched(ctx context.Context, ps [][]int, conts [][][]int, weight []int) ([][]float64, error) {
	out := make([][]float64, len(ps))
	s := m.model.NewSession()
	done := 0
	for _, i := range prefixOrder(ps) {
		row := make([]float64, len(conts[i]))
		for j, c := range conts[i] {
			lp, err := m.continuation(ctx, s, ps[i], c)
			if err != nil {
				return nil, err
			}
			row[j] = lp
		}
		out[i] = row
		if weight == nil {
			done++
		} else {
			done += weight[i]
		}
		if m.Progress != nil {
			m.Progress.Set(done)
		}
	}
	return out, nil
}

// LabelLogProbs returns the log-probability of every label as the
// continuation of every text: out[text][label]. Each text is computed once
// and its cache reused for all labels; texts that share a prefix (a prompt
// before different sentences) share that too. The texts go through the
// model several at a time (BatchRows token rows per forward pass), which
// reads the weights once for all of them; a label's first token is scored
// from the logits after its text, so one-token labels cost no pass of
// their own.
func (m *CausalLM) LabelLogProbs(ctx context.Context, texts []string, labels []string) ([][]float64, error) {
	if len(labels) == 0 {
		return nil, fmt.Errorf("lm: no labels to score")
	}
	ls := make([][]int, len(labels))
	for j, l := range labels {
		if ls[j] = m.model.Tok.Encode(l); len(ls[j]) == 0 {
			return nil, fmt.Errorf("lm: label %d is empty", j)
		}
	}
	ps := make([][]int, len(texts))
	for i, t := range texts {
		var err error
		if ps[i], err = m.prompt(t); err != nil {
			return nil, fmt.Errorf("%w (text %d)", err, i)
		}
	}
	conts := make([][][]int, len(texts))
	for i := range conts {
		conts[i] = ls
	}
	if m.Unbatched {
		return m.scoreUnbatched(ctx, ps, conts, nil)
	}
	return m.scoreBatched(ctx, ps, conts, nil)
}

// prefixOrder sorts indices so that sequences with common prefixes are
// neighbours (lexicographic order of token ids).
func prefixOrder(seqs [][]int) []int {
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := seqs[order[a]], seqs[order[b]]
		for k := 0; k < len(x) && k < len(y); k++ {
			if x[k] != y[k] {
				return x[k] < y[k]
			}
		}
		return len(x) < len(y)
	})
	return order
}

// Generate continues prompt by up to maxTokens tokens: greedily at
// temperature 0, else by sampling with the seed (same seed, same text). It
// stops at the model's end-of-sequence token.
func (m *CausalLM) Generate(ctx context.Context, prompt string, maxTokens int, temperature float64, seed uint64) (string, error) {
	ids, err := m.prompt(prompt)
	if err != nil {
		return "", err
	}
	if maxTokens < 0 {
		return "", fmt.Errorf("lm: maxTokens %d < 0", maxTokens)
	}
	out, err := m.model.NewSession().Generate(ctx, ids, maxTokens, temperature, seed)
	return m.Decode(out), err
}
