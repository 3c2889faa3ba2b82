package vec_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

func Example() {
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	y := make([]float32, len(x))
	vec.Axpy(0.5, x, y) // y += 0.5·x
	fmt.Println(y)
	fmt.Println(vec.Dot(x, x), vec.Sum(x))

	// Softmax over 3 classes at 2 positions, laid out class by class.
	logits := []float32{0, 2, 1, 0, 0, 0} // position 0: (0, 1, 0); position 1: (2, 0, 0)
	p, lse, scratch := make([]float32, 6), make([]float32, 2), make([]float32, 2)
	vec.SoftmaxBlock(logits, p, lse, scratch, 3, 2)
	fmt.Printf("%.3f\n", p)
	// Output:
	// [0.5 1 1.5 2 2.5 3 3.5 4 4.5 5]
	// 385 55
	// [0.212 0.787 0.576 0.107 0.212 0.107]
}
