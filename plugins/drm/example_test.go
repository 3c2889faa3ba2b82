package drm_test

import (
	"fmt"

	"github.com/yaknb/yak/plugins/drm"
)

// Two heads on one sample: the first is unsure (0.5, 0.5), the second
// fairly sure (0.9, 0.1). The entropy rule picks the second; the ensemble
// weighs them by entropy^(−1).
func ExampleProbs() {
	p, _ := drm.NewProbs([][]float32{{0, 0}, {-0.1053605, -2.3025851}}, 1, 2)
	w := p.Weights(1)
	fmt.Println("head:", p.MinEntropyHead())
	fmt.Printf("weights: %.3f %.3f\n", w[0][0], w[1][0])
	fmt.Printf("ensemble: %.3f\n", p.Ensemble(1)[0])
	// Output:
	// head: 1
	// weights: 0.319 0.681
	// ensemble: 0.772
}
