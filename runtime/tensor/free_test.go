package tensor_test

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yaknb/yak/runtime/tensor"
)

// Every buffer the free list makes comes back to the class it was made for,
// and a class never hands out fewer floats than asked for.
func TestSizeClasses(t *testing.T) {
	prev := -1
	for n := 1; n < 1<<16; n++ {
		c, size := tensor.CeilClass(n)
		if size < n || size > n+n/4+16 {
			t.Fatalf("ceilClass(%d) = class %d of %d floats", n, c, size)
		}
		if f := tensor.FloorClass(size); f != c {
			t.Fatalf("a buffer of class %d (%d floats) goes back to class %d", c, size, f)
		}
		if c < prev {
			t.Fatalf("class of %d is %d, below the class %d of %d", n, c, prev, n-1)
		}
		prev = c
		// A buffer of capacity n is filed in a class that lends at most n.
		if f := tensor.FloorClass(n); n >= 16 && (f < 0 || f > c || f == c && size != n) {
			t.Fatalf("a buffer of %d floats would be filed in class %d (class of %d: %d of %d floats)", n, f, n, c, size)
		}
	}
	for _, n := range []int{1 << 20, 3<<20 + 5, 1<<30 + 1} {
		c, size := tensor.CeilClass(n)
		if size < n || tensor.FloorClass(size) != c {
			t.Errorf("n=%d: class %d of %d floats", n, c, size)
		}
	}
}

func TestFreeGraphRecyclesIntermediates(t *testing.T) {
	rng := tensor.NewRand(1)
	w := tensor.Randn(rng, 1, 64, 64).SetRequiresGrad(true)
	x := tensor.Randn(rng, 1, 64, 64)
	h := x.Mul(w).ReLU()
	hData := h.Data
	loss := h.Exp().Sum()
	loss.Backward()
	want := loss.Item()
	loss.FreeGraph()
	if h.Data != nil {
		t.Errorf("an intermediate keeps its data after FreeGraph")
	}
	if !tensor.PoolHas(hData) {
		t.Errorf("the ReLU output's buffer did not go back to the free list")
	}
	if loss.Item() != want {
		t.Errorf("the loss changed to %v after FreeGraph, want %v", loss.Item(), want)
	}
	if w.Data == nil || w.Grad == nil || x.Data == nil {
		t.Errorf("FreeGraph touched a leaf")
	}
	msg := catch(func() { loss.Backward() })
	if !strings.Contains(msg, "does not require gradients") {
		t.Errorf("Backward after FreeGraph: %q", msg)
	}
	// The next step's ReLU reuses a recycled buffer.
	h2 := x.Mul(w).ReLU()
	if tensor.PoolHas(hData) && tensor.PoolHas(h2.Data) {
		t.Errorf("the free list kept both buffers")
	}
}

// A buffer that a view shares never goes back to the free list, whichever
// of the two is in the graph.
func TestFreeGraphKeepsViews(t *testing.T) {
	rng := tensor.NewRand(2)
	w := tensor.Randn(rng, 1, 8, 8).SetRequiresGrad(true)
	for _, view := range []struct {
		name string
		make func(h *tensor.Tensor) *tensor.Tensor
	}{
		{"Detach", func(h *tensor.Tensor) *tensor.Tensor { return h.Detach() }},
		{"Reshape", func(h *tensor.Tensor) *tensor.Tensor { return h.Reshape(64) }},
		{"Slice", func(h *tensor.Tensor) *tensor.Tensor { return h.Slice(2, 5) }},
		{"Index", func(h *tensor.Tensor) *tensor.Tensor { return h.Index(3) }},
		{"FromOp", func(h *tensor.Tensor) *tensor.Tensor {
			return tensor.FromOp(h.Data[8:16], []int{8}, []*tensor.Tensor{h}, nil)
		}},
	} {
		t.Run(view.name, func(t *testing.T) {
			h := w.Scale(2).ReLU()
			v := view.make(h)
			keep := slices.Clone(v.Data)
			data := h.Data
			loss := h.Sum()
			loss.Backward()
			loss.FreeGraph()
			if tensor.PoolHas(data) {
				t.Fatalf("a buffer shared with a %s view went back to the free list", view.name)
			}
			for range 4 { // steps that would reuse it
				w.Scale(3).ReLU().Sum().FreeGraph()
			}
			if !slices.Equal(v.Data, keep) {
				t.Errorf("the view's values changed after FreeGraph")
			}
		})
	}
}

func TestFreeOfGraphNodePanics(t *testing.T) {
	w := tensor.Ones(4).SetRequiresGrad(true)
	h := w.ReLU()
	if msg := catch(h.Free); !strings.Contains(msg, "FreeGraph") {
		t.Errorf("Free of a graph node: %q", msg)
	}
	var r *tensor.Tensor
	tensor.NoGrad(func() { r = w.ReLU() })
	data := r.Data
	r.Free()
	if r.Len() != 0 || !tensor.PoolHas(data) {
		t.Errorf("Free of a NoGrad result: %d elements left, buffer recycled: %v", r.Len(), tensor.PoolHas(data))
	}
}

// Graphs built, differentiated and freed in several goroutines at once
// each see their own numbers (run with -race).
func TestFreeGraphConcurrent(t *testing.T) {
	want := make([]float32, 4)
	grads := make([][]float32, 4)
	run := func(i int, free bool) (float32, []float32) {
		rng := tensor.NewRand(uint64(i))
		w := tensor.Randn(rng, 1, 32, 32).SetRequiresGrad(true)
		var loss float32
		for range 20 {
			w.ZeroGrad()
			l := w.Scale(1.5).ReLU().Mul(w).Exp().Sum()
			l.Backward()
			loss = l.Item()
			if free {
				l.FreeGraph()
			}
		}
		return loss, w.Grad
	}
	for i := range want {
		want[i], grads[i] = run(i, false)
	}
	var wg sync.WaitGroup
	for i := range want {
		wg.Go(func() {
			got, g := run(i, true)
			if got != want[i] || !slices.Equal(g, grads[i]) {
				t.Errorf("goroutine %d: loss %v, want %v (or its gradient differs)", i, got, want[i])
			}
		})
	}
	wg.Wait()
}

func catch(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = strings.TrimSpace(strings.ReplaceAll(stringOf(r), "\n", " "))
		}
	}()
	f()
	return ""
}

func stringOf(r any) string {
	switch v := r.(type) {
	case string:
		return v
	case error:
		return v.Error()
	}
	return "panic"
}

// The free list ages its buffers by garbage collections: a buffer survives
// one (a training step reuses it) and is dropped after two untouched, so a
// kernel does not keep a finished training's buffers resident.
func TestFreeListAgesByCollections(t *testing.T) {
	tests := []struct {
		name  string
		ages  int
		reuse bool // take the buffer and give it back after the first age
		kept  bool
	}{
		{"fresh", 0, false, true},
		{"one collection", 1, false, true},
		{"two collections", 2, false, false},
		{"reused in between", 2, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tensor.Scratch(12345)
			tensor.Release(b)
			for i := range tc.ages {
				tensor.AgeFree()
				if i == 0 && tc.reuse {
					got := tensor.Scratch(12345)
					if &got[0] != &b[0] {
						t.Fatalf("Scratch did not lend the buffer back from the victims")
					}
					tensor.Release(got)
				}
			}
			if got := tensor.PoolHas(b); got != tc.kept {
				t.Errorf("buffer in the free list after %d ages: %v, want %v", tc.ages, got, tc.kept)
			}
		})
	}
}

// The aging runs on real collections: a released buffer leaves the free
// list once the garbage collector has run twice or more, and the pool's
// byte count falls with it.
func TestFreeListEmptiesAfterCollections(t *testing.T) {
	for range 3 {
		runtime.GC()
	}
	b := tensor.Scratch(1 << 20)
	before := tensor.PoolBytes()
	tensor.Release(b)
	if tensor.PoolBytes() != before+4*cap(b) {
		t.Fatalf("pool bytes %d after releasing %d bytes onto %d", tensor.PoolBytes(), 4*cap(b), before)
	}
	// The hook runs on the cleanup goroutine after each cycle, so it may lag
	// a few collections behind: allow many (a count, not a time bound).
	for n := 0; tensor.PoolHas(b); n++ {
		if n == 1000 {
			t.Fatalf("the buffer is still in the free list after %d collections", n)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if tensor.PoolBytes() > before {
		t.Errorf("pool holds %d bytes after the buffer was dropped, %d before it came", tensor.PoolBytes(), before)
	}
}
