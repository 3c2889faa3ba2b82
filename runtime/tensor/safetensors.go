package tensor

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
)

// The safetensors format (https://huggingface.co/docs/safetensors), as
// written here:
//
//	8 bytes      little-endian uint64 N, the header length
//	N bytes      JSON object: for each tensor name
//	             {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}
//	             plus an optional "__metadata__" object of string values;
//	             padded with spaces to a multiple of 8 bytes
//	rest         the tensors' bytes, little-endian, row-major, at their
//	             offsets (relative to the end of the header), in the order
//	             written
//
// Files written here load in Python with safetensors.torch.load_file, and
// files from there load here when their tensors are F32 or F64 (converted to
// float32).

type stEntry struct {
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets [2]int `json:"data_offsets"`
}

// WriteSafetensors writes the named tensors in safetensors format, with
// optional string metadata (may be nil).
func WriteSafetensors(w io.Writer, names []string, ts []*Tensor, metadata map[string]string) error {
	if len(names) != len(ts) {
		return fmt.Errorf("tensor: WriteSafetensors got %d names for %d tensors", len(names), len(ts))
	}
	header := map[string]any{}
	if len(metadata) > 0 {
		header["__metadata__"] = metadata
	}
	off := 0
	for i, name := range names {
		if name == "" || name == "__metadata__" {
			return fmt.Errorf("tensor: WriteSafetensors: bad tensor name %q", name)
		}
		if _, dup := header[name]; dup {
			return fmt.Errorf("tensor: WriteSafetensors: duplicate name %q", name)
		}
		n := 4 * ts[i].Len()
		header[name] = stEntry{DType: "F32", Shape: ts[i].Shape(), Offsets: [2]int{off, off + n}}
		off += n
	}
	js, err := json.Marshal(header)
	if err != nil {
		return err
	}
	for len(js)%8 != 0 {
		js = append(js, ' ')
	}
	buf := make([]byte, 8, 8+len(js))
	binary.LittleEndian.PutUint64(buf, uint64(len(js)))
	if _, err := w.Write(append(buf, js...)); err != nil {
		return err
	}
	chunk := make([]byte, 0, 1<<16)
	for _, t := range ts {
		for _, v := range t.Data {
			chunk = binary.LittleEndian.AppendUint32(chunk, math.Float32bits(v))
			if len(chunk) == cap(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return err
				}
				chunk = chunk[:0]
			}
		}
	}
	_, err = w.Write(chunk)
	return err
}

// maxHeader bounds the JSON header, so a corrupt length cannot make us
// allocate gigabytes.
const maxHeader = 100 << 20

// ReadSafetensors reads a safetensors stream and returns its tensors in the
// order of their data offsets, with their names and the metadata.
func ReadSafetensors(r io.Reader) (names []string, ts []*Tensor, metadata map[string]string, err error) {
	var lenBuf [8]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, nil, nil, fmt.Errorf("tensor: reading safetensors header length: %w", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > maxHeader {
		return nil, nil, nil, fmt.Errorf("tensor: safetensors header of %d bytes: not a safetensors file?", n)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return nil, nil, nil, fmt.Errorf("tensor: reading safetensors header: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, nil, nil, fmt.Errorf("tensor: safetensors header is not JSON: %w", err)
	}
	type named struct {
		name string
		e    stEntry
	}
	var entries []named
	for k, v := range raw {
		if k == "__metadata__" {
			if err := json.Unmarshal(v, &metadata); err != nil {
				return nil, nil, nil, fmt.Errorf("tensor: safetensors metadata: %w", err)
			}
			continue
		}
		var e stEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, nil, nil, fmt.Errorf("tensor: safetensors entry %q: %w", k, err)
		}
		entries = append(entries, named{k, e})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].e.Offsets[0] < entries[j].e.Offsets[0] })
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("tensor: reading safetensors data: %w", err)
	}
	for _, en := range entries {
		e := en.e
		size := 0
		switch e.DType {
		case "F32":
			size = 4
		case "F64":
			size = 8
		default:
			return nil, nil, nil, fmt.Errorf("tensor: safetensors tensor %q has dtype %s; only F32 and F64 are supported (convert with .float())", en.name, e.DType)
		}
		for _, d := range e.Shape {
			if d < 0 {
				return nil, nil, nil, fmt.Errorf("tensor: safetensors tensor %q has shape %v", en.name, e.Shape)
			}
		}
		count := numel(e.Shape)
		lo, hi := e.Offsets[0], e.Offsets[1]
		if lo < 0 || hi > len(data) || hi-lo != count*size {
			return nil, nil, nil, fmt.Errorf("tensor: safetensors tensor %q: offsets [%d, %d] do not fit shape %v %s in %d data bytes", en.name, lo, hi, e.Shape, e.DType, len(data))
		}
		t := Zeros(e.Shape...)
		b := data[lo:hi]
		for i := range t.Data {
			if size == 4 {
				t.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
			} else {
				t.Data[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
			}
		}
		names = append(names, en.name)
		ts = append(ts, t)
	}
	return names, ts, metadata, nil
}
