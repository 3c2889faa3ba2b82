//go:build unix

package weights

import (
	"math"
	"os"
	"syscall"
)

func mmap(f *os.File, size int) ([]byte, func([]byte) error, error) {
	if size == 0 {
		return nil, func([]byte) error { return nil }, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return b, syscall.Munmap, nil
}

func float32frombits(u uint32) float32 { return math.Float32frombits(u) }
