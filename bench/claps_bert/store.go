package main

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
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
// models or label sets never answers one with the other's scores. The keys
// cannot say which code computed a score, though, and a change to the
// runtime can move a model's scores without renaming it (session 7's packed
// bf16 head moved BERT's by up to 1e-4), so a resumed run would mix two
// scorers in one table. The side file path+".model" therefore holds model
// (e.g. "bert bf16=true") and probe, the scores of probeInput computed now:
// a file written for another model, or by a scorer whose probe scores
// differ in any bit, or before side files held a probe, is refused.
func openStore(path, model string, labels int, probe []float64, seen map[[16]byte][]float64) (*scoreStore, error) {
	s := &scoreStore{labels: labels}
	size := 16 + 8*s.labels
	side := path + ".model"
	want := model + "\n" + probeLine(probe) + "\n"
	switch b, err := os.ReadFile(side); {
	case errors.Is(err, os.ErrNotExist):
		if err := os.WriteFile(side, []byte(want), 0o644); err != nil {
			return nil, fmt.Errorf("score store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("score store: %w", err)
	default:
		had, stored, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		switch {
		case had != model:
			return nil, fmt.Errorf("score store %s holds the scores of %q, not %q: give -memo another file", path, had, model)
		case stored == "":
			return nil, fmt.Errorf("score store %s was written before score stores recorded a probe of the scorer, so its scores may come from older code (session 7 changed BERT's bf16 head and SmolLM2's one-row scoring): delete %s and %s, or give -memo another file", path, path, side)
		case stored != probeLine(probe):
			return nil, fmt.Errorf("score store %s was written by a scorer that scored the probe %q as %q, and this one scores it as %q: the model's code or weights changed, so its scores would mix two scorers; delete %s and %s, or give -memo another file", path, probeInput, strings.TrimPrefix(stored, "probe "), strings.TrimPrefix(probeLine(probe), "probe "), path, side)
		}
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

// probeInput is the input whose scores stand for the scorer's code in a
// store's side file.
const probeInput = "yak score store probe: a quiet film, patiently made and worth the evening."

// probeLine writes the probe's scores exactly (hexadecimal floats).
func probeLine(probe []float64) string {
	var b strings.Builder
	b.WriteString("probe")
	for _, v := range probe {
		b.WriteString(" " + strconv.FormatFloat(v, 'x', -1, 64))
	}
	return b.String()
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
