package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/claps"
)

// key names a row of the table: a seed and a method.
type key struct {
	seed   uint64
	method string
}

// finished reads the rows an earlier run with the same settings appended to
// out, so that a restarted run (or a second process on other seeds) skips
// them. A missing file has none.
func finished(out, settings string) (map[key]row, error) {
	done := map[key]row{}
	if out == "" {
		return done, nil
	}
	f, err := os.Open(out)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", out, err)
		}
		if r.Settings == settings {
			done[key{r.Seed, r.Method}] = r
		}
	}
	return done, sc.Err()
}

// searchMethod is the row name of a search, as Config.Run names it (and
// the random search's own).
func searchMethod(st claps.Strategy, prune bool, budget int64) string {
	name := claps.StrategyName(st)
	switch {
	case budget > 0:
		return "random search (ClaPS greedy's budget)"
	case prune:
		return "ClaPS " + name
	}
	return name + ", no pruning"
}

// representatives clusters the vocabulary through the models cache
// (claps.CachedRepresentatives: k-means is deterministic for a seed, and at
// 2,000 clusters it takes minutes) and writes them beside out as the
// record of the run's search space.
func representatives(ctx context.Context, vocab *claps.Embeddings, k int, out string) ([]string, error) {
	t0, cpu0 := time.Now(), cpuSeconds()
	reps, hit, err := claps.CachedRepresentatives(ctx, vocab, k, 1, "")
	if err != nil {
		return nil, err
	}
	from := "k-means"
	if hit {
		from = "the cache " + claps.RepCacheDir()
	}
	fmt.Fprintf(os.Stderr, "%d representatives of %d tokens from %s: %v wall, %.1f s CPU\n", len(reps), vocab.Len(), from, time.Since(t0).Round(time.Millisecond), cpuSeconds()-cpu0)
	if out == "" {
		return reps, nil
	}
	path := fmt.Sprintf("%s.reps-%d-%d.txt", strings.TrimSuffix(out, ".jsonl"), vocab.Len(), k)
	return reps, os.WriteFile(path, []byte(strings.Join(reps, "\n")+"\n"), 0o644)
}
