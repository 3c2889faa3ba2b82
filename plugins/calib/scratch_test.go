package calib

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// Once a training loop frees each step's graph, a loss allocates none of
// its float64 work buffers (log-probabilities, targets, gradient): they
// come back from the runtime's free list step after step.
func TestLossSteadyStateAllocations(t *testing.T) {
	defer tensor.SetThreads(tensor.SetThreads(1))
	rng := tensor.NewRand(4)
	x := tensor.Randn(rng, 1, 4, 4, 32, 32).SetRequiresGrad(true)
	labels := make([]int, 4*32*32)
	for i := range labels {
		labels[i] = rng.IntN(4)
	}
	for _, l := range []Loss{CE{}, LS{}, Focal{}, ECP{}, MbLS{}, SVLS{}, NACL{}} {
		step := func() {
			x.FreeGrad()
			v, err := l.Loss(x, labels)
			if err != nil {
				t.Fatal(err)
			}
			v.Backward()
			v.FreeGraph()
		}
		perStep := tensortest.BytesPerRun(20, step)
		t.Logf("%s: %d bytes per step (logits %d bytes; float64 buffers %d bytes each)", l.Name(), perStep, 4*x.Len(), 8*x.Len())
		if perStep > 4096 {
			t.Errorf("%s: %d bytes allocated per step, want at most 4 KiB", l.Name(), perStep)
		}
	}
}
