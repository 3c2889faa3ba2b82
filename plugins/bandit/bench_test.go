package bandit

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Letter's shape: d = 16 features, K = 26 arms, width 100.
const benchD, benchK, benchH = 16, 26, 100

func benchX() []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, benchD)
	for i := range x {
		x[i] = r.Float64() / 4
	}
	return x
}

// BenchmarkNetStep is one round of one network in the plugin's network:
// predictions for every arm, then one SGD step on one arm.
func BenchmarkNetStep(b *testing.B) {
	n := newBlockNet(rand.New(rand.NewPCG(1, 1)), benchD, benchK, benchH, 1, 0.1)
	x := make([]float32, benchD)
	toF32(x, benchX())
	out := make([]float64, benchK)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n.forward(x, out)
		a := i % benchK
		f := n.forwardArm(x, a)
		n.step(x, a, f-1, 0.01, 1)
	}
}

// BenchmarkRuntimeNNStep is the same round with runtime/nn and optim on
// the dense joint contexts (K × d·K), as a general-purpose framework runs it.
func BenchmarkRuntimeNNStep(b *testing.B) {
	rng := tensor.NewRand(1)
	net := nn.NewSequential(nn.NewLinear(benchD*benchK, benchH, rng), nn.ReLU{}, nn.NewLinear(benchH, 1, rng))
	opt := optim.NewSGD(net.Parameters(), 0.01, 0, 0)
	x := benchX()
	joint := make([]float32, benchK*benchD*benchK)
	for a := range benchK {
		for i, v := range x {
			joint[a*benchD*benchK+a*benchD+i] = float32(v)
		}
	}
	all := tensor.New(joint, benchK, benchD*benchK)
	target := tensor.New([]float32{1}, 1, 1)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tensor.NoGrad(func() { net.Forward(all) })
		a := i % benchK
		one := tensor.New(joint[a*benchD*benchK:(a+1)*benchD*benchK], 1, benchD*benchK)
		opt.ZeroGrad()
		nn.MSE(net.Forward(one), target).Backward()
		opt.Step()
	}
}

// BenchmarkNeuFastCBRound is a whole round of the default NeuFastCB (an
// ensemble of 5) on letter's shape.
func BenchmarkNeuFastCBRound(b *testing.B) {
	p := NeuFastCB(NeuralOptions{})
	if err := p.Start(benchK, benchD, 1); err != nil {
		b.Fatal(err)
	}
	x := benchX()
	probs := make([]float64, benchK)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a, err := p.Choose(i, x, probs)
		if err != nil {
			b.Fatal(err)
		}
		p.Update(i, x, a, float64(a%2))
	}
}

// BenchmarkZRound is one round of online NeuralUCB (predict and score every
// arm, then add the chosen arm's gradient to Z and take one SGD step) with
// each form of Z, on letter's shape (d = 16, K = 26: d·h + 2h + 1 = 1,801
// parameters per arm's gradient) and MNIST's pooled one (d = 49, K = 10:
// 5,101). Full Z holds K·(d·h)² + K·d·h·(2h+1) float32s: 0.3 GB for letter,
// 1 GB for MNIST.
func BenchmarkZRound(b *testing.B) {
	for _, shape := range []struct {
		name string
		d, k int
	}{{"letter", 16, 26}, {"mnist", 49, 10}} {
		for _, z := range []string{zDiag, zFull, zLowRank} {
			b.Run(shape.name+"/"+z, func(b *testing.B) {
				p := NeuralUCB(1, NeuralOptions{Z: z})
				if err := p.Start(shape.k, shape.d, 1); err != nil {
					b.Fatal(err)
				}
				r := rand.New(rand.NewPCG(3, 4))
				x := make([]float64, shape.d)
				probs := make([]float64, shape.k)
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					for j := range x {
						x[j] = r.Float64() / math.Sqrt(float64(shape.d))
					}
					a, err := p.Choose(i, x, probs)
					if err != nil {
						b.Fatal(err)
					}
					if err := p.Update(i, x, a, float64(a%2)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
