package ckpt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
)

// tableMagic ends every LevelDB table file.
const tableMagic = 0xdb4775248b80fb57

// DType is a TensorFlow DataType enum value.
type DType int

// The dtypes this package can convert to float32.
const (
	Float32 DType = 1
	Float64 DType = 2
	Int32   DType = 3
	Int64   DType = 9
)

// Entry describes one tensor of a checkpoint.
type Entry struct {
	Name   string
	DType  DType
	Shape  []int
	Shard  int
	Offset int64
	Size   int64
}

// Index is a decoded variables.index.
type Index struct {
	Entries map[string]Entry
	Shards  int
}

// Names returns the tensor names, sorted.
func (ix *Index) Names() []string {
	out := make([]string, 0, len(ix.Entries))
	for n := range ix.Entries {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ReadIndexFile reads and decodes a variables.index file.
func ReadIndexFile(path string) (*Index, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ix, err := DecodeIndex(b)
	if err != nil {
		return nil, fmt.Errorf("ckpt: %s: %w", path, err)
	}
	return ix, nil
}

// DecodeIndex decodes the bytes of a variables.index file.
func DecodeIndex(b []byte) (*Index, error) {
	if len(b) < 48 {
		return nil, errors.New("not a checkpoint index: shorter than a table footer")
	}
	foot := b[len(b)-48:]
	if binary.LittleEndian.Uint64(foot[40:]) != tableMagic {
		return nil, errors.New("not a checkpoint index: the table magic number is missing")
	}
	r := foot
	if _, _, err := readHandle(&r); err != nil { // metaindex: unused
		return nil, err
	}
	off, size, err := readHandle(&r)
	if err != nil {
		return nil, err
	}
	idx, err := block(b, off, size)
	if err != nil {
		return nil, fmt.Errorf("index block: %w", err)
	}
	ix := &Index{Entries: map[string]Entry{}, Shards: 1}
	err = entries(idx, func(_ string, v []byte) error {
		r := v
		doff, dsize, err := readHandle(&r)
		if err != nil {
			return err
		}
		data, err := block(b, doff, dsize)
		if err != nil {
			return fmt.Errorf("data block at %d: %w", doff, err)
		}
		return entries(data, func(k string, v []byte) error {
			if k == "" {
				n, err := headerShards(v)
				if err != nil {
					return fmt.Errorf("bundle header: %w", err)
				}
				ix.Shards = n
				return nil
			}
			e, err := decodeEntry(v)
			if err != nil {
				return fmt.Errorf("entry %q: %w", k, err)
			}
			e.Name = k
			ix.Entries[k] = e
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return ix, nil
}

func readHandle(r *[]byte) (int64, int64, error) {
	off, n := binary.Uvarint(*r)
	if n <= 0 {
		return 0, 0, errors.New("bad block handle")
	}
	*r = (*r)[n:]
	size, n := binary.Uvarint(*r)
	if n <= 0 {
		return 0, 0, errors.New("bad block handle")
	}
	*r = (*r)[n:]
	return int64(off), int64(size), nil
}

// block returns the entries part of the block at [off, off+size), checking
// the trailer's compression byte.
func block(b []byte, off, size int64) ([]byte, error) {
	if off < 0 || size < 4 || off+size+5 > int64(len(b)) {
		return nil, fmt.Errorf("block [%d, +%d) outside the file (%d bytes)", off, size, len(b))
	}
	if c := b[off+size]; c != 0 {
		return nil, fmt.Errorf("compressed block (type %d): only uncompressed tables are supported", c)
	}
	blk := b[off : off+size]
	nr := int64(binary.LittleEndian.Uint32(blk[len(blk)-4:]))
	end := int64(len(blk)) - 4 - 4*nr
	if nr < 0 || end < 0 {
		return nil, errors.New("bad restart array")
	}
	return blk[:end], nil
}

// entries walks the prefix-compressed entries of a block.
func entries(blk []byte, f func(key string, val []byte) error) error {
	var key []byte
	for len(blk) > 0 {
		var v [3]uint64
		for i := range v {
			x, n := binary.Uvarint(blk)
			if n <= 0 {
				return errors.New("bad entry header")
			}
			v[i] = x
			blk = blk[n:]
		}
		shared, unshared, vlen := v[0], v[1], v[2]
		if shared > uint64(len(key)) || unshared+vlen > uint64(len(blk)) {
			return errors.New("entry runs past its block")
		}
		key = append(key[:shared], blk[:unshared]...)
		val := blk[unshared : unshared+vlen]
		blk = blk[unshared+vlen:]
		if err := f(string(key), val); err != nil {
			return err
		}
	}
	return nil
}

// field walks the top-level fields of a protobuf message.
func fields(m []byte, f func(num int, wire int, x uint64, sub []byte) error) error {
	for len(m) > 0 {
		tag, n := binary.Uvarint(m)
		if n <= 0 {
			return errors.New("bad protobuf tag")
		}
		m = m[n:]
		num, wire := int(tag>>3), int(tag&7)
		var x uint64
		var sub []byte
		switch wire {
		case 0:
			x, n = binary.Uvarint(m)
			if n <= 0 {
				return errors.New("bad protobuf varint")
			}
			m = m[n:]
		case 1:
			if len(m) < 8 {
				return errors.New("short fixed64")
			}
			x, m = binary.LittleEndian.Uint64(m), m[8:]
		case 5:
			if len(m) < 4 {
				return errors.New("short fixed32")
			}
			x, m = uint64(binary.LittleEndian.Uint32(m)), m[4:]
		case 2:
			l, n := binary.Uvarint(m)
			if n <= 0 || l > uint64(len(m)-n) {
				return errors.New("bad protobuf length")
			}
			sub, m = m[n:n+int(l)], m[n+int(l):]
		default:
			return fmt.Errorf("unsupported protobuf wire type %d", wire)
		}
		if err := f(num, wire, x, sub); err != nil {
			return err
		}
	}
	return nil
}

func headerShards(m []byte) (int, error) {
	shards := 1
	err := fields(m, func(num, wire int, x uint64, _ []byte) error {
		if num == 1 && wire == 0 {
			shards = int(x)
		}
		if num == 2 && wire == 0 && x != 0 {
			return errors.New("big-endian checkpoint: not supported")
		}
		return nil
	})
	return shards, err
}

func decodeEntry(m []byte) (Entry, error) {
	var e Entry
	err := fields(m, func(num, wire int, x uint64, sub []byte) error {
		switch {
		case num == 1 && wire == 0:
			e.DType = DType(x)
		case num == 2 && wire == 2:
			return fields(sub, func(num, wire int, _ uint64, dim []byte) error {
				if num == 3 && wire == 0 {
					return errors.New("unknown-rank shape")
				}
				if num != 2 || wire != 2 {
					return nil
				}
				size := 0
				err := fields(dim, func(num, wire int, x uint64, _ []byte) error {
					if num == 1 && wire == 0 {
						size = int(int64(x))
					}
					return nil
				})
				e.Shape = append(e.Shape, size)
				return err
			})
		case num == 3 && wire == 0:
			e.Shard = int(x)
		case num == 4 && wire == 0:
			e.Offset = int64(x)
		case num == 5 && wire == 0:
			e.Size = int64(x)
		case num == 7:
			return errors.New("sliced tensors are not supported")
		}
		return nil
	})
	return e, err
}

// Float32s converts the raw bytes of entry e (read from its data shard) into
// float32 values.
func Float32s(e Entry, raw []byte) ([]float32, error) {
	n := 1
	for _, d := range e.Shape {
		n *= d
	}
	var width int
	switch e.DType {
	case Float32, Int32:
		width = 4
	case Float64, Int64:
		width = 8
	default:
		return nil, fmt.Errorf("ckpt: %s has dtype %d: only float32/64 and int32/64 convert", e.Name, e.DType)
	}
	if len(raw) != n*width {
		return nil, fmt.Errorf("ckpt: %s: %d bytes for %d values of %d bytes", e.Name, len(raw), n, width)
	}
	out := make([]float32, n)
	for i := range out {
		switch e.DType {
		case Float32:
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		case Int32:
			out[i] = float32(int32(binary.LittleEndian.Uint32(raw[4*i:])))
		case Float64:
			out[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:])))
		case Int64:
			out[i] = float32(int64(binary.LittleEndian.Uint64(raw[8*i:])))
		}
	}
	return out, nil
}

// Reader reads tensors from a single-shard checkpoint.
type Reader struct {
	Index *Index
	data  *os.File
}

// Open opens a checkpoint by its prefix (PREFIX.index and
// PREFIX.data-00000-of-00001).
func Open(prefix string) (*Reader, error) {
	ix, err := ReadIndexFile(prefix + ".index")
	if err != nil {
		return nil, err
	}
	if ix.Shards != 1 {
		return nil, fmt.Errorf("ckpt: %s has %d shards: only single-shard checkpoints are supported", prefix, ix.Shards)
	}
	f, err := os.Open(prefix + ".data-00000-of-00001")
	if err != nil {
		return nil, err
	}
	return &Reader{Index: ix, data: f}, nil
}

// Close closes the data file.
func (r *Reader) Close() error { return r.data.Close() }

// Tensor reads a tensor as float32 values with its shape.
func (r *Reader) Tensor(name string) ([]float32, []int, error) {
	e, ok := r.Index.Entries[name]
	if !ok {
		return nil, nil, fmt.Errorf("ckpt: no tensor %q in the checkpoint", name)
	}
	raw := make([]byte, e.Size)
	if _, err := r.data.ReadAt(raw, e.Offset); err != nil {
		return nil, nil, fmt.Errorf("ckpt: reading %s: %w", name, err)
	}
	v, err := Float32s(e, raw)
	return v, e.Shape, err
}
