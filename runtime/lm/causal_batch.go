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

// scoreBatched scores conts[i], every continuation of text i, after the
// text's tokens ps[i]: out[i][j] is the total log-probability of conts[i][j].
// LabelLogProbs gives every text the same labels; ContinuationLogProbs one
// continuation per distinct prompt (or several, when a prompt repeats).
// The rows of several texts go into each forward pass (llama.Model.FeedBatch):
// the prefix each group of texts shares is computed once and forked, and
// every text's own tokens follow in passes of about BatchRows rows, each
// carrying one of the text's continuations (textFeed); the other
// continuations of more than one token go through further passes over
// forks of the text's session. A score has the bits the one-text-at-a-time
// path gives it (TestLabelLogProbsBatchedSameBits,
// TestContinuationLogProbsBatchedSameBits). Progress counts weight[i] for
// text i (1 each when weight is nil). On an error, the context's included,
// it returns no scores.
func (m *CausalLM) scoreBatched(ctx context.Context, ps [][]int, conts [][][]int, weight []int) ([][]float64, error) {
	md := m.model
	rowsPerPass := m.rowsPerPass()
	groups := groupByPrefix(ps, prefixOrder(ps))
	// The shared prefixes, in passes of about rowsPerPass rows.
	var ss []*llama.Session
	var toks [][]int
	var last []int
	rows := 0
	flush := func() ([][]float32, error) {
		out, err := md.FeedBatch(ctx, ss, toks, last)
		ss, toks, last, rows = ss[:0], toks[:0], last[:0], 0
		return out, err
	}
	for k := range groups {
		g := &groups[k]
		if g.shared == 0 {
			continue
		}
		g.prefix = md.NewSession()
		ss, toks, last = append(ss, g.prefix), append(toks, ps[g.texts[0]][:g.shared]), append(last, 0)
		if rows += g.shared; rows >= rowsPerPass {
			if _, err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if len(ss) > 0 {
		if _, err := flush(); err != nil {
			return nil, err
		}
	}

	out := make([][]float64, len(ps))
	var chunk []int    // texts of the pass, in the order of ss
	var carriers []int // the continuation each carries
	done := 0
	pass := func() error {
		textSess := append([]*llama.Session(nil), ss...)
		lg, err := flush()
		if err != nil {
			return err
		}
		if err := m.scoreConts(ctx, chunk, carriers, textSess, lg, ps, conts, out); err != nil {
			return err
		}
		for _, i := range chunk {
			if weight == nil {
				done++
			} else {
				done += weight[i]
			}
		}
		chunk, carriers = chunk[:0], carriers[:0]
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
			feed, carrier, want := textFeed(ps[i][g.shared:], conts[i])
			chunk, carriers = append(chunk, i), append(carriers, carrier)
			ss, toks, last = append(ss, s), append(toks, feed), append(last, want)
			if rows += len(feed); rows >= rowsPerPass {
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

// textFeed returns what a text's session is fed in its pass: the text's
// own tokens (after its group's shared prefix), then its longest
// continuation but the last token, so that one continuation costs no pass
// of its own; and which continuation that is and how many rows of logits
// the pass returns (the one after the text, then one per continuation
// token). The feed is never a single token: a forward pass of one row
// takes other kernels (matrix-vector products) whose sums round
// differently, so a one-token text with one-token continuations is fed
// with its carrier's token too, whose logits are not needed.
func textFeed(own []int, cs [][]int) (feed []int, carrier, last int) {
	for j, c := range cs {
		if len(c) > len(cs[carrier]) {
			carrier = j
		}
	}
	c := cs[carrier]
	feed = append(append(make([]int, 0, len(own)+len(c)), own...), c[:len(c)-1]...)
	last = len(c)
	if len(feed) < 2 {
		feed = append(feed, c[len(c)-1])
		last = 2
	}
	return feed, carrier, last
}

func (m *CausalLM) rowsPerPass() int {
	if m.BatchRows <= 0 {
		return defaultBatchRows
	}
	return m.BatchRows
}

// scoreConts fills out[text] for the texts of one pass: every
// continuation's first token from the logits after the text (lg[n]'s first
// row), the carrier's other tokens from the rows after it, and the other
// continuations of more than one token from further batched passes of
// about BatchRows rows over forks of the text's session.
func (m *CausalLM) scoreConts(ctx context.Context, texts, carriers []int, sess []*llama.Session, lg [][]float32, ps [][]int, conts [][][]int, out [][]float64) error {
	V := m.model.Vocab
	// sum adds the log-probabilities of toks, each from its row of logits.
	sum := func(total *float64, logits []float32, toks []int) {
		for p, tok := range toks {
			row := logits[p*V : (p+1)*V]
			*total += float64(row[tok] - logSumExp(row))
		}
	}
	type tail struct{ text, cont int }
	var tails []tail
	var ss []*llama.Session
	var toks [][]int
	var last []int
	rows := 0
	feed := func() error {
		tl, err := m.model.FeedBatch(ctx, ss, toks, last)
		if err != nil {
			return err
		}
		for k, t := range tails {
			i := texts[t.text]
			c := conts[i][t.cont]
			sum(&out[i][t.cont], tl[k], c[1:])
		}
		tails, ss, toks, last, rows = tails[:0], ss[:0], toks[:0], last[:0], 0
		return nil
	}
	for n, i := range texts {
		first := lg[n][:V]
		lse := logSumExp(first)
		out[i] = make([]float64, len(conts[i]))
		for j, c := range conts[i] {
			out[i][j] = float64(first[c[0]] - lse)
			switch {
			case j == carriers[n]:
				sum(&out[i][j], lg[n][V:], c[1:])
			case len(c) > 1:
				// Back to before the text's last token when the
				// continuation alone would be a one-row feed.
				back := 0
				if len(c) == 2 {
					back = 1
				}
				s := sess[n].Fork()
				s.Rewind(len(ps[i]) - back)
				tails = append(tails, tail{n, j})
				ss = append(ss, s)
				toks = append(toks, append(append([]int(nil), ps[i][len(ps[i])-back:]...), c[:len(c)-1]...))
				last = append(last, len(c)-1)
				if rows += len(c) - 1 + back; rows >= m.rowsPerPass() {
					if err := feed(); err != nil {
						return err
					}
				}
			}
		}
	}
	if len(tails) == 0 {
		return nil
	}
	return feed()
}
