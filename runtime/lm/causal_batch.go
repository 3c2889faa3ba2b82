package lm

import (
	"context"

	"github.com/yaknb/yak/runtime/lm/llama"
)

// defaultBatchRows is CausalLM.BatchRows's default: about 10 texts of a
// prompt search per forward pass. Each pass reads every weight once, so
// more rows per pass cost less per row until the activations (23 KB a row
// for SmolLM2-135M) crowd the weights out of the caches; BENCHMARKS.md
// (language models) has the measurement.
const defaultBatchRows = 512

// minShared is the shortest prefix that texts share through a forked
// session rather than each computing it: below it the copy of the keys and
// values costs about what it saves.
const minShared = 4

// textGroup is a run of texts (in prefix order) that share their first
// shared tokens.
type textGroup struct {
	texts  []int
	shared int
	prefix *llama.Session
}

// groupByPrefix cuts the texts, in prefixOrder, into runs that share at
// least minShared leading tokens, each text keeping at least one token of
// its own (its last token's logits are the first label's distribution).
func groupByPrefix(ps [][]int, order []int) []textGroup {
	var out []textGroup
	for _, i := range order {
		if n := len(out); n > 0 {
			g := &out[n-1]
			first := ps[g.texts[0]]
			c := 0
			for c < g.shared && c < len(ps[i])-1 && first[c] == ps[i][c] {
				c++
			}
			if c >= minShared {
				g.shared = c
				g.texts = append(g.texts, i)
				continue
			}
		}
		out = append(out, textGroup{texts: []int{i}, shared: len(ps[i]) - 1})
	}
	for k := range out {
		if len(out[k].texts) < 2 {
			out[k].shared = 0 // nothing to share
		}
	}
	return out
}

// labelLogProbsBatched is LabelLogProbs with the rows of several texts in
// each forward pass (llama.Model.FeedBatch): the prefix each group of texts
// shares is computed once and forked, every text's own tokens follow in
// passes of about BatchRows rows, and labels of more than one token are
// fed after their text in a further pass. A score has the bits the
// one-text-at-a-time path gives it (TestLabelLogProbsBatchedSameBits).
func (m *CausalLM) labelLogProbsBatched(ctx context.Context, ps, ls [][]int) ([][]float64, error) {
	md := m.model
	rowsPerPass := m.BatchRows
	if rowsPerPass <= 0 {
		rowsPerPass = defaultBatchRows
	}
	groups := groupByPrefix(ps, prefixOrder(ps))
	// The shared prefixes, in passes of about rowsPerPass rows.
	var ss []*llama.Session
	var toks [][]int
	rows := 0
	flush := func(last []int) ([][]float32, error) {
		out, err := md.FeedBatch(ctx, ss, toks, last)
		ss, toks, rows = ss[:0], toks[:0], 0
		return out, err
	}
	zeros := func(n int) []int { return make([]int, n) }
	for k := range groups {
		g := &groups[k]
		if g.shared == 0 {
			continue
		}
		g.prefix = md.NewSession()
		ss, toks = append(ss, g.prefix), append(toks, ps[g.texts[0]][:g.shared])
		if rows += g.shared; rows >= rowsPerPass {
			if _, err := flush(zeros(len(ss))); err != nil {
				return nil, err
			}
		}
	}
	if len(ss) > 0 {
		if _, err := flush(zeros(len(ss))); err != nil {
			return nil, err
		}
	}

	out := make([][]float64, len(ps))
	var chunk []int // texts of the pass, in the order of ss
	done := 0
	pass := func() error {
		ones := make([]int, len(ss))
		for i := range ones {
			ones[i] = 1
		}
		textSess := append([]*llama.Session(nil), ss...)
		lg, err := flush(ones)
		if err != nil {
			return err
		}
		if err := m.scoreLabels(ctx, chunk, textSess, lg, ls, out); err != nil {
			return err
		}
		done += len(chunk)
		chunk = chunk[:0]
		if m.Progress != nil {
			m.Progress.Set(done)
		}
		return nil
	}
	for k := range groups {
		g := &groups[k]
		for _, i := range g.texts {
			s := md.NewSession()
			if g.prefix != nil {
				s = g.prefix.Fork()
			}
			chunk = append(chunk, i)
			ss, toks = append(ss, s), append(toks, ps[i][g.shared:])
			if rows += len(ps[i]) - g.shared; rows >= rowsPerPass {
				if err := pass(); err != nil {
					return nil, err
				}
			}
		}
		g.prefix = nil // its forks hold copies
	}
	if len(ss) > 0 {
		if err := pass(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scoreLabels fills out[text] for the texts of one pass: the first token of
// every label from the logits after the text (lg, one row each), the rest
// of a longer label from one more batched pass over forks of the text's
// session.
func (m *CausalLM) scoreLabels(ctx context.Context, texts []int, sess []*llama.Session, lg [][]float32, ls [][]int, out [][]float64) error {
	V := m.model.Vocab
	type tail struct{ text, label int }
	var tails []tail
	var ss []*llama.Session
	var toks [][]int
	var last []int
	for n, i := range texts {
		row := lg[n][:V]
		llama.LogSoftmax(row)
		out[i] = make([]float64, len(ls))
		for j, l := range ls {
			out[i][j] = float64(row[l[0]])
			if len(l) > 1 {
				tails = append(tails, tail{n, j})
				ss = append(ss, sess[n].Fork())
				toks = append(toks, l[:len(l)-1])
				last = append(last, len(l)-1)
			}
		}
	}
	if len(tails) == 0 {
		return nil
	}
	tl, err := m.model.FeedBatch(ctx, ss, toks, last)
	if err != nil {
		return err
	}
	for k, t := range tails {
		l := ls[t.label]
		for p, tok := range l[1:] {
			row := tl[k][p*V : (p+1)*V]
			llama.LogSoftmax(row)
			out[texts[t.text]][t.label] += float64(row[tok])
		}
	}
	return nil
}
