package claps

import (
	"context"
	"fmt"
	"sort"

	"github.com/yaknb/yak/plugins/internal/runs"
	"github.com/yaknb/yak/runtime/cluster"
)

// Representatives clusters the vectors of words (all of emb's words when
// words is nil) into k clusters with the runtime's k-means
// (runtime/cluster: k-means++ seeded by seed, then Lloyd iterations) and returns, for
// each cluster, the member nearest its centre. Duplicates collapse (two
// clusters can elect the same word only when words repeats), empty clusters
// elect nothing, and the result is in emb's order (most frequent first for
// the shipped tables). With k >= len(words) every word represents itself.
func Representatives(ctx context.Context, emb *Embeddings, words []string, k int, seed uint64) ([]string, error) {
	if emb == nil {
		return nil, fmt.Errorf("claps: Representatives needs word vectors")
	}
	if words == nil {
		words = emb.Words
	}
	if k < 1 {
		return nil, fmt.Errorf("claps: the number of clusters must be at least 1, got %d", k)
	}
	sub := emb.Subset(dedupe(words))
	if sub.Len() == 0 {
		return nil, fmt.Errorf("claps: none of the %d candidate words has a vector", len(words))
	}
	if k >= sub.Len() {
		return sub.Words, nil
	}
	m, err := cluster.KMeans(runs.Context(ctx), sub.Vectors, sub.Len(), sub.Dim, cluster.Options{K: k, Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("claps: clustering the vocabulary: %w", err)
	}
	best, err := m.Representatives(sub.Vectors, sub.Len())
	if err != nil {
		return nil, fmt.Errorf("claps: clustering the vocabulary: %w", err)
	}
	var idx []int
	for _, i := range best {
		if i >= 0 {
			idx = append(idx, i)
		}
	}
	sort.Ints(idx)
	out := make([]string, len(idx))
	for j, i := range idx {
		out[j] = sub.Words[i]
	}
	return dedupe(out), nil
}

func dedupe(words []string) []string {
	seen := make(map[string]bool, len(words))
	out := make([]string, 0, len(words))
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
