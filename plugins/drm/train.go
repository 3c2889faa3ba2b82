package drm

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/yaknb/yak/display"
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Config is the training budget and the hyperparameters shared by the
// algorithms. Zero fields take the defaults in brackets.
type Config struct {
	Featurizer FeaturizerFunc // [DefaultFeaturizer: MNISTCNN for images, MLP(128, 2) for tables]
	Steps      int            // optimisation steps [300]
	Batch      int            // samples per training domain per step [32]
	LR         float64        // Adam's learning rate [1e-3]
	EvalEvery  int            // steps between validation checkpoints [50]
	HoldOut    float64        // fraction of each training domain held out for validation [0.2]
	TestBatch  int            // test samples per batch: the unit of head picking and adaptation [64]
	// ValMax and TestMax bound the cost of scoring, for a reduced budget:
	// validation uses at most ValMax of each training domain's held-out
	// samples, and the test domain is scored on at most TestMax of its
	// samples, drawn at random with the seed [0: all].
	ValMax, TestMax int

	// DRM.
	Gamma      float64 // ensemble weights ∝ entropy^(−Gamma) [1]
	Beta       float64 // steering keeps pseudo labels whose ensemble probability is ≥ Beta [0.9]
	SteerLR    float64 // Adam's learning rate when steering [1e-4]
	SteerSteps int     // Adam steps per test batch [1]
	SteerAll   bool    // steer the featurizer too, not only the heads
	// DomainHeadsOnly leaves the head trained on all domains out of the
	// test-time ensemble (by default it takes part, as one head among D+1).
	DomainHeadsOnly bool

	// Baselines.
	CoralWeight float64 // CORAL penalty weight [1]
	IRMLambda   float64 // IRM penalty weight after annealing [100]
	IRMAnneal   int     // IRM steps before the penalty takes its full weight [Steps/3]
	TentLR      float64 // Tent's learning rate [1e-4]
	TentSteps   int     // Tent's Adam steps per test batch [1]
	TentAll     bool    // Tent adapts the whole model, not only the classifier

	// Progress, when set, is told of every training step.
	Progress display.Reporter
}

func (c Config) withDefaults() Config {
	if c.Featurizer == nil {
		c.Featurizer = MLP(128, 2) // Experiment.Run picks by the data's shape first
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Steps, 300)
	def(&c.Batch, 32)
	def(&c.EvalEvery, 50)
	def(&c.TestBatch, 64)
	def(&c.SteerSteps, 1)
	def(&c.TentSteps, 1)
	def(&c.IRMAnneal, c.Steps/3)
	deff(&c.LR, 1e-3)
	deff(&c.HoldOut, 0.2)
	deff(&c.Gamma, 1)
	deff(&c.Beta, 0.9)
	deff(&c.SteerLR, 1e-4)
	deff(&c.CoralWeight, 1)
	deff(&c.IRMLambda, 100)
	deff(&c.TentLR, 1e-4)
	return c
}

// TrainSet is what an algorithm trains on: the training domains (after
// the validation part was held out), their validation parts, the input
// shape and the number of classes.
type TrainSet struct {
	C, H, W, Classes int
	Train, Val       []*Domain
	Config           Config
	ctx              context.Context
	// val is the validation accuracy of the checkpoint fit kept (NaN
	// until a built-in algorithm's fit has run).
	val float64
}

// Context is the context of the run the training belongs to: a done
// context asks Train to stop (the built-in algorithms check it every
// step). It is never nil.
func (t *TrainSet) Context() context.Context {
	if t.ctx == nil {
		return context.Background()
	}
	return t.ctx
}

func (t *TrainSet) dim() int { return t.C * t.H * t.W }

// net is a featurizer with linear heads on its features.
type net struct {
	feat    Featurizer
	heads   []*nn.Linear
	c, h, w int
	classes int
}

func newNet(t *TrainSet, heads int, seed uint64) *net {
	rng := tensor.NewRand(seed)
	n := &net{feat: t.Config.Featurizer(t.C, t.H, t.W, rng), c: t.C, h: t.H, w: t.W, classes: t.Classes}
	for range heads {
		n.heads = append(n.heads, nn.NewLinear(n.feat.OutDim(), t.Classes, rng))
	}
	return n
}

func (n *net) headParams() []*tensor.Tensor {
	var ps []*tensor.Tensor
	for _, h := range n.heads {
		ps = append(ps, h.Parameters()...)
	}
	return ps
}

func (n *net) params() []*tensor.Tensor { return append(n.feat.Parameters(), n.headParams()...) }

func (n *net) features(x []float32, rows int) *tensor.Tensor {
	return n.feat.Forward(tensor.New(x, rows, n.c, n.h, n.w))
}

// logits runs every head on x: out[k] is head k's (rows × classes) logits.
func (n *net) logits(x []float32, rows int) [][]float32 {
	z := n.features(x, rows)
	out := make([][]float32, len(n.heads))
	for k, h := range n.heads {
		out[k] = h.Forward(z).Data
	}
	return out
}

// batcher draws each training domain's mini-batches from a fresh seeded
// permutation per pass, as DomainBed's infinite loaders do.
type batcher struct {
	doms []*Domain
	dim  int
	size int
	r    *rand.Rand
	perm [][]int
	pos  []int
}

func newBatcher(doms []*Domain, dim, size int, seed uint64) *batcher {
	b := &batcher{doms: doms, dim: dim, size: size, r: rand.New(rand.NewPCG(seed, 0xba7c4)),
		perm: make([][]int, len(doms)), pos: make([]int, len(doms))}
	return b
}

// next fills x with size samples of each domain in turn and returns their
// labels per domain.
func (b *batcher) next(x []float32) [][]int {
	ys := make([][]int, len(b.doms))
	k := 0
	for i, d := range b.doms {
		ys[i] = make([]int, b.size)
		for j := range b.size {
			if b.pos[i] == len(b.perm[i]) {
				b.perm[i], b.pos[i] = b.r.Perm(d.N), 0
			}
			s := b.perm[i][b.pos[i]]
			b.pos[i]++
			copy(x[k*b.dim:(k+1)*b.dim], d.Row(s, b.dim))
			ys[i][j] = d.Y[s]
			k++
		}
	}
	return ys
}

// lossFunc is an algorithm's training objective on one step's batch:
// features z of every domain's samples in turn (size each), and labels.
type lossFunc func(step int, n *net, z *tensor.Tensor, ys [][]int) *tensor.Tensor

// fit trains n with Adam on loss and keeps the checkpoint with the best
// mean validation accuracy over the training domains (DomainBed's
// training-domain validation), judged by predict. reset, when it returns
// true at a step, restarts Adam there (IRM, when its penalty switches on).
func fit(t *TrainSet, n *net, loss lossFunc, predict func(n *net, x []float32, rows int) []int, seed uint64, reset func(step int) bool) (float64, error) {
	c := t.Config
	dim := t.dim()
	b := newBatcher(t.Train, dim, c.Batch, seed)
	x := make([]float32, len(t.Train)*c.Batch*dim)
	opt := optim.NewAdam(n.params(), c.LR)
	best, bestAcc := snapshot(n.params()), -1.0
	for step := 1; step <= c.Steps; step++ {
		if reset != nil && reset(step) {
			opt = optim.NewAdam(n.params(), c.LR)
		}
		if err := t.Context().Err(); err != nil {
			return 0, fmt.Errorf("drm: training stopped at step %d of %d: %w", step, c.Steps, err)
		}
		ys := b.next(x)
		var l *tensor.Tensor
		err := tensor.Catch(func() {
			opt.ZeroGrad()
			z := n.features(x, len(t.Train)*c.Batch)
			l = loss(step, n, z, ys)
			l.Backward()
			l.FreeGraph() // the step's activations are reused by the next one
			opt.Step()
		})
		if err != nil {
			return 0, fmt.Errorf("drm: training step %d: %w", step, err)
		}
		if c.Progress != nil {
			c.Progress.Add(1)
		}
		if step%c.EvalEvery == 0 || step == c.Steps {
			acc := valAccuracy(t, n, predict)
			if acc > bestAcc {
				best, bestAcc = snapshot(n.params()), acc
			}
		}
	}
	restore(n.params(), best)
	t.val = bestAcc
	return bestAcc, nil
}

// valAccuracy is the mean over training domains of the accuracy on their
// held-out parts.
func valAccuracy(t *TrainSet, n *net, predict func(n *net, x []float32, rows int) []int) float64 {
	s := 0.0
	for _, d := range t.Val {
		s += accuracy(predictAll(d, t.dim(), t.Config.TestBatch, func(x []float32, rows int) []int { return predict(n, x, rows) }), d.Y)
	}
	return s / float64(len(t.Val))
}

// predictAll labels a domain batch by batch, in order.
func predictAll(d *Domain, dim, batch int, f func(x []float32, rows int) []int) []int {
	out := make([]int, 0, d.N)
	for lo := 0; lo < d.N; lo += batch {
		hi := min(d.N, lo+batch)
		out = append(out, f(d.X[lo*dim:hi*dim], hi-lo)...)
	}
	return out
}

func accuracy(pred, y []int) float64 {
	if len(y) == 0 {
		return 0
	}
	ok := 0
	for i := range y {
		if pred[i] == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y))
}

func argmaxRows(l []float32, classes int) []int {
	out := make([]int, len(l)/classes)
	for i := range out {
		row := l[i*classes : (i+1)*classes]
		for c, v := range row {
			if v > row[out[i]] {
				out[i] = c
			}
		}
	}
	return out
}

func flatLabels(ys [][]int) []int {
	var out []int
	for _, y := range ys {
		out = append(out, y...)
	}
	return out
}
