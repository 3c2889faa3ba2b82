package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"syscall"

	"github.com/yaknb/yak/runtime/lm/ops"
)

// TensorInfo describes one tensor; Dims are GGML's ne (fastest first).
type TensorInfo struct {
	Name   string
	Dims   []int
	Type   ops.QType
	Offset int64 // from the start of the data section
}

// File is an open GGUF file.
type File struct {
	Path    string
	Version int
	Meta    map[string]any
	Tensors map[string]TensorInfo
	data    []byte
	mapping []byte
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) need(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.off+n > len(r.b) {
		r.err = errors.New("unexpected end of file in the header")
		return nil
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) u32() uint32 {
	if b := r.need(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.need(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *reader) str() string {
	n := r.u64()
	if n > 1<<30 {
		r.err = fmt.Errorf("string of %d bytes in the header", n)
		return ""
	}
	return string(r.need(int(n)))
}

func (r *reader) value(t uint32) any {
	switch t {
	case 0:
		if b := r.need(1); b != nil {
			return uint64(b[0])
		}
	case 1:
		if b := r.need(1); b != nil {
			return int64(int8(b[0]))
		}
	case 2:
		if b := r.need(2); b != nil {
			return uint64(binary.LittleEndian.Uint16(b))
		}
	case 3:
		if b := r.need(2); b != nil {
			return int64(int16(binary.LittleEndian.Uint16(b)))
		}
	case 4:
		return uint64(r.u32())
	case 5:
		return int64(int32(r.u32()))
	case 6:
		return float64(math.Float32frombits(r.u32()))
	case 7:
		if b := r.need(1); b != nil {
			return b[0] != 0
		}
	case 8:
		return r.str()
	case 9:
		et := r.u32()
		n := r.u64()
		if n > 1<<28 {
			r.err = fmt.Errorf("array of %d elements in the header", n)
			return nil
		}
		switch et {
		case 8:
			out := make([]string, n)
			for i := range out {
				out[i] = r.str()
			}
			return out
		case 6, 12:
			out := make([]float64, n)
			for i := range out {
				out[i], _ = r.value(et).(float64)
			}
			return out
		default:
			out := make([]int64, n)
			for i := range out {
				switch v := r.value(et).(type) {
				case int64:
					out[i] = v
				case uint64:
					out[i] = int64(v)
				case bool:
					if v {
						out[i] = 1
					}
				}
			}
			return out
		}
	case 10:
		return r.u64()
	case 11:
		return int64(r.u64())
	case 12:
		return math.Float64frombits(r.u64())
	default:
		r.err = fmt.Errorf("unknown metadata value type %d", t)
	}
	return nil
}

// Open maps and parses a GGUF file.
func Open(path string) (*File, error) {
	fd, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	st, err := fd.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < 24 {
		return nil, fmt.Errorf("gguf: %s is too short to be a GGUF file", path)
	}
	m, err := syscall.Mmap(int(fd.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("gguf: mapping %s: %w", path, err)
	}
	f, err := parse(path, m)
	if err != nil {
		syscall.Munmap(m)
		return nil, err
	}
	return f, nil
}

func parse(path string, m []byte) (*File, error) {
	r := &reader{b: m}
	if string(r.need(4)) != "GGUF" {
		return nil, fmt.Errorf("gguf: %s is not a GGUF file (bad magic)", path)
	}
	f := &File{Path: path, Version: int(r.u32()), Meta: map[string]any{}, Tensors: map[string]TensorInfo{}, mapping: m}
	if f.Version < 2 || f.Version > 3 {
		return nil, fmt.Errorf("gguf: %s is GGUF version %d: only versions 2 and 3 are supported", path, f.Version)
	}
	nt, nkv := r.u64(), r.u64()
	if nt > 1<<20 || nkv > 1<<20 {
		return nil, fmt.Errorf("gguf: %s: implausible counts (%d tensors, %d keys)", path, nt, nkv)
	}
	for i := uint64(0); i < nkv && r.err == nil; i++ {
		k := r.str()
		f.Meta[k] = r.value(r.u32())
	}
	var order []string
	for i := uint64(0); i < nt && r.err == nil; i++ {
		ti := TensorInfo{Name: r.str()}
		nd := r.u32()
		if nd > 4 {
			return nil, fmt.Errorf("gguf: %s: tensor %q has %d dimensions", path, ti.Name, nd)
		}
		for d := uint32(0); d < nd; d++ {
			ti.Dims = append(ti.Dims, int(r.u64()))
		}
		ti.Type = ops.QType(r.u32())
		ti.Offset = int64(r.u64())
		f.Tensors[ti.Name] = ti
		order = append(order, ti.Name)
	}
	if r.err != nil {
		return nil, fmt.Errorf("gguf: %s: %w", path, r.err)
	}
	align := 32
	if a, ok := f.Meta["general.alignment"].(uint64); ok && a > 0 {
		align = int(a)
	}
	start := (r.off + align - 1) / align * align
	if start > len(m) {
		return nil, fmt.Errorf("gguf: %s: no tensor data (truncated?)", path)
	}
	f.data = m[start:]
	for _, n := range order {
		ti := f.Tensors[n]
		if _, err := f.bytes(ti); err != nil {
			if _, _, ok := ti.Type.BlockSize(); !ok {
				continue // an unsupported type fails when the tensor is used
			}
			return nil, fmt.Errorf("gguf: %s: %w", path, err)
		}
	}
	return f, nil
}

func (f *File) bytes(ti TensorInfo) ([]byte, error) {
	w, b, ok := ti.Type.BlockSize()
	if !ok {
		return nil, fmt.Errorf("tensor %q has %v, which is not supported (F32, F16, Q4_0, Q4_1, Q8_0)", ti.Name, ti.Type)
	}
	n := 1
	for _, d := range ti.Dims {
		n *= d
	}
	size := int64(n / w * b)
	if ti.Offset < 0 || ti.Offset+size > int64(len(f.data)) {
		return nil, fmt.Errorf("tensor %q lies outside the file (truncated?)", ti.Name)
	}
	return f.data[ti.Offset : ti.Offset+size], nil
}

// Names lists the tensors, sorted.
func (f *File) Names() []string {
	out := make([]string, 0, len(f.Tensors))
	for n := range f.Tensors {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Matrix returns a 2-D tensor (or a 1-D one as one row) as a quantized
// matrix aliasing the mapping.
func (f *File) Matrix(name string) (*ops.QMatrix, error) {
	ti, ok := f.Tensors[name]
	if !ok {
		return nil, fmt.Errorf("gguf: %s has no tensor %q", f.Path, name)
	}
	b, err := f.bytes(ti)
	if err != nil {
		return nil, fmt.Errorf("gguf: %s: %w", f.Path, err)
	}
	cols, rows := ti.Dims[0], 1
	for _, d := range ti.Dims[1:] {
		rows *= d
	}
	return ops.NewQMatrix(ti.Type, rows, cols, b)
}

// Float32 returns a tensor dequantized to float32 (a copy).
func (f *File) Float32(name string) ([]float32, error) {
	m, err := f.Matrix(name)
	if err != nil {
		return nil, err
	}
	out := make([]float32, m.Rows*m.Cols)
	for r := 0; r < m.Rows; r++ {
		m.DequantizeRow(out[r*m.Cols:(r+1)*m.Cols], r)
	}
	return out, nil
}

// Int returns an integer metadata value.
func (f *File) Int(key string) (int, error) {
	switch v := f.Meta[key].(type) {
	case uint64:
		return int(v), nil
	case int64:
		return int(v), nil
	}
	return 0, fmt.Errorf("gguf: %s has no integer %q", f.Path, key)
}

// Float returns a float metadata value.
func (f *File) Float(key string) (float64, error) {
	if v, ok := f.Meta[key].(float64); ok {
		return v, nil
	}
	return 0, fmt.Errorf("gguf: %s has no number %q", f.Path, key)
}

// String returns a string metadata value.
func (f *File) String(key string) (string, error) {
	if v, ok := f.Meta[key].(string); ok {
		return v, nil
	}
	return "", fmt.Errorf("gguf: %s has no string %q", f.Path, key)
}

// Close unmaps the file; matrices from it must not be used after.
func (f *File) Close() error {
	if f.mapping == nil {
		return nil
	}
	err := syscall.Munmap(f.mapping)
	f.mapping, f.data = nil, nil
	return err
}
