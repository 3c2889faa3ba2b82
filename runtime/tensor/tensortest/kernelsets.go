package tensortest

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

// OnEveryOtherKernelSet runs tests again on every kernel set of
// runtime/tensor/vec that the machine can run besides the one chosen at
// start-up (on which a package's tests already ran), and logs the sets the
// CPU or build lacks, so each path that can be tested here is.
func OnEveryOtherKernelSet(t *testing.T, tests func(t *testing.T)) {
	t.Helper()
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
			tests(t)
		})
	}
}
