// Package tensor holds yak's dense float32 tensors and their reverse-mode
// automatic differentiation.
//
// # Tensors
//
// A Tensor is a row-major float32 array with a shape. Data is an exported
// slice: compiled code and notebook cells index it directly. Reshape, Slice
// and Index return views that share the data; everything else allocates its
// result. Binary operations broadcast trailing dimensions: the smaller operand
// has the shape of the larger one's trailing dimensions, or one element.
//
// # Autodiff
//
// Every operation on a tensor that requires gradients records how to push a
// gradient back to its inputs (a closure, as in micrograd, but per tensor
// rather than per number). Backward on a one-element loss sorts the graph
// topologically and runs those closures in reverse, adding into Grad of each
// leaf that requires gradients (parameters: SetRequiresGrad(true)). Gradients
// of intermediate results are released after use; leaves keep accumulating
// until an optimizer (or ZeroGrad) clears them. A backward function gets
// an input's gradient buffer from GradOf (zeroed on first use, to add into)
// or, when it writes every element, from GradFor (uncleared on first use,
// to assign). FromOp lets other packages (runtime/nn, plugins) define new
// differentiable operations with their own forward and backward loops.
//
// # Files
//
// WriteSafetensors and ReadSafetensors use the safetensors format: an
// 8-byte little-endian header length, a JSON header mapping each name to
// {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (plus an
// optional "__metadata__" object of strings), padded with spaces to a
// multiple of 8, then the little-endian row-major data. Python's
// safetensors package reads what is written here; files from it load here
// when their tensors are F32 or F64.
//
// # Errors
//
// Shape mismatches and other argument errors panic with a message prefixed
// "tensor:" that names the operation and the shapes involved; the notebook
// engine turns the panic into an error report, and Catch turns it into an
// error value for code that prefers one.
//
// # Speed and determinism
//
// Matrix products go through runtime/gemm, whose implementation can be
// swapped for a faster one; elementwise loops go through runtime/tensor/vec
// (AVX-512 or AVX2 assembly, chosen by CPUID; plain Go elsewhere), and the
// memory-bound ones (ReLU and its gradient) split into 4 KiB blocks, in
// fixed parts across Threads goroutines (so a core's part of a feature map
// is still in its cache when the backward comes). A node on the tape costs a few small
// allocations: three inputs are kept inline, and intermediate gradients come
// from a bounded free list that Backward refills (Scratch and Release lend
// the same buffers to kernels for temporary work); a buffer left unused
// through two garbage collections leaves the list, so an idle kernel does
// not keep a finished training's memory. Big kernels split their
// work across Threads goroutines (Parallel hands out chunks as goroutines
// come free; ParallelParts uses fixed parts) and keep one partial sum per
// item or part, added in order, so a given seed and thread count always give
// the same bits. Small work stays on the calling goroutine: a single-example step of a
// small network must not pay for scheduling.
//
// # Freeing a step's graph
//
// Op outputs (ReLU, element-wise arithmetic, Concat, Transpose, and
// runtime/nn's convolutions, pooling, upsampling and losses) come from the
// same free list as intermediate gradients, uncleared, since each op writes
// every element. After a training step's Backward, loss.FreeGraph() gives
// the buffers of every intermediate result back to it, so the next step
// takes them without the allocator's zeroing or the collector's work (what
// PyTorch's caching allocator does by reference counting); Free does the
// same for one result computed without a graph. Both are explicit because
// Go cannot tell whether a slice of an intermediate's Data is still held:
// call them only when nothing reads those tensors again. A buffer shared
// with a view (Reshape, Slice, Index, Detach, or an op returning part of
// its input) is never recycled. Without them, results are collected as
// usual. FreeGrad is PyTorch's x.grad = None for an input: its gradient
// buffer goes back to the list and the next Backward writes a recycled one
// instead of adding into a cleared one.
//
// On Linux, fresh buffers of 4 MiB or more (Zeros and the other
// constructors, op outputs, Scratch) are advised to be 2 MiB transparent
// huge pages before their first touch, as numpy's arrays are
// (runtime/internal/hugepage): a 2048×2048 product runs about 1% faster on
// them (BENCHMARKS.md, "Session 9"). YAK_HUGEPAGES=off turns the advice off.
//
// # Concurrency
//
// Separate graphs may be built and differentiated in separate goroutines
// (one model per goroutine). A tensor that two goroutines differentiate
// through at once, such as shared parameters, races on its gradient.
//
// # Inference without a graph
//
// Recording is switched off at two scopes. NoGradFor(params, fn) holds the
// given tensors (a model's parameters) constant while fn runs: they report
// RequiresGrad() == false, so a forward pass over inputs that need no
// gradient records nothing and allocates no gradient buffers. It is scoped
// to those tensors, not to a goroutine (Go has no goroutine-local state to
// hang it on) nor to the process, so one model can be evaluated while
// another trains in another goroutine; concurrent and nested calls on the
// same parameters count up and down. An op inside fn that also takes a
// tensor needing gradients still records and treats the held parameters as
// constants. NoGrad(fn) switches recording off for the whole process, for
// single-model programs and tests; it must not run while another goroutine
// trains.
package tensor
