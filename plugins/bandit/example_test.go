package bandit_test

import (
	"fmt"

	"github.com/yaknb/yak/plugins/bandit"
)

// Inverse gap weighting over three arms' predicted losses: the best arm
// (loss 0.1) keeps what the others do not get.
func ExampleIGW() {
	p := make([]float64, 3)
	best := bandit.IGW([]float64{0.1, 0.5, 0.3}, 10, p)
	fmt.Printf("best %d, p = %.4f\n", best, p)
	// Output: best 0, p = [0.6571 0.1429 0.2000]
}

// FastCB explores less when the best arm's predicted loss is small.
func ExampleFastCB() {
	p := make([]float64, 3)
	bandit.FastCB([]float64{0.1, 0.5, 0.3}, 10, p)
	fmt.Printf("%.4f\n", p)
	bandit.FastCB([]float64{0.01, 0.5, 0.3}, 10, p)
	fmt.Printf("%.4f\n", p)
	// Output:
	// [0.9333 0.0233 0.0435]
	// [0.9946 0.0020 0.0034]
}

// A two-class data set as a two-armed bandit: the context is the
// L2-normalised row, and the true class pays 1.
func ExampleNewClassification() {
	env, _ := bandit.NewClassification("toy", [][]float64{{3, 4}, {1, 0}}, []int{1, 0}, []string{"no", "yes"})
	x, rewards := make([]float64, 2), make([]float64, 2)
	for t := range 2 {
		env.Round(1, t, x, rewards)
		fmt.Printf("%.2f %v %.2f\n", x, rewards, bandit.Joint(x, 1, 2))
	}
	fmt.Println(env)
	// Output:
	// [1.00 0.00] [1 0] [0.00 0.00 1.00 0.00]
	// [0.60 0.80] [0 1] [0.00 0.00 0.60 0.80]
	// toy: 2 rows, d = 2 features, K = 2 arms (joint context 4)
}
