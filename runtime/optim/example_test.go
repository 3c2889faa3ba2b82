package optim_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/optim"
)

func ExampleCosine() {
	s := optim.Cosine{Base: 0.1, Min: 0.001, Total: 100, Warmup: 10}
	for _, step := range []int{0, 9, 10, 55, 99, 100} {
		fmt.Printf("step %3d: lr %.4f\n", step, s.LR(step))
	}
	// Output:
	// step   0: lr 0.0100
	// step   9: lr 0.1000
	// step  10: lr 0.1000
	// step  55: lr 0.0505
	// step  99: lr 0.0010
	// step 100: lr 0.0010
}
