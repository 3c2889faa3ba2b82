package nn_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

func TestSaveLoadState(t *testing.T) {
	build := func(seed uint64) *nn.Sequential {
		rng := tensor.NewRand(seed)
		return nn.NewSequential(nn.NewConv2d(1, 2, 3, 1, 1, rng), nn.NewBatchNorm2d(2), nn.ReLU{}, nn.Flatten{}, nn.NewLinear(2*4*4, 3, rng))
	}
	a := build(1)
	a.Forward(tensor.Randn(tensor.NewRand(9), 1, 2, 1, 4, 4)) // moves the running statistics
	path := filepath.Join(t.TempDir(), "model.safetensors")
	if err := nn.SaveState(path, a); err != nil {
		t.Fatal(err)
	}
	b := build(2)
	if err := nn.LoadState(path, b); err != nil {
		t.Fatal(err)
	}
	an, at := nn.StateDict(a)
	bn, bt := nn.StateDict(b)
	if got := strings.Join(an, " "); got != "0.weight 0.bias 1.weight 1.bias 1.running_mean 1.running_var 4.weight 4.bias" {
		t.Errorf("state dict names: %s", got)
	}
	for i := range at {
		if an[i] != bn[i] || !bytes.Equal(f32bytes(at[i].Data), f32bytes(bt[i].Data)) {
			t.Errorf("%s differs after a round trip", an[i])
		}
	}
	// A different architecture is refused with a message naming the tensor.
	rng := tensor.NewRand(3)
	other := nn.NewSequential(nn.NewConv2d(1, 3, 3, 1, 1, rng))
	if err := nn.LoadState(path, other); err == nil || !strings.Contains(err.Error(), "0.weight") {
		t.Errorf("loading into another shape: %v", err)
	}
	if err := nn.LoadState(filepath.Join(t.TempDir(), "missing"), a); err == nil {
		t.Error("loading a missing file gave no error")
	}
}

func TestSafetensorsGolden(t *testing.T) {
	// The bytes of a tiny file, checked in: the header layout is a contract
	// with other safetensors readers.
	var buf bytes.Buffer
	err := tensor.WriteSafetensors(&buf, []string{"w", "b"},
		[]*tensor.Tensor{tensor.New([]float32{1, 2, 3, 4}, 2, 2), tensor.New([]float32{-1})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/tiny.safetensors"
	if os.Getenv("UPDATE_GOLDEN") != "" {
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("safetensors bytes changed:\n got %q\nwant %q", buf.Bytes(), want)
	}
	names, ts, _, err := tensor.ReadSafetensors(bytes.NewReader(want))
	if err != nil || len(names) != 2 || names[0] != "w" || ts[0].At(1, 0) != 3 || ts[1].Data[0] != -1 {
		t.Errorf("read back %v %v %v", names, ts, err)
	}
	if _, _, _, err := tensor.ReadSafetensors(bytes.NewReader(want[:20])); err == nil {
		t.Error("a truncated file read without error")
	}
}

func f32bytes(v []float32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

// testdata/from_python.safetensors was written by the Python safetensors
// package (0.x, numpy backend): save_file({"a": np.arange(6, dtype=float32)
// .reshape(2, 3), "z": np.array([1.5])}), with z in float64.
func TestReadPythonSafetensors(t *testing.T) {
	f, err := os.Open("testdata/from_python.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names, ts, _, err := tensor.ReadSafetensors(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*tensor.Tensor{}
	for i, n := range names {
		got[n] = ts[i]
	}
	if len(got) != 2 || got["a"] == nil || got["z"] == nil {
		t.Fatalf("names %v, want a and z", names)
	}
	if s := got["a"].String(); s != "Tensor[2 3][0 1 2 3 4 5]" {
		t.Errorf("a = %s", s)
	}
	if got["z"].Item() != 1.5 {
		t.Errorf("z = %v", got["z"])
	}
}
