package drm

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/optim"
	"github.com/yaknb/yak/runtime/tensor"
)

// DRM is domain-specific risk minimization (Zhang et al., KDD 2023): a
// shared featurizer with one linear head per training domain and one head
// for all of them, each domain's batch trained through its own head and the
// shared one. Its methods:
//
//	"DRM (min-entropy head)"  each test batch through the head of lowest mean entropy
//	"DRM (ensemble)"          per-sample mixture of the heads, weights ∝ entropy^(−Gamma)
//	"DRM + steering"          the ensemble, with online model steering on the test domain
//
// AuthorsSteering adds one method per threshold β that steers as the
// authors' code does (AuthorsPseudo: a second softmax over the ensemble's
// probabilities, so a threshold keeps all samples or none; the ensemble
// over the domain heads only; the heads' losses summed), named by
// AuthorsSteerName, beside the corrected rule. The authors' grid is
// 0.1, 0.25, 0.75, 1.1, and their script keeps the steering
// hyperparameters (β, γ, learning rate, steps, labelling) that give the
// best test accuracy; yak does not select on test data.
type DRM struct {
	AuthorsSteering []float64
}

// The names of DRM's methods, for Results.Mean and Results.Average: they
// find the method wherever DRM stands among an experiment's algorithms.
const (
	DRMHead     = "DRM (min-entropy head)"
	DRMEnsemble = "DRM (ensemble)"
	DRMSteer    = "DRM + steering"
)

// The indices of DRM's methods in Methods, for Model.Predict.
const (
	drmHead = iota
	drmEnsemble
	drmSteer
)

func (DRM) Name() string { return "DRM" }
func (a DRM) Methods() []string {
	ms := []string{DRMHead, DRMEnsemble, DRMSteer}
	for _, b := range a.AuthorsSteering {
		ms = append(ms, AuthorsSteerName(b))
	}
	return ms
}

func (a DRM) Train(t *TrainSet, seed uint64) (Model, error) {
	for _, b := range a.AuthorsSteering {
		if math.IsNaN(b) || b < 0 {
			return nil, fmt.Errorf("drm: DRM.AuthorsSteering threshold %v: use a confidence in [0, 1] (above 1 keeps no sample)", b)
		}
	}
	d := len(t.Train)
	n := newNet(t, d+1, seed)
	b := t.Config.Batch
	m := &drmModel{n: n, t: t, authors: a.AuthorsSteering}
	_, err := fit(t, n, func(_ int, n *net, z *tensor.Tensor, ys [][]int) *tensor.Tensor {
		return drmLoss(n, z, ys, b)
	}, func(n *net, x []float32, rows int) []int {
		return m.ensemble(x, rows)
	}, seed, nil)
	return m, err
}

// drmLoss is the mean over domains i of (CE(head_i(z_i), y_i) +
// CE(head_all(z_i), y_i)) / 2. With equal batches per domain, the mean
// of the shared head's per-domain losses is its loss on the whole batch,
// which is how it is computed: one matrix product instead of D.
func drmLoss(n *net, z *tensor.Tensor, ys [][]int, b int) *tensor.Tensor {
	d := len(ys)
	var own *tensor.Tensor
	for i, y := range ys {
		l := nn.CrossEntropy(n.heads[i].Forward(z.Slice(i*b, (i+1)*b)), y)
		if own == nil {
			own = l
		} else {
			own = own.Add(l)
		}
	}
	shared := nn.CrossEntropy(n.heads[d].Forward(z), flatLabels(ys))
	return own.Scale(float32(0.5 / float64(d))).Add(shared.Scale(0.5))
}

type drmModel struct {
	n       *net
	t       *TrainSet
	authors []float64 // thresholds of the authors' steering methods
}

func (m *drmModel) NumHeads() int { return len(m.n.heads) }

// heads are the heads that the test-time rules use.
// headsLoss is the summed cross-entropy of the heads hs on the kept rows
// of the features z against their pseudo-labels; the featurizer learns from
// it only with steerAll (z is detached otherwise).
func headsLoss(hs []*nn.Linear, z *tensor.Tensor, keep, pseudo []int, steerAll bool) *tensor.Tensor {
	zk := z.Detach()
	if steerAll {
		zk = z
	}
	zk = zk.Gather(keep)
	var loss *tensor.Tensor
	for _, h := range hs {
		l := nn.CrossEntropy(h.Forward(zk), pseudo)
		if loss == nil {
			loss = l
		} else {
			loss = loss.Add(l)
		}
	}
	return loss
}

func (m *drmModel) heads() []*nn.Linear {
	if m.t.Config.DomainHeadsOnly {
		return m.n.heads[:len(m.n.heads)-1]
	}
	return m.n.heads
}

func (m *drmModel) probs(z *tensor.Tensor, rows int) (*Probs, []*tensor.Tensor) {
	hs := m.heads()
	ls := make([][]float32, len(hs))
	ts := make([]*tensor.Tensor, len(hs))
	for k, h := range hs {
		ts[k] = h.Forward(z)
		ls[k] = ts[k].Data
	}
	p, err := NewProbs(ls, rows, m.n.classes)
	if err != nil {
		panic(err) // shapes come from our own heads
	}
	return p, ts
}

func (m *drmModel) ensemble(x []float32, rows int) []int {
	p, _ := m.probs(m.n.features(x, rows), rows)
	y, _ := Argmax(p.Ensemble(m.t.Config.Gamma), m.n.classes)
	return y
}

// HeadPicks is the head that the entropy rule picks for each test batch.
func (m *drmModel) HeadPicks(d *Domain) []int {
	var out []int
	predictAll(d, m.t.dim(), m.t.Config.TestBatch, func(x []float32, rows int) []int {
		p, _ := m.probs(m.n.features(x, rows), rows)
		out = append(out, p.MinEntropyHead())
		return make([]int, rows)
	})
	return out
}

func (m *drmModel) Predict(method int, d *Domain) []int {
	c := m.t.Config
	dim := m.t.dim()
	switch method {
	case drmHead:
		return predictAll(d, dim, c.TestBatch, func(x []float32, rows int) []int {
			p, _ := m.probs(m.n.features(x, rows), rows)
			y, _ := Argmax(p.Head(p.MinEntropyHead()), m.n.classes)
			return y
		})
	case drmEnsemble:
		return predictAll(d, dim, c.TestBatch, m.ensemble)
	}
	st := m.newSteerer()
	defer st.Reset()
	if method > drmSteer {
		return predictAll(d, dim, c.TestBatch, st.stepAuthors(m.authors[method-drmSteer-1]))
	}
	return predictAll(d, dim, c.TestBatch, st.Step)
}

// steerer adapts a trained DRM model online, batch after batch of one test
// domain. Reset puts the trained weights back (call it between domains).
type steerer struct {
	m     *drmModel
	saved [][]float32
	opt   *optim.Adam
	// Kept is the number of samples whose pseudo label passed the
	// confidence threshold, summed over the batches seen.
	Kept, Seen int
}

// newSteerer starts steering from the model's current weights.
func (m *drmModel) newSteerer() *steerer {
	s := &steerer{m: m, saved: snapshot(m.n.params())}
	s.Reset()
	return s
}

// Reset restores the weights the steerer started from and forgets the
// optimiser's state.
func (s *steerer) Reset() {
	restore(s.m.n.params(), s.saved)
	ps := s.m.n.headParams()
	if s.m.t.Config.SteerAll {
		ps = s.m.n.params()
	}
	s.opt = optim.NewAdam(ps, s.m.t.Config.SteerLR)
	s.Kept, s.Seen = 0, 0
}

// Step predicts one batch with the weighted ensemble, then steers: the
// ensemble's labels whose probability is at least Beta become pseudo
// labels, and SteerSteps Adam steps lower the heads' mean cross-entropy to
// them. The prediction returned is the one made before the steps.
func (s *steerer) Step(x []float32, rows int) []int {
	c := s.m.t.Config
	z := s.m.n.features(x, rows)
	p, _ := s.m.probs(z, rows)
	pred, conf := Argmax(p.Ensemble(c.Gamma), s.m.n.classes)
	var keep, pseudo []int
	for i, v := range conf {
		if v >= c.Beta {
			keep = append(keep, i)
			pseudo = append(pseudo, pred[i])
		}
	}
	s.Seen += rows
	s.Kept += len(keep)
	if len(keep) == 0 {
		return pred
	}
	for step := range c.SteerSteps {
		if step > 0 {
			// The weights moved: later steps need fresh features.
			z = s.m.n.features(x, rows)
		}
		s.opt.ZeroGrad()
		hs := s.m.heads()
		headsLoss(hs, z, keep, pseudo, c.SteerAll).Scale(1 / float32(len(hs))).Backward()
		s.opt.Step()
	}
	return pred
}
