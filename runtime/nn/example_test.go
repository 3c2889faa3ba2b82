package nn_test

import (
	"fmt"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Fit y = 2x − 1 with a one-unit linear layer.
func Example() {
	rng := tensor.NewRand(1)
	model := nn.NewLinear(1, 1, rng)
	opt := optim.NewSGD(model.Parameters(), 0.1, 0.9, 0)
	x := tensor.New([]float32{-1, 0, 1, 2}, 4, 1)
	y := tensor.New([]float32{-3, -1, 1, 3}, 4, 1)
	for step := 0; step < 200; step++ {
		opt.ZeroGrad()
		loss := nn.MSE(model.Forward(x), y)
		loss.Backward()
		opt.Step()
	}
	fmt.Printf("w=%.3f b=%.3f\n", model.Weight.Data[0], model.Bias.Data[0])
	// Output: w=2.000 b=-1.000
}

func ExampleCrossEntropy() {
	// Per-pixel logits (N=1, C=2, H=1, W=2); the second pixel is ignored.
	logits := tensor.New([]float32{2, 0, 0, 0}, 1, 2, 1, 2)
	loss := nn.CrossEntropy(logits, []int{0, -1})
	fmt.Printf("%.4f\n", loss.Item())
	// Output: 0.1269
}

// One level of a 3-D U-Net: conv3×3×3+ReLU, 2×2×2 max pooling and nearest
// ×2 upsampling back to the input's size.
func ExampleConv3d() {
	rng := tensor.NewRand(1)
	conv := nn.NewConv3d(1, 4, 3, 1, rng)
	conv.ReLU = true
	x := tensor.Randn(rng, 1, 2, 1, 8, 8, 8) // (N, C, D, H, W)
	y := conv.Forward(x)
	down := nn.MaxPool3d{K: 2}.Forward(y)
	up := nn.Upsample3d{Scale: 2}.Forward(down)
	fmt.Println(y.Shape(), down.Shape(), up.Shape())
	// Output: [2 4 8 8 8] [2 4 4 4 4] [2 4 8 8 8]
}
