package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/yaknb/yak/plugins/claps"
)

// memoScorer remembers the label scores of every model input across the
// rows of a run, so that an input two rows share (the pruning's
// single-token prompts in unpruned greedy's first round, a baseline's test
// sentences) is computed once. Each row's Evaluator still counts it as a
// query: the paper counts what a search asks the model, not what this
// bench happens to have at hand. With a store (-memo) the scores also
// outlive the process.
type memoScorer struct {
	inner    *claps.ModelScorer
	mu       sync.Mutex
	seen     map[[16]byte][]float64
	store    *scoreStore
	prefix   string
	computed atomic.Int64
}

// newMemo memoizes s's scores of the given labels (the task's, fixed for a
// run): the key is the model's description, the labels and the input.
func newMemo(s *claps.ModelScorer, labels []string) *memoScorer {
	return &memoScorer{inner: s, seen: map[[16]byte][]float64{}, prefix: storePrefix(s.String(), labels)}
}

// persist loads the scores of path and appends every new score to it;
// model names the model and its precision, and the scores of probeInput
// under labels stand for the scorer's code (see openStore).
func (m *memoScorer) persist(ctx context.Context, path, model string, labels []string) (loaded int, err error) {
	probe, err := m.inner.ScoreBatch(ctx, []string{probeInput}, labels)
	if err != nil {
		return 0, fmt.Errorf("score store: the probe: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	st, err := openStore(path, model, len(labels), probe[0], m.seen)
	if err != nil {
		return 0, err
	}
	m.store = st
	return len(m.seen), nil
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
	var keys [][16]byte
	m.mu.Lock()
	for i, in := range inputs {
		k := storeKey(m.prefix, in)
		if s, ok := m.seen[k]; ok {
			out[i] = s
		} else {
			miss = append(miss, in)
			at = append(at, i)
			keys = append(keys, k)
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
	defer m.mu.Unlock()
	for j, i := range at {
		out[i] = s[j]
		m.seen[keys[j]] = s[j]
	}
	if m.store != nil {
		if err := m.store.append(keys, s); err != nil {
			return nil, err
		}
	}
	return out, nil
}
