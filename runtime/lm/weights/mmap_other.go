//go:build !unix

package weights

import (
	"io"
	"math"
	"os"
)

// Without mmap the file is read into memory.
func mmap(f *os.File, size int) ([]byte, func([]byte) error, error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, nil, err
	}
	return b, func([]byte) error { return nil }, nil
}

func float32frombits(u uint32) float32 { return math.Float32frombits(u) }
