package lm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/yaknb/yak/runtime/lm/bert"
	"github.com/yaknb/yak/runtime/lm/store"
	"github.com/yaknb/yak/runtime/lm/tokenize"
)

// Reporter receives progress: how many texts are done (display.Progress
// implements it).
type Reporter interface {
	Set(done int, metrics ...any)
}

// Prediction is one candidate token with its log-probability.
type Prediction struct {
	Token   string
	ID      int
	LogProb float64
}

func (p Prediction) String() string { return fmt.Sprintf("%q %.4f", p.Token, p.LogProb) }

// MaskedLM is a BERT masked language model. Set BatchSize, MaxLen and
// Progress before use; methods may run concurrently.
type MaskedLM struct {
	Name      string
	Dir       string
	BatchSize int      // texts per forward pass (default 32)
	MaxLen    int      // tokens per text including [CLS] and [SEP] (default 512, the model's limit)
	Progress  Reporter // optional

	model *bert.Model
	tok   *tokenize.WordPiece
}

// resolve maps a model name or path to a directory of a fetched model.
func resolve(nameOrPath string) (string, error) {
	if strings.ContainsRune(nameOrPath, os.PathSeparator) || strings.HasPrefix(nameOrPath, ".") {
		if _, err := os.Stat(nameOrPath); err != nil {
			return "", fmt.Errorf("lm: %w", err)
		}
		return nameOrPath, nil
	}
	dir, _, err := store.Dir(nameOrPath)
	if err != nil {
		return "", fmt.Errorf("lm: %w", err)
	}
	return dir, nil
}

// LoadMasked loads a BERT masked LM by name (see `yak models list`) or from
// a converted model directory.
func LoadMasked(nameOrPath string) (*MaskedLM, error) { return loadMasked(nameOrPath, bert.Load) }

// LoadMaskedBF16 is LoadMasked with the encoder's weight matrices in
// bfloat16 (AMX tiles or AVX512_BF16 where the CPU has them): faster
// batches for about 170 MB more memory and a slower load; log-probabilities
// differ from the float32 model's by a few hundredths of a nat.
func LoadMaskedBF16(nameOrPath string) (*MaskedLM, error) {
	return loadMasked(nameOrPath, bert.LoadBF16)
}

func loadMasked(nameOrPath string, load func(string) (*bert.Model, error)) (*MaskedLM, error) {
	dir, err := resolve(nameOrPath)
	if err != nil {
		return nil, err
	}
	m, err := load(dir)
	if err != nil {
		return nil, fmt.Errorf("lm: %s is not a masked LM directory: %w", dir, err)
	}
	tok, err := tokenize.LoadWordPiece(filepath.Join(dir, "vocab.txt"), m.LowerCase)
	if err != nil {
		m.Close()
		return nil, err
	}
	if tok.VocabSize() != m.VocabSize {
		m.Close()
		return nil, fmt.Errorf("lm: %s: vocab.txt has %d tokens, the model %d", dir, tok.VocabSize(), m.VocabSize)
	}
	return &MaskedLM{Name: filepath.Base(dir), Dir: dir, BatchSize: 32, MaxLen: m.MaxPositions, model: m, tok: tok}, nil
}

// Close releases the mapped weights.
func (m *MaskedLM) Close() error { return m.model.Close() }

// Tokenize returns the word pieces of text (without [CLS]/[SEP]).
func (m *MaskedLM) Tokenize(text string) []string { return m.tok.Tokenize(text) }

// VocabSize is the number of tokens.
func (m *MaskedLM) VocabSize() int { return m.model.VocabSize }

// Hidden is the width of the embeddings.
func (m *MaskedLM) Hidden() int { return m.model.Hidden }

// Token returns the vocabulary entry with the given id.
func (m *MaskedLM) Token(id int) string { return m.tok.Token(id) }

// Vocab returns the vocabulary in id order.
func (m *MaskedLM) Vocab() []string {
	out := make([]string, m.model.VocabSize)
	for i := range out {
		out[i] = m.tok.Token(i)
	}
	return out
}

// Embedding returns a copy of token id's input embedding.
func (m *MaskedLM) Embedding(id int) ([]float32, error) {
	if id < 0 || id >= m.model.VocabSize {
		return nil, fmt.Errorf("lm: token id %d outside the vocabulary (0..%d)", id, m.model.VocabSize-1)
	}
	H := m.model.Hidden
	return append([]float32(nil), m.model.WordEmbeddings()[id*H:(id+1)*H]...), nil
}

// Embeddings returns the [VocabSize × Hidden] input embedding table, row by
// row (read-only: it is the memory-mapped file).
func (m *MaskedLM) Embeddings() []float32 { return m.model.WordEmbeddings() }

// ErrNoMask is returned for a text without [MASK].
var ErrNoMask = errors.New("lm: the text has no [MASK]")

// maskLogProbs runs the texts in length-sorted batches and calls f with each
// text's log-softmax over the vocabulary at its first [MASK].
func (m *MaskedLM) maskLogProbs(ctx context.Context, texts []string, f func(i int, logp []float32)) error {
	type item struct {
		i, mask int
		ids     []int
	}
	items := make([]item, len(texts))
	maxLen := m.MaxLen
	if maxLen <= 0 || maxLen > m.model.MaxPositions {
		maxLen = m.model.MaxPositions
	}
	for i, t := range texts {
		ids, cut := m.tok.Encode(t, 0)
		if len(ids) > maxLen {
			return fmt.Errorf("lm: text %d has %d tokens, more than MaxLen %d: shorten it (or raise MaxLen up to %d)", i, len(ids), maxLen, m.model.MaxPositions)
		}
		_ = cut
		mask := -1
		for j, id := range ids {
			if id == m.tok.MASK {
				mask = j
				break
			}
		}
		if mask < 0 {
			return fmt.Errorf("%w: text %d (%q)", ErrNoMask, i, clip(t))
		}
		items[i] = item{i, mask, ids}
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return len(items[order[a]].ids) < len(items[order[b]].ids) })
	bs := m.BatchSize
	if bs <= 0 {
		bs = 32
	}
	V := m.model.VocabSize
	for lo := 0; lo < len(order); lo += bs {
		hi := min(lo+bs, len(order))
		var batch [][]int
		var at []bert.Pos
		for j, o := range order[lo:hi] {
			batch = append(batch, items[o].ids)
			at = append(at, bert.Pos{Seq: j, Index: items[o].mask})
		}
		logits, err := m.model.MLMLogits(ctx, batch, at)
		if err != nil {
			return err
		}
		for j, o := range order[lo:hi] {
			row := logits[j*V : (j+1)*V]
			logSoftmax(row)
			f(items[o].i, row)
		}
		if m.Progress != nil {
			m.Progress.Set(hi)
		}
	}
	return nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}

func logSoftmax(x []float32) {
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

// topK returns the k largest entries of logp, best first (ties by id).
func topK(logp []float32, k int, token func(int) string) []Prediction {
	k = min(k, len(logp))
	idx := make([]int, 0, k+1)
	for i, v := range logp {
		if len(idx) == k && v <= logp[idx[k-1]] {
			continue
		}
		j := sort.Search(len(idx), func(j int) bool { return logp[idx[j]] < v })
		idx = append(idx, 0)
		copy(idx[j+1:], idx[j:])
		idx[j] = i
		if len(idx) > k {
			idx = idx[:k]
		}
	}
	out := make([]Prediction, len(idx))
	for i, id := range idx {
		out[i] = Prediction{Token: token(id), ID: id, LogProb: float64(logp[id])}
	}
	return out
}

// FillMask returns the k most likely tokens at the [MASK] of each text.
func (m *MaskedLM) FillMask(ctx context.Context, texts []string, k int) ([][]Prediction, error) {
	if k <= 0 {
		return nil, fmt.Errorf("lm: FillMask wants k >= 1, got %d", k)
	}
	out := make([][]Prediction, len(texts))
	err := m.maskLogProbs(ctx, texts, func(i int, logp []float32) {
		out[i] = topK(logp, k, m.tok.Token)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// WordIDs maps words to vocabulary ids; each must be a single token after
// lower-casing (for an uncased model). The error names the pieces of a word
// that is not.
func (m *MaskedLM) WordIDs(words []string) ([]int, error) {
	ids := make([]int, len(words))
	for i, w := range words {
		p := m.tok.Tokenize(w)
		if len(p) != 1 || p[0] == "[UNK]" {
			return nil, fmt.Errorf("lm: %q is not one token of %s's vocabulary (it splits into %q): pick a word that is", w, m.Name, p)
		}
		ids[i], _ = m.tok.ID(p[0])
	}
	return ids, nil
}

// WordLogProbs returns, for each text, the log-probability of each word at
// its [MASK]: out[text][word].
func (m *MaskedLM) WordLogProbs(ctx context.Context, texts []string, words []string) ([][]float64, error) {
	ids, err := m.WordIDs(words)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(texts))
	err = m.maskLogProbs(ctx, texts, func(i int, logp []float32) {
		row := make([]float64, len(ids))
		for j, id := range ids {
			row[j] = float64(logp[id])
		}
		out[i] = row
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LabelLogProbs is WordLogProbs under the name both model types share.
func (m *MaskedLM) LabelLogProbs(ctx context.Context, texts []string, labels []string) ([][]float64, error) {
	return m.WordLogProbs(ctx, texts, labels)
}
