package calib

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// The losses spread their per-pixel work over the runtime's threads: the
// value and the logits' gradient must have the same bits on one thread
// and on several.
func TestLossesSameBitsOnAnyThreadCount(t *testing.T) {
	losses := []Loss{CE{}, LS{}, Focal{}, ECP{}, ECP{Entropy: EntropyPerPixel}, MbLS{}, SVLS{}, NACL{}}
	run := func(l Loss, threads int) (float32, []float32) {
		defer tensor.SetThreads(tensor.SetThreads(threads))
		rng := tensor.NewRand(3)
		x := tensor.Randn(rng, 2, 4, 3, 48, 48).SetRequiresGrad(true)
		labels := make([]int, 4*48*48)
		for i := range labels {
			labels[i] = rng.IntN(3)
		}
		v, err := l.Loss(x, labels)
		if err != nil {
			t.Fatal(err)
		}
		v.Backward()
		return v.Item(), x.Grad
	}
	for _, l := range losses {
		v1, g1 := run(l, 1)
		for _, threads := range []int{2, 3} {
			v, g := run(l, threads)
			if math.Float32bits(v) != math.Float32bits(v1) {
				t.Errorf("%s on %d threads: loss %v, one thread %v", l.Name(), threads, v, v1)
			}
			for i := range g {
				if math.Float32bits(g[i]) != math.Float32bits(g1[i]) {
					t.Errorf("%s on %d threads: gradient[%d] = %v, one thread %v", l.Name(), threads, i, g[i], g1[i])
					break
				}
			}
		}
	}
}
