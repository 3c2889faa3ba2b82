package gguf

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/lm/ops"
)

// tiny writes a GGUF v3 file with a few metadata kinds and one 2x32 F32
// tensor holding 0..63.
func tiny(t *testing.T) string {
	var b []byte
	u32 := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	u64 := func(v uint64) { b = binary.LittleEndian.AppendUint64(b, v) }
	str := func(s string) { u64(uint64(len(s))); b = append(b, s...) }
	b = append(b, "GGUF"...)
	u32(3)
	u64(1) // tensors
	u64(4) // keys
	str("general.architecture")
	u32(8)
	str("llama")
	str("llama.block_count")
	u32(4)
	u32(30)
	str("llama.rope.freq_base")
	u32(6)
	u32(math.Float32bits(100000))
	str("tokenizer.ggml.tokens")
	u32(9)
	u32(8)
	u64(2)
	str("a")
	str("<|x|>")
	str("w")
	u32(2)
	u64(32)
	u64(2)
	u32(uint32(ops.F32))
	u64(0)
	for len(b)%32 != 0 {
		b = append(b, 0)
	}
	for i := 0; i < 64; i++ {
		u32(math.Float32bits(float32(i)))
	}
	p := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenTiny(t *testing.T) {
	f, err := Open(tiny(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if a, _ := f.String("general.architecture"); a != "llama" {
		t.Errorf("architecture %q", a)
	}
	if n, _ := f.Int("llama.block_count"); n != 30 {
		t.Errorf("block_count %d", n)
	}
	if th, _ := f.Float("llama.rope.freq_base"); th != 100000 {
		t.Errorf("freq_base %g", th)
	}
	if toks, _ := f.Meta["tokenizer.ggml.tokens"].([]string); len(toks) != 2 || toks[1] != "<|x|>" {
		t.Errorf("tokens %v", f.Meta["tokenizer.ggml.tokens"])
	}
	w, err := f.Float32("w")
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 64 || w[63] != 63 {
		t.Errorf("w = %v", w)
	}
	m, err := f.Matrix("w")
	if err != nil || m.Rows != 2 || m.Cols != 32 {
		t.Errorf("Matrix: %+v %v", m, err)
	}
}

func TestRefusesBadFiles(t *testing.T) {
	p := tiny(t)
	b, _ := os.ReadFile(p)
	trunc := filepath.Join(t.TempDir(), "trunc.gguf")
	os.WriteFile(trunc, b[:len(b)-8], 0o644)
	if _, err := Open(trunc); err == nil || !strings.Contains(err.Error(), "outside the file") {
		t.Errorf("truncated file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.gguf")
	os.WriteFile(bad, append([]byte("GGUX"), b[4:]...), 0o644)
	if _, err := Open(bad); err == nil || !strings.Contains(err.Error(), "magic") {
		t.Errorf("bad magic: %v", err)
	}
	v1 := append([]byte(nil), b...)
	binary.LittleEndian.PutUint32(v1[4:], 1)
	os.WriteFile(bad, v1, 0o644)
	if _, err := Open(bad); err == nil || !strings.Contains(err.Error(), "version 1") {
		t.Errorf("version 1: %v", err)
	}
}
