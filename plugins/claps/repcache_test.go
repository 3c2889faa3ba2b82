package claps

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCachedRepresentatives(t *testing.T) {
	words := []string{"good", "great", "fine", "bad", "awful", "poor", "table", "chair"}
	vecs := []float32{
		1, 0, 0, 0.9, 0.1, 0, 0.95, 0, 0.1,
		-1, 0, 0, -0.9, 0.1, 0, -0.95, 0, 0.1,
		0, 1, 0, 0, 0.9, 0.1,
	}
	emb := NewEmbeddings(words, vecs, 3)
	dir := t.TempDir()
	ctx := context.Background()
	want, err := Representatives(ctx, emb, nil, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	got, hit, err := CachedRepresentatives(ctx, emb, 3, 7, dir)
	if err != nil || hit || !reflect.DeepEqual(got, want) {
		t.Fatalf("first call: %v hit %v err %v, want %v computed", got, hit, err, want)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want one", files)
	}
	got, hit, err = CachedRepresentatives(ctx, emb, 3, 7, dir)
	if err != nil || !hit || !reflect.DeepEqual(got, want) {
		t.Fatalf("second call: %v hit %v err %v, want %v from the cache", got, hit, err, want)
	}
	// Other settings or another table never read that file.
	for name, c := range map[string]struct {
		emb  *Embeddings
		k    int
		seed uint64
	}{
		"k":     {emb, 2, 7},
		"seed":  {emb, 3, 8},
		"table": {NewEmbeddings(words, append(append([]float32(nil), vecs[:23]...), 0.2), 3), 3, 7},
	} {
		if _, hit, err := CachedRepresentatives(ctx, c.emb, c.k, c.seed, dir); err != nil || hit {
			t.Errorf("%s changed: hit %v err %v, want a fresh clustering", name, hit, err)
		}
	}
	// A damaged file (a word not in the table) is recomputed, not trusted.
	if err := os.WriteFile(files[0], []byte("# junk\nzebra\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, hit, err = CachedRepresentatives(ctx, emb, 3, 7, dir)
	if err != nil || hit || !reflect.DeepEqual(got, want) {
		t.Fatalf("damaged file: %v hit %v err %v, want %v recomputed", got, hit, err, want)
	}
	if _, _, err := CachedRepresentatives(ctx, emb, 0, 7, dir); err == nil {
		t.Error("k = 0 gave no error")
	}
}
