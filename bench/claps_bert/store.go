package main

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// scoreStore keeps the memo's label scores on disk, so that a run stopped
// and started again (a later session continuing the remaining seeds and
// rows) computes no model input twice: the pruning a resumed seed needs
// again, and the rows it already finished, are answered from the file. It
// is a file of fixed-size records appended as batches finish: the first 16
// bytes of SHA-256(model, labels, input) and the label scores as float64.
// A record cut short by a crash is ignored when the file is read back.
type scoreStore struct {
	f      *os.File
	labels int
}

func storeKey(prefix, input string) [16]byte {
	h := sha256.Sum256([]byte(prefix + "\x00" + input))
	var k [16]byte
	copy(k[:], h[:16])
	return k
}

// storePrefix is the part of a key that names the model and the labels.
func storePrefix(model string, labels []string) string {
	return model + "\x00" + strings.Join(labels, "\x00")
}

// openStore reads the records of path (creating it if needed) into seen and
// opens it for appending; labels is the number of scores per record. The
// keys name the model and labels (storePrefix), so a file shared by two
// models or label sets never answers one with the other's scores; model
// (e.g. "bert bf16=true") is kept beside the file in path+".model", and a
// file written for another model or precision is refused.
func openStore(path, model string, labels int, seen map[[16]byte][]float64) (*scoreStore, error) {
	s := &scoreStore{labels: labels}
	size := 16 + 8*s.labels
	side := path + ".model"
	switch b, err := os.ReadFile(side); {
	case errors.Is(err, os.ErrNotExist):
		if err := os.WriteFile(side, []byte(model+"\n"), 0o644); err != nil {
			return nil, fmt.Errorf("score store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("score store: %w", err)
	case strings.TrimSpace(string(b)) != model:
		return nil, fmt.Errorf("score store %s holds the scores of %q, not %q: give -memo another file", path, strings.TrimSpace(string(b)), model)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("score store: %w", err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("score store %s: %w", path, err)
	}
	whole := len(b) / size * size
	for off := 0; off < whole; off += size {
		var k [16]byte
		copy(k[:], b[off:off+16])
		v := make([]float64, s.labels)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[off+16+8*i:]))
		}
		seen[k] = v
	}
	// Drop a torn last record so that appends stay aligned.
	if err := f.Truncate(int64(whole)); err != nil {
		f.Close()
		return nil, fmt.Errorf("score store %s: %w", path, err)
	}
	if _, err := f.Seek(int64(whole), io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	s.f = f
	return s, nil
}

// append writes the scores of one batch.
func (s *scoreStore) append(keys [][16]byte, scores [][]float64) error {
	size := 16 + 8*s.labels
	b := make([]byte, 0, len(keys)*size)
	for i, k := range keys {
		if len(scores[i]) != s.labels {
			return fmt.Errorf("score store: %d scores for %d labels", len(scores[i]), s.labels)
		}
		b = append(b, k[:]...)
		for _, v := range scores[i] {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	_, err := s.f.Write(b)
	return err
}

func (s *scoreStore) Close() error { return s.f.Close() }
