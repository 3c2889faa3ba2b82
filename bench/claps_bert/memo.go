package main

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/yaknb/yak/plugins/claps"
)

// memoScorer remembers the label scores of every model input across the
// rows of a run, so that an input two rows share (the pruning's
// single-token prompts in unpruned greedy's first round, a baseline's test
// sentences) is computed once. Each row's Evaluator still counts it as a
// query: the paper counts what a search asks the model, not what this
// bench happens to have at hand.
type memoScorer struct {
	inner    *claps.ModelScorer
	mu       sync.Mutex
	seen     map[string][]float64
	computed atomic.Int64
}

func newMemo(s *claps.ModelScorer) *memoScorer {
	return &memoScorer{inner: s, seen: map[string][]float64{}}
}

func (m *memoScorer) String() string { return m.inner.String() }

func (m *memoScorer) BatchSize() int { return m.inner.BatchSize() }

func (m *memoScorer) Score(ctx context.Context, input string, labels []string) ([]float64, error) {
	out, err := m.ScoreBatch(ctx, []string{input}, labels)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// ScoreBatch scores the inputs it has not seen in one call to the model.
// The labels are the task's and fixed for a run, so the input alone is the key.
func (m *memoScorer) ScoreBatch(ctx context.Context, inputs, labels []string) ([][]float64, error) {
	out := make([][]float64, len(inputs))
	var miss []string
	var at []int
	m.mu.Lock()
	for i, in := range inputs {
		if s, ok := m.seen[in]; ok {
			out[i] = s
		} else {
			miss = append(miss, in)
			at = append(at, i)
		}
	}
	m.mu.Unlock()
	if len(miss) == 0 {
		return out, nil
	}
	s, err := m.inner.ScoreBatch(ctx, miss, labels)
	if err != nil {
		return nil, err
	}
	m.computed.Add(int64(len(miss)))
	m.mu.Lock()
	for j, i := range at {
		out[i] = s[j]
		m.seen[miss[j]] = s[j]
	}
	m.mu.Unlock()
	return out, nil
}
