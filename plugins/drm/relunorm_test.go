package drm

import (
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// TestGroupNormReLUMatchesUnfused: a convolution without ReLU followed by
// the group norm that takes the ReLU (MNISTCNN's layers) gives the same
// values, bit for bit, as the convolution with its fused ReLU followed by
// the plain group norm, and as nn's ReLU op between a plain convolution
// and the plain norm: the output and the gradients of the input, the
// convolution's weight and bias and the norm's weight and bias, with x's
// gradient stored fresh and added to one it has.
func TestGroupNormReLUMatchesUnfused(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const n, cin, cout, h, w = 3, 4, 16, 9, 7
	conv0 := nn.NewConv2d(cin, cout, 3, 1, 1, rng)
	gn0 := newGroupNorm(4, cout)
	for i := range gn0.Weight.Data {
		gn0.Weight.Data[i] = float32(0.5 + rng.Float64())
		gn0.Bias.Data[i] = float32(rng.NormFloat64())
	}
	x0 := tensor.Uniform(tensor.NewRand(9), -1, 1, n, cin, h, w)
	coef := tensor.Uniform(tensor.NewRand(10), -1, 1, n, cout, h, w)
	type run struct{ y, dx, dw, db, dg, dbeta []float32 }
	// form 0: conv with fused ReLU, plain norm; 1: nn's ReLU op between;
	// 2: the norm takes the ReLU.
	do := func(form int, prior float32) run {
		conv := nn.NewConv2d(cin, cout, 3, 1, 1, rng)
		copy(conv.Weight.Data, conv0.Weight.Data)
		copy(conv.Bias.Data, conv0.Bias.Data)
		gn := newGroupNorm(4, cout)
		copy(gn.Weight.Data, gn0.Weight.Data)
		copy(gn.Bias.Data, gn0.Bias.Data)
		x := tensor.New(append([]float32(nil), x0.Data...), x0.Shape()...).SetRequiresGrad(true)
		if prior != 0 {
			x.Grad = make([]float32, x.Len())
			for i := range x.Grad {
				x.Grad[i] = prior
			}
		}
		var y *tensor.Tensor
		switch form {
		case 0:
			conv.ReLU = true
			y = gn.Forward(conv.Forward(x))
		case 1:
			y = gn.Forward(conv.Forward(x).ReLU())
		default:
			gn.ReLU = true
			y = gn.Forward(conv.Forward(x))
		}
		y.Mul(coef).Sum().Backward()
		c := func(s []float32) []float32 { return append([]float32(nil), s...) }
		return run{c(y.Data), c(x.Grad), c(conv.Weight.Grad), c(conv.Bias.Grad), c(gn.Weight.Grad), c(gn.Bias.Grad)}
	}
	for _, prior := range []float32{0, 0.25} {
		want := do(0, prior)
		for form := 1; form <= 2; form++ {
			got := do(form, prior)
			for _, p := range []struct {
				name      string
				got, want []float32
			}{{"output", got.y, want.y}, {"input gradient", got.dx, want.dx}, {"conv weight gradient", got.dw, want.dw},
				{"conv bias gradient", got.db, want.db}, {"norm weight gradient", got.dg, want.dg}, {"norm bias gradient", got.dbeta, want.dbeta}} {
				if len(p.got) != len(p.want) {
					t.Fatalf("form %d, prior %v: %s has %d values, want %d", form, prior, p.name, len(p.got), len(p.want))
				}
				for i := range p.want {
					if p.got[i] != p.want[i] {
						t.Fatalf("form %d, prior %v: %s[%d] = %v, conv's fused ReLU gives %v", form, prior, p.name, i, p.got[i], p.want[i])
					}
				}
			}
		}
	}
}
