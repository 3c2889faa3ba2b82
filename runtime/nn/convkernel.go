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
// faster as vec.MulAdd (the first and third: register tiles over rows of B
// read in place) and vec.MulAddT (the second: each weight gradient is an
// inner product of two long rows). With both dimensions large, gemm's packed
// register tiles win.
const (
	vecMaxCout = 32
	vecMaxK    = 32
)

func (g *convGeom) vectorPath() bool { return g.cout < vecMaxCout || g.k < vecMaxK }

// forwardSample computes o (cout×hw) = W·src + bias for one sample; o's
// contents are undefined on entry (a buffer from tensor.Scratch). src has
// row stride g.ld.
func (g *convGeom) forwardSample(w, bias, src, o []float32) {
	beta := float32(0)
	if bias != nil {
		for co := 0; co < g.cout; co++ {
			vec.Fill(o[co*g.hw:(co+1)*g.hw], bias[co])
		}
		beta = 1
	} else {
		clear(o)
	}
	if !g.vectorPath() {
		gemm.Sgemm(false, false, g.cout, g.hw, g.k, 1, w, g.k, src, g.ld, beta, o, g.hw)
		return
	}
	vec.MulAdd(g.cout, g.hw, g.k, w, g.k, src, g.ld, o, g.hw)
}

// weightGradSample adds dY·srcᵀ (cout×k) into dw.
func (g *convGeom) weightGradSample(dy, src, dw []float32) {
	if !g.vectorPath() {
		gemm.Sgemm(false, true, g.cout, g.k, g.hw, 1, dy, g.hw, src, g.ld, 1, dw, g.k)
		return
	}
	vec.MulAddT(g.cout, g.k, g.hw, dy, g.hw, src, g.ld, dw, g.k)
}

// columnGradSample computes Wᵀ·dY (k×hw, row stride ld) into dcol, adding
// to it when accumulate is set (the pointwise case writes straight into dx);
// wT is W transposed (k×cout), needed by the vector path only.
func (g *convGeom) columnGradSample(w, wT, dy, dcol []float32, ld int, accumulate bool) {
	if !g.vectorPath() {
		beta := float32(0)
		if accumulate {
			beta = 1
		}
		gemm.Sgemm(true, false, g.k, g.hw, g.cout, 1, w, g.k, dy, g.hw, beta, dcol, ld)
		return
	}
	if !accumulate {
		for kk := 0; kk < g.k; kk++ {
			clear(dcol[kk*ld : kk*ld+g.hw])
		}
	}
	vec.MulAdd(g.k, g.hw, g.cout, wT, g.cout, dy, g.hw, dcol, ld)
}
