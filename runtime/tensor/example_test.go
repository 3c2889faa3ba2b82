package tensor_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor"
)

func Example() {
	w := tensor.New([]float32{1, 2, 3, 4}, 2, 2).SetRequiresGrad(true)
	x := tensor.New([]float32{1, -1}, 2, 1)
	loss := w.MatMul(x).Square().Sum() // (1−2)² + (3−4)²
	loss.Backward()
	fmt.Println(loss.Item(), w.Grad)

	b := tensor.New([]float32{10, 20}) // broadcast over the rows of a (2, 2)
	fmt.Println(w.Detach().Add(b))
	// Output:
	// 2 [-2 2 -2 2]
	// Tensor[2 2][11 22 13 24]
}

func ExampleTensor_Reshape() {
	t := tensor.New([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	v := t.Reshape(3, -1) // a view: no copy
	v.Data[0] = 100
	fmt.Println(v.Shape(), t.At(0, 0))
	fmt.Println(t.Slice(1, 2))
	// Output:
	// [3 2] 100
	// Tensor[1 3][4 5 6]
}

func ExampleTensor_Softmax() {
	t := tensor.New([]float32{1000, 1000, 999}) // no overflow
	fmt.Println(t.Softmax(0))
	// Output: Tensor[3][0.4223 0.4223 0.1554]
}

// NoGradFor evaluates one model without recording a graph, while other
// models may train in other goroutines (NoGrad would stop them recording).
func ExampleNoGradFor() {
	w := tensor.New([]float32{1, 2, 3, 4}, 2, 2).SetRequiresGrad(true)
	x := tensor.New([]float32{1, -1}, 2, 1)
	var y *tensor.Tensor
	tensor.NoGradFor([]*tensor.Tensor{w}, func() {
		y = w.MatMul(x)
	})
	fmt.Println(y, y.RequiresGrad(), w.RequiresGrad())
	// Output: Tensor[2 1][-1 -1] false true
}
