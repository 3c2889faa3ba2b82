package tensor

import (
	"fmt"
	"unsafe"
)

// Freeing a graph. Go collects a training step's feature maps eventually,
// but a fresh buffer costs a pass of zeroing by the allocator, page faults
// and collector work; PyTorch's caching allocator hands the memory of the
// last step's activations to the next step unzeroed. FreeGraph is the
// explicit form of that: once a step's Backward has run and nothing else
// looks at the intermediate results, their buffers go back to the free list
// that Scratch draws on, and the next step's ops take them from there.

// FromOpScratch is FromOp for data lent by Scratch (an op's output that the
// op writes in full): the result owns the buffer, so FreeGraph and Free can
// return it to the free list.
func FromOpScratch(data []float32, shape []int, inputs []*Tensor, backward func(out *Tensor)) *Tensor {
	out := FromOp(data, shape, inputs, backward)
	out.owned.Store(true)
	return out
}

// HoldScratch hands t buffers from Scratch that its backward function reads
// (saved probabilities, masks): FreeGraph returns them to the free list
// with t's own data. Without FreeGraph they are simply collected.
func (t *Tensor) HoldScratch(bufs ...[]float32) {
	for _, b := range bufs {
		if t.held.n < len(t.held.inline) {
			t.held.inline[t.held.n] = b
			t.held.n++
		} else {
			t.held.more = append(t.held.more, b)
		}
	}
}

// heldBufs keeps two buffers inline: most ops hold one or two, and a
// training step should not allocate for them.
type heldBufs struct {
	inline [2][]float32
	n      int
	more   [][]float32
}

// release gives the held buffers back to the free list.
func (h *heldBufs) release() {
	for _, b := range h.inline[:h.n] {
		putBuf(b)
	}
	for _, b := range h.more {
		putBuf(b)
	}
	*h = heldBufs{}
}

// FreeGraph releases the graph below t, typically a loss after Backward:
// every tensor computed on the way to t (not t itself, and no leaf such as
// a parameter or an input) is cut from the graph, and the buffers the
// runtime's ops allocated for them go back to the free list for the next
// step to reuse. Their Data is nil afterwards. t keeps its values (a loss
// can still be read) but no longer has a graph: Backward on it panics.
//
// Call it only when nothing will read those intermediate tensors again:
// slices taken from their Data, or a graph built on them that has not run
// its Backward yet, would see another step's numbers. Views made by
// Reshape, Slice, Index or Detach are safe: a buffer a view shares is
// never recycled. Without FreeGraph, intermediates are garbage collected as
// usual.
func (t *Tensor) FreeGraph() {
	if !t.computed() {
		return
	}
	order := topoSort(t)
	for _, n := range order.nodes {
		if n == t || !n.computed() {
			continue
		}
		n.unlink()
		n.Free()
	}
	t.unlink()
	t.held.release() // read by t's backward only
	clear(order.nodes)
	order.nodes = order.nodes[:0]
	orderPool.Put(order)
}

// Free gives t's data back to the free list when an op of this runtime
// allocated it there and no view shares it (for a result computed without
// a graph, such as a forward pass under NoGrad, once it has been read), and
// sets Data to nil and the shape to (0). Do not use t, or slices of its
// Data, afterwards. Free on a tensor that requires gradients panics: use
// FreeGraph on the loss instead.
func (t *Tensor) Free() {
	if t.requiresGrad && t.computed() {
		panic(fmt.Sprintf("tensor: Free of a tensor of shape %v that is part of a graph; call FreeGraph on the loss after Backward", t.shape))
	}
	if t.owned.Load() {
		t.owned.Store(false)
		putBuf(t.Data)
	}
	t.held.release()
	t.Data = nil
	t.Grad = nil
	t.setShape([]int{0})
}

// unlink cuts t from its graph; it becomes a constant.
func (t *Tensor) unlink() {
	t.inputs = [3]*Tensor{}
	t.extra = nil
	t.backward = nil
	t.custom = nil
	t.requiresGrad = false
}

// shareOverlapping marks each owned input whose buffer data lies in as
// shared: an op (FromOp) may return a view of an input's data.
func shareOverlapping(data []float32, inputs []*Tensor) {
	if cap(data) == 0 {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(data[:1])))
	hi := lo + 4*uintptr(cap(data))
	for _, in := range inputs {
		if in == nil || !in.owned.Load() || cap(in.Data) == 0 {
			continue
		}
		a := uintptr(unsafe.Pointer(unsafe.SliceData(in.Data[:1])))
		b := a + 4*uintptr(cap(in.Data))
		if lo < b && a < hi {
			in.share()
		}
	}
}
