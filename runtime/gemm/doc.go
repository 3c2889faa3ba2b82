// Package gemm is the matrix multiply behind the runtime's Linear and Conv2d
// layers: one swappable implementation, as gonum's blas64.Use.
package gemm
