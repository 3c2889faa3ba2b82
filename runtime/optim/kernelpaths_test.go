package optim_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// TestEveryKernelSet runs the PyTorch comparisons again on every kernel set
// of runtime/tensor/vec the machine has besides the one chosen at start-up.
func TestEveryKernelSet(t *testing.T) {
	chosen := vec.Kernels()
	have := map[string]bool{}
	for _, name := range vec.Available() {
		have[name] = true
	}
	for _, name := range []string{"avx512", "avx2", "go"} {
		if !have[name] {
			t.Logf("%s kernels skipped: this CPU or build (purego, non-amd64) lacks them", name)
			continue
		}
		if name == chosen {
			continue
		}
		t.Run(name, func(t *testing.T) {
			prev, err := vec.UseKernels(name)
			if err != nil {
				t.Fatal(err)
			}
			defer vec.UseKernels(prev)
			t.Run("AgainstTorch", TestAgainstTorch)
			t.Run("SGDSteps", TestSGDSteps)
			t.Run("AdamMinimisesQuadratic", TestAdamMinimisesQuadratic)
		})
	}
}
