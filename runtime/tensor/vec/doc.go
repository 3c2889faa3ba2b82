// Package vec holds the runtime's elementwise float32 kernels: the loops
// that layers, losses and optimizers run over every element (y += a·x,
// ReLU and its gradient, sums, fills, e^x, a softmax over rows, an affine
// map) and MulAdd, a register-tiled product for matrices with few rows that
// narrow convolutions use where packed gemm would spend its time packing. On
// amd64 CPUs with AVX2 and FMA they run as assembly, eight lanes at a time;
// elsewhere, or built with the purego tag, as plain Go. Compiled plugin code
// may call them too (plugins/bandit does).
//
// # Determinism
//
// Sum and Dot add in a fixed order that depends only on the length (several
// lane accumulators, combined the same way every time), so the same inputs
// give the same bits on the same machine. The assembly and plain-Go versions
// may differ in the last bits of Sum, Dot and Axpy (the assembly fuses the
// multiply and the add); every other kernel gives the same results in both.
//
// # Contract
//
// Slices passed together must have the same length; kernels panic with a
// "vec:" message otherwise. Kernels do not allocate.
package vec
