package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// decode parses JSON keeping numbers as json.Number, so integers in metadata
// and outputs survive a read and write unchanged.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not valid JSON: unexpected data after the notebook's closing brace")
	}
	return doc, nil
}

// jsonError says where in the file a syntax error is, as line:column.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := position(data, syn.Offset)
		return fmt.Errorf("not valid JSON at line %d, column %d: %v", line, col, syn)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("not valid JSON: the file is empty or ends early")
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

// position turns a json.SyntaxError offset (bytes read, the bad one
// included) into the 1-based line and column of the bad byte.
func position(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset-1 && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Parse decodes and validates an nbformat 4 notebook. Notebooks older than
// 4.5 are upgraded: cells without ids get stable derived ones.
func Parse(data []byte) (*Notebook, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	if err := Validate(doc); err != nil {
		return nil, err
	}
	nb := fromJSON(doc.(map[string]any))
	nb.upgrade()
	return nb, nil
}

// upgrade brings a valid nbformat 4.x notebook to 4.5.
func (nb *Notebook) upgrade() {
	if nb.NBFormatMinor >= Minor {
		return
	}
	nb.NBFormatMinor = Minor
	nb.EnsureIDs()
}

// EnsureIDs gives every cell without a valid, unique id a stable derived one.
func (nb *Notebook) EnsureIDs() {
	taken := map[string]bool{}
	for _, c := range nb.Cells {
		if cellIDPattern.MatchString(c.ID) {
			taken[c.ID] = true
		}
	}
	seen := map[string]bool{}
	for i := range nb.Cells {
		c := &nb.Cells[i]
		if cellIDPattern.MatchString(c.ID) && !seen[c.ID] {
			seen[c.ID] = true
			continue
		}
		c.ID = cellID(i, c.Source, taken)
		seen[c.ID] = true
	}
}

// Read reads and parses the notebook at path. Its errors name the file and
// say what is wrong with it.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such notebook (check the path)", path)
		}
		return nil, fmt.Errorf("%s: cannot read: %w", path, err)
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// New returns an empty nbformat 4.5 notebook.
func New() *Notebook {
	return &Notebook{Metadata: map[string]any{}, NBFormat: Major, NBFormatMinor: Minor}
}

// Encode marshals nb and checks that the result is a valid nbformat 4.5
// notebook, so nothing invalid is ever written.
func Encode(nb *Notebook) ([]byte, error) {
	data, err := Marshal(nb)
	if err != nil {
		return nil, err
	}
	if nb.NBFormat != Major || nb.NBFormatMinor != Minor {
		return nil, fmt.Errorf("notebook: refusing to write nbformat %d.%d as %d.%d", nb.NBFormat, nb.NBFormatMinor, Major, Minor)
	}
	if err := ValidateJSON(data); err != nil {
		return nil, fmt.Errorf("notebook: internal error, the notebook to write is invalid: %w", err)
	}
	return data, nil
}

// Write encodes nb and writes it to path atomically (see WriteFileAtomic).
func Write(path string, nb *Notebook) error {
	data, err := Encode(nb)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return WriteFileAtomic(path, data)
}

// WriteFileAtomic writes data to path so that readers see the old file or
// the complete new one, never a part: it writes a temporary file in the same
// directory (a rename is atomic only within one file system), syncs it to
// disk, renames it over path, and syncs the directory so the rename itself
// survives a crash. On any failure the temporary file is removed.
func WriteFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: cannot create a file in %s: %w", path, dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%s: write failed: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%s: sync failed: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s: write failed: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s: cannot replace the file: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // best effort: some file systems cannot sync directories
		d.Close()
	}
	return nil
}
