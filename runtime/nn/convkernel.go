package nn

import (
	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// Per sample, a convolution is three products of small matrices: the weight
// W (cout×k) with the column matrix C (k×hw) forward, dY (cout×hw) with Cᵀ
// for the weight gradient, and Wᵀ with dY for the input gradient. When cout
// or k is small (a first layer: k = 9; a narrow network: cout = 8), packed
// gemm spends more time packing than multiplying, and these products run
// faster as rows of vector kernels: axpy for the first and third (each output
// row is a combination of input rows) and dot for the second (each weight
// gradient is an inner product of two long rows). With both dimensions
// large, gemm's register tiles win.
const (
	vecMaxCout = 32
	vecMaxK    = 32
)

func (g *convGeom) vectorPath() bool { return g.cout < vecMaxCout || g.k < vecMaxK }

// forwardSample computes o (cout×hw) = W·src + bias for one sample; o is
// freshly allocated (zero).
func (g *convGeom) forwardSample(w, bias, src, o []float32) {
	if !g.vectorPath() {
		beta := float32(0)
		if bias != nil {
			for co := 0; co < g.cout; co++ {
				vec.Fill(o[co*g.hw:(co+1)*g.hw], bias[co])
			}
			beta = 1
		}
		gemm.Sgemm(false, false, g.cout, g.hw, g.k, 1, w, g.k, src, g.hw, beta, o, g.hw)
		return
	}
	// Output rows in blocks that stay in L1 while every tap is added in.
	const block = 1024
	for lo := 0; lo < g.hw; lo += block {
		hi := min(lo+block, g.hw)
		for co := 0; co < g.cout; co++ {
			row := o[co*g.hw+lo : co*g.hw+hi]
			if bias != nil {
				vec.Fill(row, bias[co])
			}
			for kk, wv := range w[co*g.k : (co+1)*g.k] {
				vec.Axpy(wv, src[kk*g.hw+lo:kk*g.hw+hi], row)
			}
		}
	}
}

// weightGradSample adds dY·srcᵀ (cout×k) into dw.
func (g *convGeom) weightGradSample(dy, src, dw []float32) {
	if !g.vectorPath() {
		gemm.Sgemm(false, true, g.cout, g.k, g.hw, 1, dy, g.hw, src, g.hw, 1, dw, g.k)
		return
	}
	for co := 0; co < g.cout; co++ {
		d := dy[co*g.hw : (co+1)*g.hw]
		for kk := 0; kk < g.k; kk++ {
			dw[co*g.k+kk] += vec.Dot(d, src[kk*g.hw:(kk+1)*g.hw])
		}
	}
}

// columnGradSample computes Wᵀ·dY (k×hw) into dcol, adding to it when
// accumulate is set (the pointwise case writes straight into dx).
func (g *convGeom) columnGradSample(w, dy, dcol []float32, accumulate bool) {
	if !g.vectorPath() {
		beta := float32(0)
		if accumulate {
			beta = 1
		}
		gemm.Sgemm(true, false, g.k, g.hw, g.cout, 1, w, g.k, dy, g.hw, beta, dcol, g.hw)
		return
	}
	const block = 1024
	for lo := 0; lo < g.hw; lo += block {
		hi := min(lo+block, g.hw)
		for kk := 0; kk < g.k; kk++ {
			row := dcol[kk*g.hw+lo : kk*g.hw+hi]
			if !accumulate {
				clear(row)
			}
			for co := 0; co < g.cout; co++ {
				vec.Axpy(w[co*g.k+kk], dy[co*g.hw+lo:co*g.hw+hi], row)
			}
		}
	}
}
