package nn_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// The other tests run on the kernel set chosen at start-up (the fastest
// the CPU has); this one runs the numerical ones again on every other set
// the machine can run, and logs the sets it lacks.
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
			continue // the rest of the package's tests ran on it
		}
		t.Run(name, func(t *testing.T) {
			prev, err := vec.UseKernels(name)
			if err != nil {
				t.Fatal(err)
			}
			defer vec.UseKernels(prev)
			t.Run("LayerGradients", TestLayerGradients)
			t.Run("LossGradients", TestLossGradients)
			t.Run("ConvMatchesReference", TestConvMatchesReference)
			t.Run("ConvReLUMatchesConvThenReLU", TestConvReLUMatchesConvThenReLU)
			t.Run("AgainstTorch", TestAgainstTorch)
			t.Run("SameSeedSameBits", TestSameSeedSameBits)
		})
	}
}
