package claps

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/plugins/internal/runs"
)

// InfluenceKind says how a token's influence is measured.
type InfluenceKind int

const (
	// RewardInfluence: reward with the token alone as the prompt minus the
	// reward with the empty prompt, on the training set.
	RewardInfluence InfluenceKind = iota
	// KLInfluence: the mean KL divergence between the class distributions
	// with the token alone as the prompt and with the empty prompt. It needs
	// no labels, and counts a token that moves predictions either way.
	KLInfluence
)

func (k InfluenceKind) String() string {
	if k == KLInfluence {
		return "KL"
	}
	return "reward"
}

// PruneOptions configures Prune.
type PruneOptions struct {
	Kind       InfluenceKind
	Percentile float64 // keep tokens at or above this percentile of influence [90]
	// Progress, if set, hears how many tokens have been measured.
	Progress display.Reporter
}

// Pruning is the outcome of Prune.
type Pruning struct {
	Kind       InfluenceKind
	Percentile float64
	Threshold  float64 // the influence at the percentile
	// Tokens are all candidates sorted by influence, most influential
	// first, with Influence aligned.
	Tokens    []string
	Influence []float64
	// Kept is the head of Tokens at or above Threshold: the search space.
	Kept    []string
	Queries int64         // model calls made to measure influence
	Elapsed time.Duration // wall time of the measurement
	// Exhausted reports that the query budget ran out before every token
	// was measured: Tokens then holds only the measured ones.
	Exhausted bool

	// scores are the label scores the measurement cached, handed to the
	// evaluators of the searches that use this pruning (Config.Pruning).
	scores map[string][]float64
}

// pruneChunk is the number of tokens measured per batch: large enough to
// keep the workers busy, small enough for progress to move.
const pruneChunk = 64

// Prune measures the influence of each token on the training set and keeps
// the tokens at or above the given percentile of influence, most
// influential first.
func Prune(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts PruneOptions) (*Pruning, error) {
	ctx = runs.Context(ctx)
	if opts.Percentile == 0 {
		opts.Percentile = 90
	}
	if opts.Percentile < 0 || opts.Percentile >= 100 {
		return nil, fmt.Errorf("claps: prune percentile must be in [0, 100), got %v", opts.Percentile)
	}
	if len(tokens) == 0 {
		return nil, fmt.Errorf("claps: Prune has no tokens")
	}
	q0, start := ev.Queries(), time.Now()
	infl, err := Influence(ctx, ev, tokens, train, opts.Kind, opts.Progress)
	exhausted := errors.Is(err, ErrBudget)
	if err != nil && !(exhausted && len(infl) > 0) {
		return nil, err
	}
	p := &Pruning{Kind: opts.Kind, Percentile: opts.Percentile, Queries: ev.Queries() - q0,
		Exhausted: exhausted, scores: ev.snapshot()}
	p.Tokens, p.Influence = sortByInfluence(tokens[:len(infl)], infl)
	p.Kept, p.Threshold = PruneByPercentile(p.Tokens, p.Influence, opts.Percentile)
	p.Elapsed = time.Since(start)
	return p, nil
}

// Influence returns each token's influence (see InfluenceKind), measured
// with the token alone as the prompt on set. When the evaluator's budget
// runs out it returns the influences of the tokens it could measure (a
// prefix of tokens) with an error wrapping ErrBudget.
func Influence(ctx context.Context, ev *Evaluator, tokens []string, set []Example, kind InfluenceKind, progress display.Reporter) ([]float64, error) {
	ctx = runs.Context(ctx)
	if len(set) == 0 {
		return nil, fmt.Errorf("claps: Influence needs examples")
	}
	base, err := ev.scores(ctx, []string{""}, set)
	if err != nil {
		return nil, fmt.Errorf("claps: scoring the empty prompt: %w", err)
	}
	baseEval := ev.summarize(base[0], set)
	baseDist := make([][]float64, len(set))
	for i, s := range base[0] {
		baseDist[i] = softmax(s)
	}
	out := make([]float64, len(tokens))
	for lo := 0; lo < len(tokens); lo += pruneChunk {
		hi := min(lo+pruneChunk, len(tokens))
		scores, err := ev.scores(ctx, tokens[lo:hi], set)
		if err != nil && !errors.Is(err, ErrBudget) {
			return nil, fmt.Errorf("claps: measuring influence (%d of %d tokens done): %w", lo, len(tokens), err)
		}
		for i, s := range scores {
			if kind == KLInfluence {
				var kl float64
				for j, sj := range s {
					kl += klDiv(softmax(sj), baseDist[j])
				}
				out[lo+i] = kl / float64(len(set))
			} else {
				out[lo+i] = ev.summarize(s, set).Reward - baseEval.Reward
			}
		}
		if progress != nil {
			progress.Set(lo + len(scores))
		}
		if err != nil {
			return out[:lo+len(scores)], fmt.Errorf("claps: measuring influence (%d of %d tokens done): %w", lo+len(scores), len(tokens), err)
		}
	}
	return out, nil
}

func klDiv(p, q []float64) float64 {
	var kl float64
	for i := range p {
		if p[i] > 0 {
			kl += p[i] * math.Log(p[i]/math.Max(q[i], 1e-300))
		}
	}
	return kl
}

// sortByInfluence returns the tokens and influences, most influential
// first; equal influences keep the input order.
func sortByInfluence(tokens []string, infl []float64) ([]string, []float64) {
	idx := make([]int, len(tokens))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return infl[idx[a]] > infl[idx[b]] })
	ts := make([]string, len(idx))
	fs := make([]float64, len(idx))
	for i, j := range idx {
		ts[i], fs[i] = tokens[j], infl[j]
	}
	return ts, fs
}

// PruneByPercentile keeps the tokens whose influence is at or above the
// pct-th percentile of all influences (linear interpolation between order
// statistics, as numpy.percentile), in the order given. It returns the kept
// tokens and the threshold.
func PruneByPercentile(tokens []string, influence []float64, pct float64) ([]string, float64) {
	if len(tokens) != len(influence) {
		panic(fmt.Sprintf("claps: PruneByPercentile: %d tokens but %d influences", len(tokens), len(influence)))
	}
	if len(tokens) == 0 {
		return nil, math.NaN()
	}
	th := Percentile(influence, pct)
	var kept []string
	for i, t := range tokens {
		if influence[i] >= th {
			kept = append(kept, t)
		}
	}
	return kept, th
}

// Percentile returns the pct-th percentile of xs (0 <= pct <= 100) with
// linear interpolation between the closest ranks.
func Percentile(xs []float64, pct float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := pct / 100 * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (pos-float64(lo))*(s[hi]-s[lo])
}
