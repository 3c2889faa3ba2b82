package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
)

// ErrIDX is wrapped by errors for a malformed IDX file.
var ErrIDX = errors.New("data: bad IDX file")

// IDX is an array read from the IDX format used by MNIST: Dims (e.g.
// [60000 28 28]) and the values, row-major, as float32 (bytes keep their
// 0..255 values).
type IDX struct {
	Dims []int
	Data []float32
}

// ReadIDX reads an IDX file, gzipped or not: magic 0,0,type,ndims, then
// ndims big-endian uint32 sizes, then the values big-endian.
func ReadIDX(path string) (*IDX, error) {
	f, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseIDX(f, path)
}

// ParseIDX is ReadIDX on a reader; name appears in error messages.
func ParseIDX(r io.Reader, name string) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("%w: %s: no header (%v)", ErrIDX, name, err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("%w: %s starts with % x, not an IDX magic number", ErrIDX, name, magic)
	}
	size, ok := map[byte]int{0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8}[magic[2]]
	if !ok {
		return nil, fmt.Errorf("%w: %s has unknown value type 0x%02x", ErrIDX, name, magic[2])
	}
	nd := int(magic[3])
	if nd == 0 {
		return nil, fmt.Errorf("%w: %s has no dimensions", ErrIDX, name)
	}
	dims := make([]uint32, nd)
	if err := binary.Read(r, binary.BigEndian, dims); err != nil {
		return nil, fmt.Errorf("%w: %s: truncated header (%v)", ErrIDX, name, err)
	}
	out := &IDX{}
	count := 1
	for _, d := range dims {
		out.Dims = append(out.Dims, int(d))
		count *= int(d)
		if count > 1<<31 {
			return nil, fmt.Errorf("%w: %s claims %v values, too many", ErrIDX, name, dims)
		}
	}
	raw := make([]byte, count*size)
	if n, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("%w: %s is truncated: %d of %d value bytes for dims %v", ErrIDX, name, n, len(raw), dims)
	}
	out.Data = make([]float32, count)
	for i := range out.Data {
		b := raw[i*size : (i+1)*size]
		switch magic[2] {
		case 0x08:
			out.Data[i] = float32(b[0])
		case 0x09:
			out.Data[i] = float32(int8(b[0]))
		case 0x0B:
			out.Data[i] = float32(int16(binary.BigEndian.Uint16(b)))
		case 0x0C:
			out.Data[i] = float32(int32(binary.BigEndian.Uint32(b)))
		case 0x0D:
			out.Data[i] = math.Float32frombits(binary.BigEndian.Uint32(b))
		case 0x0E:
			out.Data[i] = float32(math.Float64frombits(binary.BigEndian.Uint64(b)))
		}
	}
	return out, nil
}

// ReadMNIST reads an MNIST-layout pair of IDX files (images and labels, as
// in MNIST and Fashion-MNIST) into a Dataset with pixels scaled to [0, 1],
// Dim = rows×cols, and classes "0".."9". imagesPath and labelsPath may be
// gzipped.
func ReadMNIST(imagesPath, labelsPath string) (*Dataset, error) {
	img, err := ReadIDX(imagesPath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	if len(img.Dims) != 3 {
		return nil, fmt.Errorf("%w: %s has dims %v; images are n×rows×cols", ErrIDX, imagesPath, img.Dims)
	}
	if len(lab.Dims) != 1 || lab.Dims[0] != img.Dims[0] {
		return nil, fmt.Errorf("%w: %s has dims %v for %d images in %s", ErrIDX, labelsPath, lab.Dims, img.Dims[0], imagesPath)
	}
	d := &Dataset{X: img.Data, N: img.Dims[0], Dim: img.Dims[1] * img.Dims[2], Y: make([]int, img.Dims[0])}
	for i := range d.X {
		d.X[i] /= 255
	}
	maxLabel := 0
	for i, v := range lab.Data {
		if v < 0 || v != float32(int(v)) {
			return nil, fmt.Errorf("%w: %s: label %d is %v", ErrIDX, labelsPath, i, v)
		}
		d.Y[i] = int(v)
		maxLabel = max(maxLabel, int(v))
	}
	for c := 0; c <= maxLabel; c++ {
		d.Classes = append(d.Classes, fmt.Sprint(c))
	}
	return d, nil
}

// LoadMNIST reads split "train" or "t10k" from a directory holding the
// standard file names (train-images-idx3-ubyte[.gz] and so on).
func LoadMNIST(dir, split string) (*Dataset, error) {
	if split != "train" && split != "t10k" {
		return nil, fmt.Errorf("data: MNIST split %q: use \"train\" or \"t10k\"", split)
	}
	find := func(kind string) string {
		base := filepath.Join(dir, split+"-"+kind)
		if p := base + ".gz"; fileExists(p) {
			return p
		}
		return base
	}
	return ReadMNIST(find("images-idx3-ubyte"), find("labels-idx1-ubyte"))
}
