package nn_test

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// A convolution's input gradient stored into a fresh buffer (GradFor's
// assign: line by line for wide inputs on AVX-512) must have the bits of
// the same gradient added into a zeroed one (the padded-plane path).
func TestConvInputGradStoredEqualsAdded(t *testing.T) {
	for _, c := range [][3]int{{8, 8, 64}, {4, 4, 48}, {12, 8, 33}, {3, 16, 40}, {8, 4, 31}} {
		rng := tensor.NewRand(9)
		conv := nn.NewConv2d(c[0], c[1], 3, 1, 1, rng)
		conv.ReLU = true
		x := tensor.Randn(rng, 1, 2, c[0], c[2], c[2]).SetRequiresGrad(true)
		dy := tensor.Randn(rng, 1, 2, c[1], c[2], c[2]).Data
		x.FreeGrad() // stored
		conv.Forward(x).BackwardWith(dy)
		stored := x.Grad
		x.Grad = make([]float32, x.Len()) // added into zeros
		conv.Forward(x).BackwardWith(dy)
		for i := range stored {
			if math.Float32bits(stored[i]) != math.Float32bits(x.Grad[i]) {
				t.Fatalf("%d→%d channels, %d wide: stored input gradient[%d] = %v, added %v", c[0], c[1], c[2], i, stored[i], x.Grad[i])
			}
		}
	}
}
