package drm

import (
	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// Algorithm trains a model on a TrainSet. One training may serve several
// methods, ways of predicting with the trained model: ERM's model is also
// the starting point of Tent, DRM's serves the lowest-entropy head, the
// ensemble and steering.
type Algorithm interface {
	Name() string
	Methods() []string
	Train(t *TrainSet, seed uint64) (Model, error)
}

// Model labels a test domain with one of its algorithm's methods (an
// index into Methods). Test-time adaptation starts again from the trained
// weights at each call: nothing carries over from one test domain to the
// next, while within a domain the adapted weights carry over from batch to
// batch.
type Model interface {
	Predict(method int, d *Domain) []int
}

// HeadPicker is implemented by models with several heads: which head the
// entropy rule picks for each test batch of d.
type HeadPicker interface {
	HeadPicks(d *Domain) []int
	NumHeads() int
}

// ERM minimises the mean cross-entropy over all training samples (one
// linear head). With Tent set it also reports ERM + Tent: test-time
// entropy minimisation on the same trained model.
type ERM struct{ Tent bool }

func (e ERM) Name() string { return "ERM" }

func (e ERM) Methods() []string {
	if e.Tent {
		return []string{"ERM", "Tent"}
	}
	return []string{"ERM"}
}

func (e ERM) Train(t *TrainSet, seed uint64) (Model, error) {
	n := newNet(t, 1, seed)
	_, err := fit(t, n, func(_ int, n *net, z *tensor.Tensor, ys [][]int) *tensor.Tensor {
		return nn.CrossEntropy(n.heads[0].Forward(z), flatLabels(ys))
	}, headPredict(0), seed, nil)
	return &single{n: n, t: t}, err
}

func headPredict(k int) func(n *net, x []float32, rows int) []int {
	return func(n *net, x []float32, rows int) []int {
		return argmaxRows(n.heads[k].Forward(n.features(x, rows)).Data, n.classes)
	}
}

// single is a one-head model: method 0 predicts with it, method 1 adapts
// it by Tent.
type single struct {
	n *net
	t *TrainSet
}

func (s *single) Predict(method int, d *Domain) []int {
	c := s.t.Config
	if method == 0 {
		return predictAll(d, s.t.dim(), c.TestBatch, func(x []float32, rows int) []int { return headPredict(0)(s.n, x, rows) })
	}
	ps := s.n.headParams()
	if c.TentAll {
		ps = s.n.params()
	}
	saved := snapshot(s.n.params())
	defer restore(s.n.params(), saved)
	opt := optim.NewAdam(ps, c.TentLR)
	return predictAll(d, s.t.dim(), c.TestBatch, func(x []float32, rows int) []int {
		var pred []int
		for step := range c.TentSteps {
			opt.ZeroGrad()
			logits := s.n.heads[0].Forward(s.n.features(x, rows))
			if step == 0 {
				pred = argmaxRows(logits.Data, s.n.classes)
			}
			nn.Entropy(logits, 1).Mean().Backward()
			opt.Step()
		}
		return pred
	})
}

// CORAL adds to ERM's loss the mean over pairs of training domains of the
// squared differences of their feature means and covariances (Sun and
// Saenko 2016, as DomainBed computes it), weighted by CoralWeight.
type CORAL struct{}

func (CORAL) Name() string      { return "CORAL" }
func (CORAL) Methods() []string { return []string{"CORAL"} }

func (CORAL) Train(t *TrainSet, seed uint64) (Model, error) {
	n := newNet(t, 1, seed)
	b := t.Config.Batch
	_, err := fit(t, n, func(_ int, n *net, z *tensor.Tensor, ys [][]int) *tensor.Tensor {
		loss := nn.CrossEntropy(n.heads[0].Forward(z), flatLabels(ys))
		d := len(ys)
		var pen *tensor.Tensor
		for i := range d {
			for j := i + 1; j < d; j++ {
				p := coral(z.Slice(i*b, (i+1)*b), z.Slice(j*b, (j+1)*b))
				if pen == nil {
					pen = p
				} else {
					pen = pen.Add(p)
				}
			}
		}
		if pen == nil {
			return loss
		}
		return loss.Add(pen.Scale(float32(t.Config.CoralWeight / float64(d*(d-1)/2))))
	}, headPredict(0), seed, nil)
	return &single{n: n, t: t}, err
}

func coral(x, y *tensor.Tensor) *tensor.Tensor {
	mx, my := x.MeanAxis(0), y.MeanAxis(0)
	cx, cy := x.Sub(mx), y.Sub(my)
	nx, ny := float32(x.Dim(0)-1), float32(y.Dim(0)-1)
	covx := cx.Transpose().MatMul(cx).Scale(1 / nx)
	covy := cy.Transpose().MatMul(cy).Scale(1 / ny)
	return mx.Sub(my).Square().Mean().Add(covx.Sub(covy).Square().Mean())
}

// IRM is invariant risk minimisation (Arjovsky et al. 2019, IRMv1 as in
// DomainBed): the mean cross-entropy plus a penalty on the gradient of each
// domain's risk with respect to a dummy scale on the logits, estimated
// without bias from the product of the two halves' gradients. The penalty
// weight is 1 for IRMAnneal steps, then IRMLambda (the loss is divided by
// it then, and Adam restarts, as DomainBed does).
type IRM struct{}

func (IRM) Name() string      { return "IRM" }
func (IRM) Methods() []string { return []string{"IRM"} }

func (IRM) Train(t *TrainSet, seed uint64) (Model, error) {
	n := newNet(t, 1, seed)
	c := t.Config
	b := c.Batch
	_, err := fit(t, n, func(step int, n *net, z *tensor.Tensor, ys [][]int) *tensor.Tensor {
		logits := n.heads[0].Forward(z)
		nll := nn.CrossEntropy(logits, flatLabels(ys))
		var pen *tensor.Tensor
		for i, y := range ys {
			l := logits.Slice(i*b, (i+1)*b)
			h := b / 2
			p := scaleGrad(l.Slice(0, h), y[:h], n.classes).Mul(scaleGrad(l.Slice(h, 2*h), y[h:2*h], n.classes))
			if pen == nil {
				pen = p
			} else {
				pen = pen.Add(p)
			}
		}
		w := 1.0
		if step > c.IRMAnneal {
			w = c.IRMLambda
		}
		loss := nll.Add(pen.Scale(float32(w / float64(len(ys)))))
		if w > 1 {
			loss = loss.Scale(float32(1 / w))
		}
		return loss
	}, headPredict(0), seed, func(step int) bool { return step == c.IRMAnneal+1 })
	return &single{n: n, t: t}, err
}

// scaleGrad is d/ds CE(s·logits, y) at s = 1:
// mean over samples of Σ_c softmax(l)_c l_c − l_y, differentiable in the
// logits (IRMv1's penalty needs its gradient).
func scaleGrad(l *tensor.Tensor, y []int, classes int) *tensor.Tensor {
	onehot := tensor.Zeros(len(y), classes)
	for i, c := range y {
		onehot.Data[i*classes+c] = 1
	}
	return l.Softmax(1).Sub(onehot).Mul(l).Sum().Scale(1 / float32(len(y)))
}
