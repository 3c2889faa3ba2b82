package gemm_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/gemm"
)

func ExampleSgemm() {
	// C (2×2) = A (2×3) · Bᵀ, with B stored 2×3 (transB).
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{1, 0, 1, 0, 1, 0}
	c := make([]float32, 4)
	gemm.Sgemm(false, true, 2, 2, 3, 1, a, 3, b, 3, 0, c, 2)
	fmt.Println(c)
	// Output: [4 2 10 5]
}

func ExampleUse() {
	// Swap in the portable implementation for a while, then restore.
	prev := gemm.Use(gemm.Blocked(1))
	defer gemm.Use(prev)
	fmt.Println(gemm.Current().Name())
	// Output: blocked
}

func ExampleBF16Matrix() {
	// A Linear layer's weights (out=2 × in=3) in bfloat16, applied to a
	// batch of two inputs: C = A·Wᵀ with float32 accumulation.
	w := []float32{1, 0, -1, 0.5, 0.25, 2}
	wm, err := gemm.NewBF16Matrix(2, 3, w, 3)
	if err != nil {
		panic(err)
	}
	a := []float32{1, 2, 3, 4, 5, 6}
	c := make([]float32, 4)
	if err := wm.MulT(2, a, 3, c, 2); err != nil {
		panic(err)
	}
	fmt.Println(c)
	// Output: [-2 7 -2 15.25]
}
