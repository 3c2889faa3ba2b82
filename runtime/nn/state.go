package nn

import (
	"bufio"
	"fmt"
	"os"
	"strconv"

	"github.com/yaknb/yak/runtime/tensor"
)

// StateDicter is implemented by modules that name their own state; a
// plugin's network type implements it to get readable names in saved files.
type StateDicter interface {
	StateDict() (names []string, ts []*tensor.Tensor)
}

// StateDict returns the tensors that define m, named as PyTorch's
// state_dict names them for the same structure ("0.weight", "2.bias",
// "1.running_mean"), so a file saved here can be loaded into the equivalent
// torch model and back. BatchNorm2d's running statistics are included (as
// views of its slices); modules of other types are named "p0", "p1", ...
// by the order of their Parameters unless they implement StateDicter.
func StateDict(m Module) (names []string, ts []*tensor.Tensor) {
	switch v := m.(type) {
	case StateDicter:
		return v.StateDict()
	case *Sequential:
		for i, sub := range v.Modules {
			n, t := StateDict(sub)
			for j := range n {
				names = append(names, strconv.Itoa(i)+"."+n[j])
			}
			ts = append(ts, t...)
		}
		return names, ts
	case *Linear:
		return weightBias(v.Weight, v.Bias)
	case *Conv2d:
		return weightBias(v.Weight, v.Bias)
	case *LayerNorm:
		return weightBias(v.Weight, v.Bias)
	case *Embedding:
		return []string{"weight"}, []*tensor.Tensor{v.Weight}
	case *BatchNorm2d:
		names, ts = weightBias(v.Weight, v.Bias)
		return append(names, "running_mean", "running_var"),
			append(ts, tensor.New(v.RunningMean), tensor.New(v.RunningVar))
	}
	for i, p := range m.Parameters() {
		names = append(names, "p"+strconv.Itoa(i))
		ts = append(ts, p)
	}
	return names, ts
}

func weightBias(w, b *tensor.Tensor) ([]string, []*tensor.Tensor) {
	if b == nil {
		return []string{"weight"}, []*tensor.Tensor{w}
	}
	return []string{"weight", "bias"}, []*tensor.Tensor{w, b}
}

// SaveState writes m's state dict to path in safetensors format.
func SaveState(path string, m Module) error {
	names, ts := StateDict(m)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("nn: SaveState: %w", err)
	}
	w := bufio.NewWriter(f)
	err = tensor.WriteSafetensors(w, names, ts, map[string]string{"format": "pt", "writer": "yak"})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("nn: SaveState %s: %w", path, err)
	}
	return nil
}

// LoadState reads a safetensors file written by SaveState (or by PyTorch for
// the same structure) into m, in place. Every tensor of m's state dict must
// be in the file with the same shape; extra tensors in the file are an
// error too, since they usually mean a different architecture.
func LoadState(path string, m Module) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("nn: LoadState: %w", err)
	}
	defer f.Close()
	names, ts, _, err := tensor.ReadSafetensors(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("nn: LoadState %s: %w", path, err)
	}
	byName := make(map[string]*tensor.Tensor, len(names))
	for i, n := range names {
		byName[n] = ts[i]
	}
	want, dst := StateDict(m)
	for i, n := range want {
		src, ok := byName[n]
		if !ok {
			return fmt.Errorf("nn: LoadState %s: no tensor %q in the file (it has %v)", path, n, names)
		}
		if !src.SameShape(dst[i]) {
			return fmt.Errorf("nn: LoadState %s: tensor %q has shape %v in the file, %v in the model", path, n, src.Shape(), dst[i].Shape())
		}
		delete(byName, n)
	}
	if len(byName) > 0 {
		extra := make([]string, 0, len(byName))
		for n := range byName {
			extra = append(extra, n)
		}
		return fmt.Errorf("nn: LoadState %s: the file has tensors the model lacks: %v", path, extra)
	}
	for i, n := range want {
		for j, name := range names {
			if name == n {
				dst[i].CopyFrom(ts[j])
			}
		}
	}
	return nil
}
