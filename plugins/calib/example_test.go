package calib_test

import (
	"fmt"

	"github.com/yaknb/yak/plugins/calib"
	"github.com/yaknb/yak/runtime/tensor"
)

func ExampleNACL() {
	// one 2×2 image, two classes, all logits 0: CE = ln 2, and the penalty
	// is the mean of |τ − 0| = 1/2 per pixel and class
	logits := tensor.Zeros(1, 2, 2, 2).SetRequiresGrad(true)
	loss, err := calib.NACL{}.Loss(logits, []int{0, 1, 1, 1})
	if err != nil {
		panic(err)
	}
	loss.Backward()
	fmt.Printf("loss %.4f\n", loss.Item())
	tau, _ := calib.NACL{}.Targets(logits, []int{0, 1, 1, 1})
	fmt.Printf("tau at pixel (0,0): background %.3f, class 1 %.3f\n", tau.At(0, 0, 0, 0), tau.At(0, 1, 0, 0))
	// Output:
	// loss 0.7431
	// tau at pixel (0,0): background 0.667, class 1 0.333
}

func ExampleECE() {
	// ten predictions at confidence 0.9, six of them right
	conf := []float64{0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9}
	correct := []bool{true, true, true, true, true, true, false, false, false, false}
	fmt.Printf("ECE %.2f\n", calib.ECE(conf, correct, 15))
	// Output:
	// ECE 0.30
}

func ExampleTemperature() {
	// logits twice too confident: labels 0,0,0,1 with logits (2, -2)
	// everywhere; the NLL-optimal probability of class 0 is 3/4
	logits := tensor.New([]float32{2, -2, 2, -2, 2, -2, 2, -2}, 4, 2)
	ts := &calib.Temperature{}
	if err := ts.Fit(logits, []int{0, 0, 0, 1}); err != nil {
		panic(err)
	}
	p, _ := ts.Calibrate(logits)
	fmt.Printf("T %.3f, p(class 0) %.3f\n", ts.T, p.At(0, 0))
	// Output:
	// T 3.641, p(class 0) 0.750
}
