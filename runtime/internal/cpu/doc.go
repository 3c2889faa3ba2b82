// Package cpu reports the x86 features that the runtime's assembly kernels
// need. The standard library's feature flags are internal and the runtime
// imports nothing beyond gonum and std, so the check lives here, once, for
// runtime/gemm, runtime/tensor/vec, runtime/cluster and runtime/lm/ops.
package cpu
