package ops

import (
	"fmt"

	"github.com/yaknb/yak/runtime/tensor"
	"github.com/yaknb/yak/runtime/tensor/vec"
)

// geluRowsSIMD, when set (gelu_amd64.go, on CPUs with AVX-512), computes
// x[r·cols+c] = gelu(x[r·cols+c] + bias[c]) (bias nil: none) for rows of x.
var geluRowsSIMD func(x, bias []float32, rows, cols int)

// GELUPath names the GELU kernel in use: "avx512" or "go".
func GELUPath() string {
	if geluRowsSIMD != nil {
		return "avx512"
	}
	return "go"
}

// GELU applies x·Φ(x) (the exact, erf form BERT uses) in place. Φ goes
// through erf by Abramowitz and Stegun 7.1.26 (absolute error 1.5e-7, far
// inside the 1e-4 the models are checked to): with AVX-512 sixteen values
// per instruction, the reciprocal and the exponential included; elsewhere
// in blocks whose exponentials go through vec.Exp.
func GELU(x []float32) {
	tensor.Parallel(len(x), len(x)*20, func(lo, hi int) { geluRows(x[lo:hi], nil, 1, hi-lo) })
}

// BiasGELU adds bias to every row of x (rows of width len(bias)) and
// applies GELU, in place: the feed-forward block's bias and activation in
// one pass over the activations instead of two.
func BiasGELU(x, bias []float32) {
	cols := len(bias)
	if cols == 0 || len(x)%cols != 0 {
		panic(fmt.Sprintf("ops: BiasGELU: %d values are not rows of the bias's width %d", len(x), cols))
	}
	rows := len(x) / cols
	tensor.Parallel(rows, len(x)*20, func(lo, hi int) {
		geluRows(x[lo*cols:hi*cols], bias, hi-lo, cols)
	})
}

func geluRows(x, bias []float32, rows, cols int) {
	if rows == 0 || cols == 0 {
		return
	}
	if geluRowsSIMD != nil {
		geluRowsSIMD(x, bias, rows, cols)
		return
	}
	for r := 0; r < rows; r++ {
		row := x[r*cols : (r+1)*cols]
		if bias != nil {
			vec.Add(bias, row)
		}
		geluGo(row)
	}
}

// geluGo evaluates the erf formula in blocks so that the exponentials go
// through vec.Exp (AVX2) instead of one Exp32 call per value.
func geluGo(x []float32) {
	var arg, e [256]float32
	for lo := 0; lo < len(x); lo += len(arg) {
		xs := x[lo:min(len(x), lo+len(arg))]
		for i, v := range xs {
			a := v * 0.70710678118654752
			arg[i] = -a * a
		}
		vec.Exp(e[:len(xs)], arg[:len(xs)])
		for i, v := range xs {
			a := v * 0.70710678118654752
			if a < 0 {
				a = -a
			}
			t := 1 / (1 + 0.3275911*a)
			y := 1 - (((((1.061405429*t-1.453152027)*t)+1.421413741)*t-0.284496736)*t+0.254829592)*t*e[i]
			if v < 0 {
				y = -y
			}
			xs[i] = 0.5 * v * (1 + y)
		}
	}
}
