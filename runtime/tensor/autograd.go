package tensor

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/yaknb/yak/runtime/internal/hugepage"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

var (
	gradOff atomic.Int32  // > 0 while some NoGrad call is running
	epoch   atomic.Uint64 // visit marks for topological sorts
)

// GradEnabled reports whether new operations record their backward step
// (false while a NoGrad call runs anywhere in the process).
func GradEnabled() bool { return gradOff.Load() == 0 }

// NoGrad runs fn with graph recording switched off for every goroutine. The
// switch is process-wide (Go has no goroutine-local state): do not train in
// another goroutine while fn runs; use NoGradFor there. Nested calls are
// fine.
func NoGrad(fn func()) {
	gradOff.Add(1)
	defer gradOff.Add(-1)
	fn()
}

// NoGradFor runs fn with params (a model's parameters: Module.Parameters())
// counting as constants: while fn runs they report RequiresGrad() == false,
// so a forward pass whose inputs need no gradient records no graph and
// allocates no gradient buffers, while other models keep training in other
// goroutines. It is scoped to those tensors, not to the process: use it for
// inference and evaluation of one model while another trains. Calls may
// nest and may run concurrently in several goroutines on the same params
// (each adds to a per-tensor count). An operation in fn that also takes a
// tensor that does need gradients still records, treating params as
// constants (no gradient flows into them during fn; a Backward run after fn
// returns does reach them).
func NoGradFor(params []*Tensor, fn func()) {
	for _, p := range params {
		if p != nil {
			p.frozen.Add(1)
		}
	}
	defer func() {
		for _, p := range params {
			if p != nil {
				p.frozen.Add(-1)
			}
		}
	}()
	fn()
}

// live reports whether gradients flow into t now: it requires them and no
// NoGradFor call holds it.
func (t *Tensor) live() bool { return t.requiresGrad && t.frozen.Load() == 0 }

// RequiresGrad reports whether gradients flow into t: set by
// SetRequiresGrad or by being computed from such a tensor, and not held
// constant by a running NoGradFor.
func (t *Tensor) RequiresGrad() bool { return t.live() }

// SetRequiresGrad marks a leaf tensor as a parameter whose gradient Backward
// accumulates into Grad; it returns t for chaining.
func (t *Tensor) SetRequiresGrad(on bool) *Tensor {
	if t.computed() && !on {
		panic("tensor: SetRequiresGrad(false) on a computed tensor; use Detach")
	}
	t.requiresGrad = on
	return t
}

// IsLeaf reports whether t was created directly rather than computed by an op.
func (t *Tensor) IsLeaf() bool { return !t.computed() }

func (t *Tensor) computed() bool { return t.backward != nil || t.custom != nil }

// ZeroGrad sets t's gradient to zero, keeping its buffer.
func (t *Tensor) ZeroGrad() {
	clear(t.Grad)
}

// FreeGrad drops t's gradient (Grad becomes nil, as PyTorch's x.grad =
// None) and gives its buffer to the free list: the next Backward's first
// writer stores into a recycled buffer instead of adding into a cleared
// one, which saves a pass over it when the op writes every element (ReLU,
// pooling, upsampling, a convolution's input). Use it instead of ZeroGrad
// for an input whose gradient is read and done with before the next step;
// nothing may keep a slice of the old Grad. A parameter whose gradient an
// optimizer reads should keep ZeroGrad: after FreeGrad it has no gradient
// until a Backward reaches it.
func (t *Tensor) FreeGrad() {
	if t.Grad != nil {
		putBuf(t.Grad)
		t.Grad = nil
	}
}

// needGrad reports whether an op on these inputs must record its backward.
func needGrad(a, b *Tensor) bool {
	if gradOff.Load() != 0 {
		return false
	}
	return a.live() || (b != nil && b.live())
}

func link(out, a, b *Tensor, backward func()) {
	out.requiresGrad = true
	out.inputs[0], out.inputs[1] = a, b
	out.backward = backward
}

// FromOp is the hook for operations defined outside this package (layers,
// losses, a plugin's custom op). It wraps data as a tensor of the given shape
// computed from inputs. When recording is on and an input requires
// gradients, backward is called during Backward after out.Grad is complete;
// it must add d(loss)/d(input) into GradOf(input) for each input that
// RequiresGrad, and only read out.Grad (it may be the caller's slice given
// to BackwardWith). The closure should capture what it needs from the
// forward.
func FromOp(data []float32, shape []int, inputs []*Tensor, backward func(out *Tensor)) *Tensor {
	checkShape(shape)
	if numel(shape) != len(data) {
		panic(fmt.Sprintf("tensor: FromOp got %d values for shape %v", len(data), shape))
	}
	shareOverlapping(data, inputs)
	out := &Tensor{Data: data}
	out.setShape(shape)
	if gradOff.Load() != 0 || backward == nil {
		return out
	}
	any := false
	for _, in := range inputs {
		any = any || in.live()
	}
	if !any {
		return out
	}
	out.requiresGrad = true
	if len(inputs) <= len(out.inputs) {
		copy(out.inputs[:], inputs)
	} else {
		out.extra = append([]*Tensor(nil), inputs...)
	}
	out.custom = backward
	return out
}

// GradOf returns t's gradient buffer for a backward function to add into,
// zeroed on first use: a cleared buffer from the free list, so that a leaf
// whose gradient FreeGrad dropped allocates nothing the next step either.
func GradOf(t *Tensor) []float32 {
	if t.Grad == nil {
		t.Grad = getBuf(len(t.Data))
	}
	return t.Grad
}

// GradFor is GradOf for a backward function that writes every element of
// t's gradient: when the buffer is new (t is an intermediate result whose
// gradient nothing has touched yet in this Backward, or a leaf without a
// gradient: never given one, or dropped by FreeGrad), it comes from the
// free list without being cleared and overwrite is true, and the function
// must assign its values; otherwise it holds gradient already accumulated
// (or a leaf's zeroed buffer) and the function must add. Skipping the clear
// saves a pass over every feature map's gradient.
func GradFor(t *Tensor) (g []float32, overwrite bool) {
	if t.Grad != nil {
		return t.Grad, false
	}
	t.Grad = Scratch(len(t.Data))
	return t.Grad, true
}

// Backward computes the gradient of t, a one-element tensor (a loss), with
// respect to every tensor it depends on that requires gradients, and adds it
// into their Grad. Gradients of intermediate tensors are released after use;
// leaves keep theirs until an optimizer zeroes them.
func (t *Tensor) Backward() {
	if len(t.Data) != 1 {
		panic(fmt.Sprintf("tensor: Backward needs a one-element loss, got shape %v; use BackwardWith", t.shape))
	}
	t.BackwardWith(one)
}

var one = []float32{1} // the seed of Backward; only read

// BackwardWith is Backward seeded with d(loss)/d(t) = grad (len == t.Len()).
func (t *Tensor) BackwardWith(grad []float32) {
	if len(grad) != len(t.Data) {
		panic(fmt.Sprintf("tensor: BackwardWith got %d gradient values for shape %v", len(grad), t.shape))
	}
	if !t.live() {
		panic("tensor: Backward on a tensor that does not require gradients (no parameter in its graph, or computed under NoGrad)")
	}
	order := topoSort(t)
	// The root's gradient is the caller's slice itself when nothing has
	// accumulated there: backward functions only read out.Grad, and a copy
	// of a feature map's worth is not free.
	borrowed := t.computed() && t.Grad == nil
	if borrowed {
		t.Grad = grad
	} else {
		vec.Add(grad, GradOf(t))
	}
	for i := len(order.nodes) - 1; i >= 0; i-- {
		n := order.nodes[i]
		if n.Grad == nil {
			continue
		}
		switch {
		case n.custom != nil:
			n.custom(n)
		case n.backward != nil:
			n.backward()
		default:
			continue // a leaf keeps its gradient
		}
		if !(borrowed && n == t) {
			putBuf(n.Grad)
		}
		n.Grad = nil
	}
	clear(order.nodes)
	order.nodes = order.nodes[:0]
	orderPool.Put(order)
}

type topo struct {
	nodes []*Tensor
	stack []frame
}

type frame struct {
	t    *Tensor
	next int // index of the next input to visit
}

var orderPool = sync.Pool{New: func() any { return &topo{} }}

func (t *Tensor) input(i int) *Tensor {
	if t.extra != nil {
		if i < len(t.extra) {
			return t.extra[i]
		}
		return nil
	}
	if i < len(t.inputs) {
		return t.inputs[i]
	}
	return nil
}

func (t *Tensor) numInputs() int {
	if t.extra != nil {
		return len(t.extra)
	}
	return len(t.inputs)
}

// topoSort lists the graph below root, inputs before users, by an iterative
// depth-first search (graphs of deep nets would overflow a recursive one).
func topoSort(root *Tensor) *topo {
	o := orderPool.Get().(*topo)
	mark := epoch.Add(1)
	root.mark = mark
	o.stack = append(o.stack[:0], frame{t: root})
	for len(o.stack) > 0 {
		f := &o.stack[len(o.stack)-1]
		if f.t.computed() && f.next < f.t.numInputs() {
			in := f.t.input(f.next)
			f.next++
			if in != nil && in.live() && in.mark != mark {
				in.mark = mark
				o.stack = append(o.stack, frame{t: in})
			}
			continue
		}
		o.nodes = append(o.nodes, f.t)
		o.stack = o.stack[:len(o.stack)-1]
	}
	clear(o.stack[:cap(o.stack)])
	return o
}

// Buffers for intermediate gradients, op outputs and kernel scratch are
// recycled by size class: training loops need the same sizes every step, and
// reusing them spares the allocator its zeroing and the garbage collector its
// work. Classes are four per octave (16, 20, 24, 28, 32, 40, ... floats): a
// buffer the pool makes has its class's size as capacity, so it comes back
// to the same class, and rounding up wastes at most a fifth. A plain free
// list (not sync.Pool, which would allocate to box each slice) holds at most
// poolBytes in all. A buffer is only here because a step had it live, so the
// list rarely holds more than one step's peak; the cap was 128 MiB, below
// what DomainBed's MNIST CNN step (320 images, feature maps of 32-64 MB each)
// keeps live, so most of its buffers were dropped and made afresh (zeroed by
// the allocator) every step: 5% of the step's CPU time.
//
// A kernel process outlives its training loops, so the list ages its
// buffers by garbage collections, as sync.Pool does: each collection moves
// what is free to a victim list and drops the previous victims. A buffer
// taken again within two collections (every training step does) is kept;
// one that sat through two is given back to the garbage collector. An idle
// process still collects (Go forces a collection every two minutes), so a
// finished training's buffers leave within minutes instead of staying
// resident for the life of the kernel.
const poolBytes = 1 << 30

var pool struct {
	sync.Mutex
	free, victim [numClasses][][]float32
	bytes        int // in free and victim together
}

const numClasses = 4*60 + 1

// ceilClass returns the smallest size class holding n floats and its size.
func ceilClass(n int) (class, size int) {
	if n <= 16 {
		return 0, 16
	}
	e := bits.Len(uint(n - 1)) // 2^(e-1) < n <= 2^e, e >= 5
	lo, q := 1<<(e-1), 1<<(e-3)
	k := (n - lo + q - 1) / q // 1..4
	return 4*(e-5) + k, lo + k*q
}

// floorClass returns the largest size class no bigger than c floats, or -1.
func floorClass(c int) int {
	if c < 16 {
		return -1
	}
	e := bits.Len(uint(c)) - 1 // 2^e <= c < 2^(e+1), e >= 4
	k := (c - 1<<e) >> (e - 2) // 0..3
	return 4*(e-4) + k
}

func getBuf(n int) []float32 {
	if n == 0 {
		return []float32{}
	}
	b := Scratch(n)
	clear(b)
	return b
}

func putBuf(b []float32) {
	c := cap(b)
	cl := floorClass(c)
	if cl < 0 || cl >= numClasses {
		return
	}
	b = b[:c]
	if poison.Load() {
		fillNaN(b)
	}
	pool.Lock()
	if pool.bytes+4*c <= poolBytes {
		pool.free[cl] = append(pool.free[cl], b)
		pool.bytes += 4 * c
	}
	pool.Unlock()
}

// poison, set by tests only, fills every buffer returned to the free list
// with NaN, so a kernel that reads an uncleared buffer before writing it
// shows up as NaN in its results.
var poison atomic.Bool

func fillNaN(b []float32) {
	nan := float32(math.NaN())
	for i := range b {
		b[i] = nan
	}
}

// Scratch lends a buffer of n float32s with undefined contents from the free
// list that recycles intermediate gradients and op outputs, for a kernel's
// temporary work (im2col columns, partial sums) or an op's output (see
// FromOpScratch). Give it back with Release when done and do not touch it
// afterwards; a buffer never released is simply collected.
func Scratch(n int) []float32 {
	if n == 0 {
		return []float32{}
	}
	c, size := ceilClass(n)
	if c < numClasses {
		pool.Lock()
		b := takeFree(&pool.free[c])
		if b == nil {
			b = takeFree(&pool.victim[c])
		}
		if b != nil {
			pool.bytes -= 4 * cap(b)
			pool.Unlock()
			return b[:n]
		}
		pool.Unlock()
	}
	return hugepage.Float32s(n, size)
}

// takeFree pops the last buffer of a class list, or returns nil.
func takeFree(l *[][]float32) []float32 {
	k := len(*l)
	if k == 0 {
		return nil
	}
	b := (*l)[k-1]
	(*l)[k-1] = nil
	*l = (*l)[:k-1]
	return b
}

// ageFree is the collector's hook: the victims go, the free buffers become
// victims.
func ageFree() {
	pool.Lock()
	for c := range pool.free {
		for _, b := range pool.victim[c] {
			pool.bytes -= 4 * cap(b)
		}
		clear(pool.victim[c])
		pool.victim[c], pool.free[c] = pool.free[c], pool.victim[c][:0]
	}
	pool.Unlock()
}

// gcTick re-arms itself on every garbage collection: the cleanup of an
// unreachable sentinel runs once per cycle that frees it.
type gcTick struct{ _ *int }

func armGCTick() {
	runtime.AddCleanup(&gcTick{}, func(struct{}) {
		ageFree()
		armGCTick()
	}, struct{}{})
}

func init() { armGCTick() }

// Release returns a buffer from Scratch to the free list.
func Release(b []float32) { putBuf(b) }
