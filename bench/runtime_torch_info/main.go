// Command runtime_torch_info prints the runtime configuration that
// bench/runtime_torch.py reports next to its figures.
package main

import (
	"fmt"
	"runtime"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

func main() {
	fmt.Printf("%s, gemm %s, vec %s, GOMAXPROCS %d, tensor.Threads %d",
		runtime.Version(), gemm.Current().Name(), vec.Kernels(), runtime.GOMAXPROCS(0), tensor.Threads())
}
