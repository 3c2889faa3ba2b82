package drm

import (
	"testing"

	"github.com/yaknb/yak/internal/proccpu"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// The sizes of bench/drm_torch.py: Rotated MNIST with five training
// domains, 32 images each per step, the small CNN (8 and 16 channels, 64
// features) and six heads.
const (
	benchDomains = 5
	benchBatch   = 32
	benchWidth   = 8
	benchFeat    = 64
)

// BenchmarkDRMStepCNN is one DRM training step (forward through the
// featurizer and the heads, the DRM loss, backward, Adam) on a batch of
// benchDomains×benchBatch images; it reports images per second.
func BenchmarkDRMStepCNN(b *testing.B) { benchDRMStep(b, CNN(benchWidth, benchFeat), benchBatch) }

// BenchmarkDRMStepMNISTCNN is one DRM step with DomainBed's MNIST CNN and
// its default batch, 64 images of each of five Rotated MNIST training
// domains: the unit of the budget bench/drm -search spends.
func BenchmarkDRMStepMNISTCNN(b *testing.B) { benchDRMStep(b, MNISTCNN(), 64) }

// benchDRMStep times DRM training steps of the featurizer f on batch
// images of each of benchDomains domains.
func benchDRMStep(b *testing.B, f FeaturizerFunc, batch int) {
	ts := &TrainSet{C: 1, H: 28, W: 28, Classes: 10, Config: Config{Featurizer: f, Batch: batch}.withDefaults()}
	n := newNet(ts, benchDomains+1, 1)
	rng := tensor.NewRand(2)
	x := tensor.Uniform(rng, 0, 1, benchDomains*batch, 1, 28, 28).Data
	ys := make([][]int, benchDomains)
	for i := range ys {
		ys[i] = make([]int, batch)
		for j := range ys[i] {
			ys[i][j] = (i + j) % 10
		}
	}
	opt := optim.NewAdam(n.params(), 1e-3)
	step := func() {
		opt.ZeroGrad()
		z := n.features(x, benchDomains*batch)
		l := drmLoss(n, z, ys, batch)
		l.Backward()
		l.FreeGraph()
		opt.Step()
	}
	step() // the first step fills the scratch free lists
	// CPU time per step beside the wall clock (the machine is shared):
	// measured around the timed steps only, not the set-up and warm-up.
	proccpu.Loop(b, step)
	b.ReportMetric(float64(b.N*benchDomains*batch)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkMNISTCNNForward is the MNIST CNN's forward pass on 64 images,
// the cost of validation and of scoring a test domain.
func BenchmarkMNISTCNNForward(b *testing.B) {
	ts := &TrainSet{C: 1, H: 28, W: 28, Classes: 10, Config: Config{Featurizer: MNISTCNN()}.withDefaults()}
	n := newNet(ts, benchDomains+1, 1)
	x := tensor.Uniform(tensor.NewRand(2), 0, 1, 64, 1, 28, 28).Data
	b.ResetTimer()
	for range b.N {
		n.logits(x, 64)
	}
	b.ReportMetric(float64(b.N*64)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkMNISTCNNLayers times each layer of the MNIST CNN on the step's
// batch (5 domains × 64 images), forward alone and forward with backward
// (weights, bias and, past the first layer, the input's gradient), to
// say where a step's CPU time goes.
func BenchmarkMNISTCNNLayers(b *testing.B) {
	n := benchDomains * 64
	rng := tensor.NewRand(1)
	// As MNISTCNN: the ReLU in the group norm after each convolution.
	conv := func(in, out, stride int) *nn.Conv2d { return nn.NewConv2d(in, out, 3, stride, 1, rng) }
	for _, l := range []struct {
		name string
		m    nn.Module
		in   []int
	}{
		{"conv1", conv(1, 64, 1), []int{n, 1, 28, 28}},
		{"gn1", newReLUGroupNorm(8, 64), []int{n, 64, 28, 28}},
		{"conv2", conv(64, 128, 2), []int{n, 64, 28, 28}},
		{"gn2", newReLUGroupNorm(8, 128), []int{n, 128, 14, 14}},
		{"conv3", conv(128, 128, 1), []int{n, 128, 14, 14}},
	} {
		x := tensor.Uniform(rng, 0, 1, l.in...).SetRequiresGrad(l.name != "conv1")
		y := l.m.Forward(x)
		dy := tensor.Uniform(rng, -1, 1, y.Shape()...).Data
		y.FreeGraph()
		b.Run(l.name+"/fwd", func(b *testing.B) {
			proccpu.Loop(b, func() {
				y := l.m.Forward(x)
				y.FreeGraph()
				y.Free()
			})
		})
		b.Run(l.name+"/fwdbwd", func(b *testing.B) {
			proccpu.Loop(b, func() {
				for _, p := range l.m.Parameters() {
					p.ZeroGrad()
				}
				x.FreeGrad()
				y := l.m.Forward(x)
				y.BackwardWith(dy)
				y.FreeGraph()
				y.Free()
			})
		})
	}
}
