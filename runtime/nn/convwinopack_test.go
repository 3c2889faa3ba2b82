package nn_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// unpackedGemm is the gemm in use without its packed-A entry point (and
// under a name gemm.New does not know, so that the Winograd layers' groups
// use it as it is): the Winograd products then pack U as they go.
type unpackedGemm struct{ gemm.Impl }

func (unpackedGemm) Name() string { return "unpacked-test" }

// TestWinogradPackedUSameBits: U (and the input gradient's Uᵀ) packed once
// per layer call give the bits of the products that pack it themselves,
// forward and backward, for F(4×4), F(2×2) and the stride-2 layer, on one
// thread and on two, with more than one 64-row block of U.
func TestWinogradPackedUSameBits(t *testing.T) {
	defer nn.SetWinogradMinTiles(nn.SetWinogradMinTiles(1))
	if _, ok := gemm.Current().(gemm.APacker); !ok {
		t.Skipf("gemm %s takes no packed A", gemm.Current().Name())
	}
	for _, c := range []struct {
		name                     string
		f43                      bool
		n, cin, cout, size, strd int
	}{
		{"F(4x4)", true, 5, 128, 72, 14, 1},
		{"F(2x2)", false, 3, 64, 130, 9, 1},
		{"stride 2", true, 6, 64, 128, 28, 2},
		{"stride 2 transposed", true, 4, 130, 64, 14, 2},
	} {
		for _, threads := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/threads=%d", c.name, threads), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
				defer tensor.SetThreads(tensor.SetThreads(threads))
				defer nn.SetWinograd43(nn.SetWinograd43(c.f43))
				run := func() [][]float32 {
					rng := tensor.NewRand(uint64(c.cin + c.cout))
					conv := nn.NewConv2d(c.cin, c.cout, 3, c.strd, 1, rng)
					x := tensor.Randn(rng, 1, c.n, c.cin, c.size, c.size).SetRequiresGrad(true)
					y := conv.Forward(x)
					y.BackwardWith(tensor.Randn(rng, 1, y.Shape()...).Data)
					return [][]float32{y.Data, x.Grad, conv.Weight.Grad, conv.Bias.Grad}
				}
				packed := run()
				prev := gemm.Use(unpackedGemm{gemm.Current()})
				unpacked := run()
				gemm.Use(prev)
				for r, what := range []string{"output", "input gradient", "weight gradient", "bias gradient"} {
					for i := range packed[r] {
						if packed[r][i] != unpacked[r][i] {
							t.Fatalf("%s[%d] = %v with U packed once, %v packed per product", what, i, packed[r][i], unpacked[r][i])
						}
					}
				}
			})
		}
	}
}
