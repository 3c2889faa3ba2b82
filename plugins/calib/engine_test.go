package calib_test

import (
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/yaknb/yak/kernel/goengine/enginetest"
	"github.com/yaknb/yak/plugins/symbols"
)

// TestLossDefinedInNotebook trains with a loss written in an interpreted
// cell (it wraps CE and counts its calls) through the real engine.
func TestLossDefinedInNotebook(t *testing.T) {
	cells := []string{
		`import (
	"fmt"

	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/runtime/tensor"
)`,
		`type counted struct{ calls *int }

func (c counted) Name() string { return "counted CE" }
func (c counted) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	*c.calls++
	return calib.CE{}.Loss(logits, labels)
}`,
		`train, val, _, _ := calib.SyntheticSplits(calib.SynthOptions{N: 8, Size: 16, Seed: 3})
n := 0
tr, err := calib.Train(train, val, counted{&n}, calib.UNetOptions{Base: 2, Depth: 1}, calib.TrainOptions{Epochs: 2, Batch: 4})
fmt.Println(err, n, tr.Loss, len(tr.TrainLoss))`,
	}
	out := enginetest.Run(t, []interp.Exports{symbols.Symbols}, cells...).Out()
	if got := strings.TrimSpace(out); got != "<nil> 4 counted CE 2" {
		t.Errorf("output %q, want %q", got, "<nil> 4 counted CE 2")
	}
}
