package claps

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/yaknb/yak/runtime/lm/store"
)

// repCacheVersion changes when Representatives would give a different
// answer for the same table, k and seed, so that old cache files are not
// read.
const repCacheVersion = 1

// RepCacheDir is where CachedRepresentatives keeps its files: a directory
// in the models cache (store.Root(), $YAK_MODELS), beside the models whose
// vocabularies it clusters.
func RepCacheDir() string { return filepath.Join(store.Root(), "claps-representatives") }

// CachedRepresentatives is Representatives(ctx, emb, nil, k, seed) paid
// once per vocabulary: the k-means of a model's whole vocabulary into the
// paper's 2,000 clusters takes minutes, and its answer depends only on the
// table, k and seed. The result is kept in dir (RepCacheDir() when dir is
// "") under a key that is the SHA-256 of the candidate words, their
// vectors, k and seed, so a different model, a different filtering of
// its vocabulary or other settings never read another's file. hit
// reports that the file was there. A cache that cannot be written is not
// an error (the representatives are returned); one that cannot be read is
// recomputed.
func CachedRepresentatives(ctx context.Context, emb *Embeddings, k int, seed uint64, dir string) (reps []string, hit bool, err error) {
	if emb == nil {
		return nil, false, fmt.Errorf("claps: CachedRepresentatives needs word vectors (claps.ModelVocabulary)")
	}
	if k < 1 {
		return nil, false, fmt.Errorf("claps: the number of clusters must be at least 1, got %d", k)
	}
	if dir == "" {
		dir = RepCacheDir()
	}
	path := filepath.Join(dir, repCacheKey(emb, k, seed)+".txt")
	if b, err := os.ReadFile(path); err == nil {
		if reps, ok := parseRepCache(b, emb); ok {
			return reps, true, nil
		}
	}
	reps, err = Representatives(ctx, emb, nil, k, seed)
	if err != nil {
		return nil, false, err
	}
	head := fmt.Sprintf("# claps representatives v%d: k=%d seed=%d of %d words of dimension %d\n", repCacheVersion, k, seed, emb.Len(), emb.Dim)
	if os.MkdirAll(dir, 0o755) == nil {
		// Through a temporary file, so that a reader never sees half of one.
		if f, err := os.CreateTemp(dir, ".reps-*"); err == nil {
			_, werr := f.WriteString(head + strings.Join(reps, "\n") + "\n")
			cerr := f.Close()
			if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
				os.Remove(f.Name())
			}
		}
	}
	return reps, false, nil
}

// repCacheKey hashes what the representatives depend on.
func repCacheKey(emb *Embeddings, k int, seed uint64) string {
	h := sha256.New()
	var buf [8]byte
	put := func(v uint64) {
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	put(repCacheVersion)
	put(uint64(k))
	put(seed)
	put(uint64(emb.Dim))
	put(uint64(emb.Len()))
	for _, w := range emb.Words {
		put(uint64(len(w)))
		h.Write([]byte(w))
	}
	chunk := make([]byte, 0, 1<<16)
	for i, v := range emb.Vectors {
		chunk = binary.LittleEndian.AppendUint32(chunk, math.Float32bits(v))
		if len(chunk) == cap(chunk) || i == len(emb.Vectors)-1 {
			h.Write(chunk)
			chunk = chunk[:0]
		}
	}
	return fmt.Sprintf("k%d-s%d-%s", k, seed, hex.EncodeToString(h.Sum(nil))[:24])
}

// parseRepCache reads a cache file; it rejects one whose words are not all
// in the table (a damaged or foreign file).
func parseRepCache(b []byte, emb *Embeddings) ([]string, bool) {
	var reps []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, ok := emb.index[line]; !ok {
			return nil, false
		}
		reps = append(reps, line)
	}
	return reps, len(reps) > 0
}
