package vec_test

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/tensor/vec"
)

func TestExp32(t *testing.T) {
	worst := 0.0
	for x := float32(-87.3); x < 88.7; x += 0.00731 {
		got := float64(vec.Exp32(x))
		want := math.Exp(float64(x))
		if rel := math.Abs(got-want) / want; rel > worst {
			worst = rel
		}
	}
	if worst > 3e-7 {
		t.Errorf("Exp32 relative error up to %g, want <= 3e-7 (about 2 ulp)", worst)
	}
	for _, c := range []struct{ x, want float32 }{
		{0, 1}, {float32(math.Inf(-1)), 0}, {-200, 0}, {89, float32(math.Inf(1))}, {1, float32(math.E)},
	} {
		if got := vec.Exp32(c.x); got != c.want {
			t.Errorf("Exp32(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if v := vec.Exp32(float32(math.NaN())); v == v {
		t.Errorf("Exp32(NaN) = %v", v)
	}
	big := float32(88.72)
	if v := vec.Exp32(big); math.IsInf(float64(v), 0) || math.Abs(float64(v)/math.Exp(float64(big))-1) > 3e-7 {
		t.Errorf("Exp32(%v) = %v, want %v", big, v, math.Exp(float64(big)))
	}
}

func TestExpVector(t *testing.T) {
	x := make([]float32, 0, 4096)
	for v := float32(-87.3); v < 88.7; v += 0.0437 {
		x = append(x, v)
	}
	x = append(x, float32(math.NaN()), 0, -1e-30, 1e-30, 1, -1)
	y := make([]float32, len(x))
	vec.Exp(y, x)
	for i, v := range x {
		want := math.Exp(float64(v))
		if v != v {
			if y[i] == y[i] {
				t.Errorf("Exp(NaN) = %v", y[i])
			}
			continue
		}
		if math.Abs(float64(y[i])-want) > 3e-7*want {
			t.Errorf("Exp(%v) = %v, want %v", v, y[i], want)
		}
	}
	// Far below the range: tiny, never negative or NaN.
	lo := []float32{-100, -1000, float32(math.Inf(-1)), -90, -88, -87.5, -87.4, -87.34}
	out := make([]float32, len(lo))
	vec.Exp(out, lo)
	for i, v := range out {
		if !(v >= 0 && v < 1.3e-38) {
			t.Errorf("Exp(%v) = %v, want in [0, 1.3e-38)", lo[i], v)
		}
	}
}

func BenchmarkExp32(b *testing.B) {
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(i%200)/10 - 10
	}
	y := make([]float32, len(x))
	for b.Loop() {
		vec.Exp(y, x)
	}
}

func BenchmarkMathExp(b *testing.B) {
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(i%200)/10 - 10
	}
	y := make([]float32, len(x))
	for b.Loop() {
		for i, v := range x {
			y[i] = float32(math.Exp(float64(v)))
		}
	}
}
