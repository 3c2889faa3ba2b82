package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// TestEveryKernelSet runs the numerical tests again on every kernel set of
// runtime/tensor/vec the machine has besides the one chosen at start-up, and
// logs the sets it lacks.
func TestEveryKernelSet(t *testing.T) {
	tensortest.OnEveryOtherKernelSet(t, func(t *testing.T) {
		t.Run("LayerGradients", TestLayerGradients)
		t.Run("LossGradients", TestLossGradients)
		t.Run("ConvMatchesReference", TestConvMatchesReference)
		t.Run("ConvReLUMatchesConvThenReLU", TestConvReLUMatchesConvThenReLU)
		t.Run("AgainstTorch", TestAgainstTorch)
		t.Run("SameSeedSameBits", TestSameSeedSameBits)
		t.Run("ConvInputGradStoredEqualsAdded", TestConvInputGradStoredEqualsAdded)
		t.Run("PoolUpsample3dGradients", TestPoolUpsample3dGradients)
		t.Run("MaxPool3d2MatchesTapScan", TestMaxPool3d2MatchesTapScan)
	})
}
