package tensor_test

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// ReLU on a feature map big enough to split (and not a whole number of
// 4 KiB blocks) gives the same output and gradient bits on one, two and
// three threads.
func TestReLUSameBitsOnAnyThreadCount(t *testing.T) {
	run := func(threads int) ([]float32, []float32) {
		defer tensor.SetThreads(tensor.SetThreads(threads))
		rng := tensor.NewRand(5)
		x := tensor.Randn(rng, 1, 4, 8, 65, 63).SetRequiresGrad(true)
		y := x.ReLU()
		g := tensor.Randn(rng, 1, y.Shape()...).Data
		y.BackwardWith(g)
		return append([]float32(nil), y.Data...), x.Grad
	}
	y1, g1 := run(1)
	for _, threads := range []int{2, 3} {
		y, g := run(threads)
		for i := range y1 {
			if math.Float32bits(y[i]) != math.Float32bits(y1[i]) || math.Float32bits(g[i]) != math.Float32bits(g1[i]) {
				t.Fatalf("%d threads: element %d: y %v grad %v, one thread y %v grad %v", threads, i, y[i], g[i], y1[i], g1[i])
			}
		}
	}
}
