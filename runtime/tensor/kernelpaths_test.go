package tensor_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// TestEveryKernelSet runs the gradient checks again on every kernel set of
// runtime/tensor/vec the machine has besides the one chosen at start-up.
func TestEveryKernelSet(t *testing.T) {
	tensortest.OnEveryOtherKernelSet(t, func(t *testing.T) {
		t.Run("Gradients", TestGradients)
		t.Run("FreeGradSameBits", TestFreeGradSameBits)
	})
}
