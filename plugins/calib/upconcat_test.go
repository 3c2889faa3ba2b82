package calib

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/nn"
	"github.com/yaknb/yak/runtime/tensor"
)

// upConcat must give the values and both gradients of the ops it fuses,
// bit for bit, on one thread and on several, whether the inputs' gradients
// are fresh (written) or already hold values (added to), and with only one
// of the two inputs needing a gradient.
func TestUpConcatMatchesComposedOps(t *testing.T) {
	rng := tensor.NewRand(7)
	const n, cx, cs, h, w = 2, 5, 3, 32, 36 // 73728 outputs: enough to split
	x0 := tensor.Randn(rng, 1, n, cx, h, w)
	s0 := tensor.Randn(rng, 1, n, cs, 2*h, 2*w)
	dy := tensor.Randn(rng, 1, n, cx+cs, 2*h, 2*w).Data
	run := func(fused, xGrad, sGrad, preset bool, threads int) (out, gx, gs []float32) {
		defer tensor.SetThreads(tensor.SetThreads(threads))
		x := tensor.New(append([]float32(nil), x0.Data...), x0.Shape()...).SetRequiresGrad(xGrad)
		s := tensor.New(append([]float32(nil), s0.Data...), s0.Shape()...).SetRequiresGrad(sGrad)
		if preset { // gradients already holding values: the backward adds
			for _, v := range []*tensor.Tensor{x, s} {
				if v.RequiresGrad() {
					v.Grad = make([]float32, v.Len())
					for i := range v.Grad {
						v.Grad[i] = float32(i%7) * 0.25
					}
				}
			}
		}
		// A product with the leaves makes x and s intermediates, as in
		// the U-Net, so that their gradients come from GradFor fresh.
		xi, si := x.Scale(1.5), s.Scale(0.5)
		var y *tensor.Tensor
		if fused {
			y = upConcat(xi, si)
		} else {
			y = tensor.Concat(1, nn.UpsampleNearest(xi, 2), si)
		}
		y.BackwardWith(dy)
		return y.Data, x.Grad, s.Grad
	}
	same := func(what string, a, b []float32) {
		t.Helper()
		if len(a) != len(b) {
			t.Fatalf("%s: %d values, composed %d", what, len(a), len(b))
		}
		for i := range a {
			if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
				t.Fatalf("%s[%d] = %v, composed %v", what, i, a[i], b[i])
			}
		}
	}
	for _, c := range []struct{ xGrad, sGrad, preset bool }{
		{true, true, false}, {true, true, true}, {true, false, false}, {false, true, true},
	} {
		for _, threads := range []int{1, 2, 3} {
			o1, gx1, gs1 := run(true, c.xGrad, c.sGrad, c.preset, threads)
			o2, gx2, gs2 := run(false, c.xGrad, c.sGrad, c.preset, threads)
			same("values", o1, o2)
			same("x gradient", gx1, gx2)
			same("skip gradient", gs1, gs2)
		}
	}
}

// Shapes the fused op does not cover go to the composed ops and their
// error.
func TestUpConcatMismatchSaysWhy(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmtAny(r), "Concat") {
			t.Fatalf("panic %v, want Concat's shape error", r)
		}
	}()
	upConcat(tensor.Zeros(1, 2, 3, 3), tensor.Zeros(1, 2, 7, 7))
}

func fmtAny(v any) string { return fmt.Sprint(v) }
