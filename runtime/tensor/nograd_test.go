package tensor_test

import (
	"sync"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// model is a one-layer network y = relu(x·Wᵀ + b) for the no-grad tests.
type model struct{ w, b *tensor.Tensor }

func newModel(seed uint64) model {
	rng := tensor.NewRand(seed)
	return model{
		w: tensor.Randn(rng, 0.5, 3, 4).SetRequiresGrad(true),
		b: tensor.Randn(rng, 0.5, 3).SetRequiresGrad(true),
	}
}

func (m model) forward(x *tensor.Tensor) *tensor.Tensor { return tensor.Linear(x, m.w, m.b).ReLU() }
func (m model) params() []*tensor.Tensor                { return []*tensor.Tensor{m.w, m.b} }

// NoGradFor holds one model constant while another trains in another
// goroutine at the same time: the first records nothing, the second its
// whole graph, and the second's gradients are those of a run alone.
func TestNoGradForIsScopedToItsParameters(t *testing.T) {
	x := tensor.Randn(tensor.NewRand(9), 1, 5, 4)
	alone := newModel(2)
	alone.forward(x).Sum().Backward()

	evaluated, trained := newModel(1), newModel(2)
	inside, trainedDone := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // trains while the other goroutine is inside NoGradFor
		defer wg.Done()
		<-inside
		y := trained.forward(x)
		if !y.RequiresGrad() || y.IsLeaf() {
			t.Error("the training model's output has no graph while another model is held by NoGradFor")
		}
		y.Sum().Backward()
		close(trainedDone)
	}()
	var out *tensor.Tensor
	tensor.NoGradFor(evaluated.params(), func() {
		if evaluated.w.RequiresGrad() {
			t.Error("a parameter held by NoGradFor reports RequiresGrad")
		}
		close(inside)
		out = evaluated.forward(x)
		<-trainedDone
	})
	wg.Wait()
	if out.RequiresGrad() || !out.IsLeaf() {
		t.Errorf("output under NoGradFor: RequiresGrad=%v IsLeaf=%v, want false, true", out.RequiresGrad(), out.IsLeaf())
	}
	if evaluated.w.Grad != nil || evaluated.b.Grad != nil {
		t.Error("NoGradFor's model got gradient buffers")
	}
	if !evaluated.w.RequiresGrad() {
		t.Error("the parameter still reports no gradient after NoGradFor returned")
	}
	for i := range alone.w.Grad {
		if trained.w.Grad[i] != alone.w.Grad[i] {
			t.Fatalf("training beside NoGradFor changed the gradient: w.Grad[%d] = %v, alone %v", i, trained.w.Grad[i], alone.w.Grad[i])
		}
	}
	// The same values as with recording on.
	want := newModel(1).forward(x)
	for i := range want.Data {
		if out.Data[i] != want.Data[i] {
			t.Fatalf("output[%d] = %v under NoGradFor, %v with recording", i, out.Data[i], want.Data[i])
		}
	}
}

// Calls nest and overlap on the same parameters; each tensor is held until
// the last one returns.
func TestNoGradForNestsAndOverlaps(t *testing.T) {
	m := newModel(3)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tensor.NoGradFor(m.params(), func() {
				tensor.NoGradFor(m.params()[:1], func() {
					if m.w.RequiresGrad() {
						t.Error("nested NoGradFor: parameter reports RequiresGrad")
					}
				})
				if m.w.RequiresGrad() || m.b.RequiresGrad() {
					t.Error("inner NoGradFor released the outer one's hold")
				}
			})
		}()
	}
	close(start)
	wg.Wait()
	if !m.w.RequiresGrad() || !m.b.RequiresGrad() {
		t.Error("parameters still held after every NoGradFor returned")
	}
}

// An input that needs gradients still records through a held parameter,
// which acts as a constant: the input gets its gradient, the parameter none.
func TestNoGradForParametersAreConstants(t *testing.T) {
	m := newModel(4)
	x := tensor.Randn(tensor.NewRand(5), 1, 2, 4).SetRequiresGrad(true)
	tensor.NoGradFor(m.params(), func() {
		m.forward(x).Sum().Backward()
	})
	if x.Grad == nil {
		t.Fatal("the input that requires gradients got none")
	}
	if m.w.Grad != nil || m.b.Grad != nil {
		t.Error("a parameter held by NoGradFor got a gradient")
	}
}

// NoGradFor ends its hold when fn panics.
func TestNoGradForReleasesOnPanic(t *testing.T) {
	m := newModel(6)
	func() {
		defer func() { _ = recover() }()
		tensor.NoGradFor(m.params(), func() { panic("boom") })
	}()
	if !m.w.RequiresGrad() {
		t.Error("a panic in fn left the parameter held")
	}
}
