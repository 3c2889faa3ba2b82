package tensor_test

import (
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// Sizes: a batch of 64 rows of width 256 through a 256→256 layer, and
// softmax over 10 classes for 4096 rows.
const (
	benchRows    = 64
	benchWidth   = 256
	benchClasses = 10
	benchSoftRow = 4096
)

func BenchmarkLinearFwdBwd(b *testing.B) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, benchRows, benchWidth)
	w := tensor.Randn(rng, 0.1, benchWidth, benchWidth).SetRequiresGrad(true)
	bias := tensor.Zeros(benchWidth).SetRequiresGrad(true)
	b.ReportAllocs()
	for b.Loop() {
		w.ZeroGrad()
		bias.ZeroGrad()
		tensor.Linear(x, w, bias).ReLU().Sum().Backward()
	}
}

func BenchmarkSoftmaxFwdBwd(b *testing.B) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, benchSoftRow, benchClasses).SetRequiresGrad(true)
	g := tensor.Randn(rng, 1, benchSoftRow, benchClasses).Data
	b.ReportAllocs()
	for b.Loop() {
		x.ZeroGrad()
		x.Softmax(1).BackwardWith(g)
	}
}

func BenchmarkAddBroadcast(b *testing.B) {
	rng := tensor.NewRand(1)
	x := tensor.Randn(rng, 1, benchRows, benchWidth).SetRequiresGrad(true)
	y := tensor.Randn(rng, 1, benchWidth).SetRequiresGrad(true)
	g := tensor.Randn(rng, 1, benchRows, benchWidth).Data
	b.ReportAllocs()
	for b.Loop() {
		x.ZeroGrad()
		y.ZeroGrad()
		x.Add(y).BackwardWith(g)
	}
}
