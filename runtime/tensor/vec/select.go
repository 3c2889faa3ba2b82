package vec

import (
	"fmt"
	"os"
	"strings"
)

// envErr records a YAK_VEC value this CPU or build cannot run; Describe
// reports it.
var envErr error

// YAK_VEC=avx512|avx2|go forces a kernel set at start-up (for comparisons
// and bug reports), as YAK_GEMM does for runtime/gemm. A set the machine
// lacks is ignored and the fastest one kept.
func init() {
	if name := os.Getenv("YAK_VEC"); name != "" {
		if _, err := UseKernels(name); err != nil {
			envErr = err
		}
	}
}

// Describe names the kernel set in use and the ones available, for
// `yak version`.
func Describe() string {
	s := fmt.Sprintf("vec: %s (available: %s; YAK_VEC=name selects one)", Kernels(), strings.Join(Available(), ", "))
	if envErr != nil {
		s += fmt.Sprintf("; YAK_VEC=%s ignored: not available here", os.Getenv("YAK_VEC"))
	}
	return s
}
