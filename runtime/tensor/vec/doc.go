// Package vec holds the runtime's elementwise float32 kernels: the loops
// that layers, losses and optimizers run over every element (y += a·x,
// ReLU and its gradient, also through a bit mask of the positive outputs,
// sums, fills, e^x, ln x, a softmax over rows, an affine map, an Adam
// update, 2×2 max pooling with a one-byte code per window, the Winograd
// F(2×2, 3×3) and F(4×4, 3×3) transforms of a plane of tiles and those of
// stride-2 convolutions with their adjoints, every-other-value copies and
// adds for stride-2 convolutions, a group norm's one-pass sums and input
// gradient (SumDot, AffineMix, and ReLUSumDot, ReLUAffineMix for a norm
// that takes a ReLU of its input first)) and MulAdd, a register-tiled product for
// matrices with few rows that narrow convolutions use where packed gemm
// would spend its time packing.
//
// # Kernel sets
//
// Three sets of kernels are built on amd64 and chosen by CPUID at start-up:
// AVX-512 (F, DQ, BW, VL: sixteen lanes, 4×64 register tiles, masked tails),
// AVX2 with FMA (eight lanes, 4×16 tiles), and plain Go, which is also the
// only set on other architectures and with the purego build tag. Kernels
// names the set in use (Describe, for `yak version`); UseKernels switches to
// another of Available, and YAK_VEC=avx512|avx2|go does at start-up (tests
// run every set the machine has and log the ones it lacks). Compiled plugin
// code may call the kernels too (plugins/bandit does).
//
// # Determinism
//
// Sum and Dot add in a fixed order that depends only on the length (several
// lane accumulators, combined the same way every time), so the same inputs
// give the same bits with the same kernel set. The sets may differ from one
// another in the last bits of Sum, Dot, Axpy, MulAdd and MulAddT (different
// lane counts and block shapes, and the assembly fuses the multiply and the
// add); every other kernel gives the same results in all of them.
//
// # Contract
//
// Slices passed together must have the same length; kernels panic with a
// "vec:" message otherwise. Kernels do not allocate.
package vec
