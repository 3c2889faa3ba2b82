package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

func TestSequentialAppend(t *testing.T) {
	s := nn.NewSequential(nn.ReLU{}).Append(nn.Func{F: func(x *tensor.Tensor) *tensor.Tensor { return x.Scale(2) }})
	got := s.Forward(tensor.New([]float32{-1, 3}))
	if got.Data[0] != 0 || got.Data[1] != 6 || len(s.Modules) != 2 {
		t.Errorf("ReLU then double of [-1 3] = %v", got)
	}
}
