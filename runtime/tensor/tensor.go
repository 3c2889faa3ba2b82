package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"

	"github.com/yaknb/yak/runtime/internal/hugepage"
)

// Tensor is a dense row-major float32 array that may take part in automatic
// differentiation. Data is exported so compiled code and notebook cells can
// read and write elements without a method call per element; views made by
// Reshape and Slice share it.
type Tensor struct {
	// Data holds the elements in row-major order; len(Data) == Len().
	Data []float32
	// Grad holds d(loss)/d(Data) after Backward for tensors that require
	// gradients; nil before. Optimizers zero it.
	Grad []float32

	shape    []int
	shapeBuf [4]int // backs shape for rank <= 4, so most tensors need no shape allocation

	requiresGrad bool
	frozen       atomic.Int32 // NoGradFor calls holding t constant
	// owned: Data came from Scratch and no view shares it, so FreeGraph
	// and Free may return it to the free list.
	owned atomic.Bool
	held  heldBufs // Scratch buffers the backward reads (HoldScratch)
	// The graph: how this tensor was computed; both functions are nil for
	// leaves. Ops in this package set backward (a closure); FromOp sets
	// custom, which takes the tensor, saving a closure per node.
	inputs   [3]*Tensor
	extra    []*Tensor // inputs beyond three (Concat, custom ops)
	backward func()
	custom   func(out *Tensor)
	mark     uint64 // visit epoch of the last topological sort
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func checkShape(shape []int) {
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("tensor: negative dimension in shape %v", shape))
		}
	}
}

// alloc returns an unlinked tensor of the given shape with fresh zeroed data.
func alloc(shape []int) *Tensor {
	t := &Tensor{}
	t.setShape(shape)
	t.Data = hugepage.Float32s(numel(shape), numel(shape))
	return t
}

// allocOut is alloc for an op that writes every element of its result: the
// data comes from the free list, uncleared, and the result owns it.
func allocOut(shape []int) *Tensor {
	t := &Tensor{}
	t.setShape(shape)
	t.Data = Scratch(numel(shape))
	t.owned.Store(true)
	return t
}

// share records that a view now shares t's data, which therefore must never
// go back to the free list.
func (t *Tensor) share() {
	if t.owned.Load() {
		t.owned.Store(false)
	}
}

func (t *Tensor) setShape(shape []int) {
	if len(shape) <= len(t.shapeBuf) {
		t.shape = t.shapeBuf[:len(shape)]
	} else {
		t.shape = make([]int, len(shape))
	}
	copy(t.shape, shape)
}

// New wraps data (not copied) as a tensor of the given shape. With no shape,
// the tensor is one-dimensional. It panics when len(data) does not match.
func New(data []float32, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	checkShape(shape)
	if numel(shape) != len(data) {
		panic(fmt.Sprintf("tensor: New got %d values for shape %v (which holds %d)", len(data), shape, numel(shape)))
	}
	t := &Tensor{Data: data}
	t.setShape(shape)
	return t
}

// FromFloat64 copies data into a new float32 tensor of the given shape.
func FromFloat64(data []float64, shape ...int) *Tensor {
	d := hugepage.Float32s(len(data), len(data))
	for i, v := range data {
		d[i] = float32(v)
	}
	return New(d, shape...)
}

// Zeros returns a tensor of zeros.
func Zeros(shape ...int) *Tensor {
	checkShape(shape)
	return alloc(shape)
}

// Full returns a tensor with every element equal to v.
func Full(v float32, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.Data {
		t.Data[i] = v
	}
	return t
}

// Ones returns a tensor of ones.
func Ones(shape ...int) *Tensor { return Full(1, shape...) }

// Scalar returns a rank-0 tensor holding v.
func Scalar(v float32) *Tensor { return New([]float32{v}, []int{}...) }

// NewRand returns a seeded random source for the constructors and layers
// that take one; the same seed gives the same stream on every platform.
func NewRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Randn returns normally distributed values with mean 0 and the given
// standard deviation, drawn from rng.
func Randn(rng *rand.Rand, std float32, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64()) * std
	}
	return t
}

// Uniform returns values drawn uniformly from [lo, hi).
func Uniform(rng *rand.Rand, lo, hi float32, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.Data {
		t.Data[i] = lo + (hi-lo)*float32(rng.Float64())
	}
	return t
}

// Shape returns a copy of the dimensions.
func (t *Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Rank is the number of dimensions.
func (t *Tensor) Rank() int { return len(t.shape) }

// Dim returns the size of dimension i; negative i counts from the end.
func (t *Tensor) Dim(i int) int {
	if i < 0 {
		i += len(t.shape)
	}
	if i < 0 || i >= len(t.shape) {
		panic(fmt.Sprintf("tensor: dimension %d out of range for shape %v", i, t.shape))
	}
	return t.shape[i]
}

// Len is the number of elements.
func (t *Tensor) Len() int { return len(t.Data) }

// SameShape reports whether t and u have identical shapes.
func (t *Tensor) SameShape(u *Tensor) bool { return sameShape(t.shape, u.shape) }

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Item returns the only element of a one-element tensor.
func (t *Tensor) Item() float32 {
	if len(t.Data) != 1 {
		panic(fmt.Sprintf("tensor: Item needs a one-element tensor, got shape %v", t.shape))
	}
	return t.Data[0]
}

// At returns the element at the given indices (one per dimension).
func (t *Tensor) At(idx ...int) float32 { return t.Data[t.offset(idx)] }

// Set stores v at the given indices (one per dimension).
func (t *Tensor) Set(v float32, idx ...int) { t.Data[t.offset(idx)] = v }

func (t *Tensor) offset(idx []int) int {
	if len(idx) != len(t.shape) {
		panic(fmt.Sprintf("tensor: %d indices for shape %v", len(idx), t.shape))
	}
	off := 0
	for i, x := range idx {
		if x < 0 || x >= t.shape[i] {
			panic(fmt.Sprintf("tensor: index %v out of range for shape %v", idx, t.shape))
		}
		off = off*t.shape[i] + x
	}
	return off
}

// Float64s returns a float64 copy of the data.
func (t *Tensor) Float64s() []float64 {
	out := make([]float64, len(t.Data))
	for i, v := range t.Data {
		out[i] = float64(v)
	}
	return out
}

// Clone returns a deep copy that is a leaf: no graph, no gradient.
func (t *Tensor) Clone() *Tensor {
	u := alloc(t.shape)
	copy(u.Data, t.Data)
	return u
}

// Detach returns a leaf view sharing t's data, cut from the graph.
func (t *Tensor) Detach() *Tensor {
	t.share()
	u := &Tensor{Data: t.Data}
	u.setShape(t.shape)
	return u
}

// CopyFrom copies u's elements into t; the lengths must match.
func (t *Tensor) CopyFrom(u *Tensor) {
	if len(t.Data) != len(u.Data) {
		panic(fmt.Sprintf("tensor: CopyFrom shape %v into %v", u.shape, t.shape))
	}
	copy(t.Data, u.Data)
}

// HasNaN reports whether any element is NaN or infinite.
func (t *Tensor) HasNaN() bool {
	for _, v := range t.Data {
		if v != v || math.IsInf(float64(v), 0) {
			return true
		}
	}
	return false
}

// String prints the shape and up to 8 leading values.
func (t *Tensor) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v[", t.shape)
	for i, v := range t.Data {
		if i == 8 {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.4g", v)
	}
	b.WriteByte(']')
	return b.String()
}
