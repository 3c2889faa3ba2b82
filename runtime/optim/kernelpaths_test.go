package optim_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/tensortest"
)

// TestEveryKernelSet runs the numerical tests again on every kernel set of
// runtime/tensor/vec the machine has besides the one chosen at start-up, and
// logs the sets it lacks.
func TestEveryKernelSet(t *testing.T) {
	tensortest.OnEveryOtherKernelSet(t, func(t *testing.T) {
		t.Run("AgainstTorch", TestAgainstTorch)
		t.Run("SGDSteps", TestSGDSteps)
		t.Run("AdamMinimisesQuadratic", TestAdamMinimisesQuadratic)
	})
}
