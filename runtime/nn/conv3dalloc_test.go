package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// A 3-D convolution, pooling and upsampling step allocate no workspace and,
// once the step frees its graph, no feature map: padded samples, gradient
// rows, the per-sample partial sums and the outputs all come back from
// tensor.Scratch, as for Conv2d. One thread, so that no goroutine of the
// parallel split is counted.
func TestVolumeSteadyStateAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	defer tensor.SetThreads(tensor.SetThreads(1))
	rng := tensor.NewRand(1)
	conv := nn.NewConv3d(4, 8, 3, 1, rng)
	conv.ReLU = true
	x := tensor.Randn(rng, 1, 2, 4, 8, 8, 8).SetRequiresGrad(true)
	for _, c := range []struct {
		name string
		f    func() *tensor.Tensor
	}{
		{"Conv3d", func() *tensor.Tensor { return conv.Forward(x) }},
		{"MaxPool3d", func() *tensor.Tensor { return nn.MaxPoolVolume(x, 2, 2) }},
		{"Upsample3d", func() *tensor.Tensor { return nn.UpsampleNearestVolume(x, 2) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dy := tensor.Randn(rng, 1, c.f().Shape()...).Data
			step := func() {
				x.FreeGrad()
				conv.Weight.ZeroGrad()
				conv.Bias.ZeroGrad()
				y := c.f()
				y.BackwardWith(dy)
				y.FreeGraph()
				y.Free()
			}
			perStep := tensortest.BytesPerRun(20, step)
			t.Logf("%d bytes per step (output %d bytes)", perStep, 4*len(dy))
			if perStep > 4096 {
				t.Errorf("%d bytes allocated per step, want at most 4 KiB", perStep)
			}
		})
	}
}
