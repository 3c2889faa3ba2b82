package weights

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"unsafe"
)

// Info describes one stored tensor.
type Info struct {
	DType   string `json:"dtype"`
	Shape   []int  `json:"shape"`
	Offsets [2]int `json:"data_offsets"`
}

// File is a memory-mapped safetensors file.
type File struct {
	Path     string
	Meta     map[string]string
	infos    map[string]Info
	mapping  []byte
	data     []byte
	unmapper func([]byte) error
}

// Open maps a safetensors file. Only F32 tensors can be read through
// Float32; other dtypes are listed but refused there.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m, unmap, err := mmap(f, int(st.Size()))
	if err != nil {
		return nil, fmt.Errorf("weights: mapping %s: %w", path, err)
	}
	wf, err := parse(path, m)
	if err != nil {
		unmap(m)
		return nil, err
	}
	wf.unmapper = unmap
	return wf, nil
}

func parse(path string, m []byte) (*File, error) {
	bad := func(what string) error {
		return fmt.Errorf("weights: %s is not a valid safetensors file (%s): delete it and fetch the model again", path, what)
	}
	if len(m) < 8 {
		return nil, bad("shorter than 8 bytes")
	}
	n := binary.LittleEndian.Uint64(m)
	if n > uint64(len(m)-8) {
		return nil, bad("header longer than the file")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(m[8:8+n], &raw); err != nil {
		return nil, bad("header: " + err.Error())
	}
	wf := &File{Path: path, infos: map[string]Info{}, mapping: m, data: m[8+n:]}
	for k, v := range raw {
		if k == "__metadata__" {
			if err := json.Unmarshal(v, &wf.Meta); err != nil {
				return nil, bad("metadata: " + err.Error())
			}
			continue
		}
		var in Info
		if err := json.Unmarshal(v, &in); err != nil {
			return nil, bad(k + ": " + err.Error())
		}
		if in.Offsets[0] < 0 || in.Offsets[1] < in.Offsets[0] || in.Offsets[1] > len(wf.data) {
			return nil, bad(k + ": data range outside the file (truncated?)")
		}
		wf.infos[k] = in
	}
	return wf, nil
}

// Names lists the tensors, sorted.
func (f *File) Names() []string {
	out := make([]string, 0, len(f.infos))
	for k := range f.infos {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Info returns a tensor's description.
func (f *File) Info(name string) (Info, bool) {
	in, ok := f.infos[name]
	return in, ok
}

// Float32 returns the values of an F32 tensor (aliasing the mapping; do not
// write to them) and checks its shape when want is non-nil.
func (f *File) Float32(name string, want ...int) ([]float32, error) {
	in, ok := f.infos[name]
	if !ok {
		return nil, fmt.Errorf("weights: %s has no tensor %q", f.Path, name)
	}
	if in.DType != "F32" {
		return nil, fmt.Errorf("weights: %s: tensor %q is %s, want F32", f.Path, name, in.DType)
	}
	if want != nil && !slices.Equal(in.Shape, want) {
		return nil, fmt.Errorf("weights: %s: tensor %q has shape %v, want %v", f.Path, name, in.Shape, want)
	}
	b := f.data[in.Offsets[0]:in.Offsets[1]]
	if len(b) == 0 {
		return nil, nil
	}
	if uintptr(unsafe.Pointer(&b[0]))%4 != 0 {
		// Unaligned data (a file from elsewhere): copy.
		out := make([]float32, len(b)/4)
		for i := range out {
			out[i] = float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return out, nil
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), len(b)/4), nil
}

// Close unmaps the file; slices returned by Float32 must not be used after.
func (f *File) Close() error {
	if f.unmapper == nil || f.mapping == nil {
		return nil
	}
	err := f.unmapper(f.mapping)
	f.mapping, f.data = nil, nil
	return err
}

// Tensor is one tensor to write: its values come from Fill, called once
// with a buffer of the right length, so a conversion streams.
type Tensor struct {
	Name  string
	Shape []int
	Fill  func(dst []float32) error
}

// Write writes F32 tensors in safetensors format, header padded so that
// every tensor is 4-byte aligned when the file is mapped.
func Write(w io.Writer, ts []Tensor, meta map[string]string) error {
	header := map[string]any{}
	if len(meta) > 0 {
		header["__metadata__"] = meta
	}
	off := 0
	for _, t := range ts {
		if t.Name == "" || t.Name == "__metadata__" {
			return fmt.Errorf("weights: bad tensor name %q", t.Name)
		}
		if _, dup := header[t.Name]; dup {
			return fmt.Errorf("weights: duplicate tensor name %q", t.Name)
		}
		n := 4
		for _, d := range t.Shape {
			n *= d
		}
		header[t.Name] = Info{DType: "F32", Shape: t.Shape, Offsets: [2]int{off, off + n}}
		off += n
	}
	js, err := json.Marshal(header)
	if err != nil {
		return err
	}
	for (len(js)+8)%64 != 0 {
		js = append(js, ' ')
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var hdr [8]byte
	binary.LittleEndian.PutUint64(hdr[:], uint64(len(js)))
	bw.Write(hdr[:])
	bw.Write(js)
	for _, t := range ts {
		n := 1
		for _, d := range t.Shape {
			n *= d
		}
		buf := make([]float32, n)
		if err := t.Fill(buf); err != nil {
			return fmt.Errorf("weights: %s: %w", t.Name, err)
		}
		if n > 0 {
			if _, err := bw.Write(unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), 4*n)); err != nil {
				return err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return nil
}
