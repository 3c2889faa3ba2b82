package drm

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// TestGroupNormByHand checks the forward pass on a 1×4×1×2 input in two
// groups against numbers worked out by hand, with a weight and bias.
func TestGroupNormByHand(t *testing.T) {
	g := newGroupNorm(2, 4)
	copy(g.Weight.Data, []float32{1, 2, 1, 1})
	copy(g.Bias.Data, []float32{0, 0, 0, 0.5})
	// Channels 0 and 1 (group 0) hold 1, 3 and 5, 7: mean 4, variance 5;
	// channels 2 and 3 (group 1) hold 2, 2 and 2, 6: mean 3, variance 3.
	x := tensor.New([]float32{1, 3, 5, 7, 2, 2, 2, 6}, 1, 4, 1, 2)
	y := g.Forward(x).Data
	r0, r1 := 1/math.Sqrt(5+1e-5), 1/math.Sqrt(3+1e-5)
	want := []float64{-3 * r0, -1 * r0, 2 * 1 * r0, 2 * 3 * r0, -1 * r1, -1 * r1, -1*r1 + 0.5, 3*r1 + 0.5}
	for i := range want {
		if math.Abs(float64(y[i])-want[i]) > 1e-5 {
			t.Fatalf("y[%d] = %v, want %v (all: %v)", i, y[i], want[i], y)
		}
	}
}

// TestGroupNormGradient compares the backward pass with central
// differences of a weighted sum of the outputs, for the input, the weight
// and the bias.
func TestGroupNormGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := newGroupNorm(2, 4)
	for i := range g.Weight.Data {
		g.Weight.Data[i] = float32(0.5 + rng.Float64())
		g.Bias.Data[i] = float32(rng.NormFloat64())
	}
	x := tensor.Uniform(tensor.NewRand(3), -1, 1, 2, 4, 3, 2).SetRequiresGrad(true)
	coef := make([]float32, x.Len())
	for i := range coef {
		coef[i] = float32(rng.NormFloat64())
	}
	loss := func() float64 {
		y := g.Forward(x.Detach())
		s := 0.0
		for i, v := range y.Data {
			s += float64(v * coef[i])
		}
		return s
	}
	y := g.Forward(x)
	y.Mul(tensor.New(coef, y.Shape()...)).Sum().Backward()
	check := func(name string, p *tensor.Tensor) {
		t.Helper()
		for i := range p.Data {
			old := p.Data[i]
			const h = 1e-2
			p.Data[i] = old + h
			up := loss()
			p.Data[i] = old - h
			down := loss()
			p.Data[i] = old
			num := (up - down) / (2 * h)
			if math.Abs(num-float64(p.Grad[i])) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Fatalf("d/d%s[%d]: backward %v, central difference %v", name, i, p.Grad[i], num)
			}
		}
	}
	check("x", x)
	check("weight", g.Weight)
	check("bias", g.Bias)
}

// TestMNISTCNNShapes: 128 features for 28×28 Rotated MNIST and 14×14
// Colored MNIST inputs, DomainBed's 4 convolutions and 4 group norms.
func TestMNISTCNNShapes(t *testing.T) {
	for _, s := range []struct{ c, h, w int }{{1, 28, 28}, {2, 14, 14}} {
		f := MNISTCNN()(s.c, s.h, s.w, tensor.NewRand(1))
		x := tensor.Uniform(tensor.NewRand(2), 0, 1, 3, s.c, s.h, s.w)
		z := f.Forward(x)
		if !slices.Equal(z.Shape(), []int{3, 128}) || f.OutDim() != 128 {
			t.Fatalf("(%d, %d, %d): features of shape %v, OutDim %d; want (3, 128)", s.c, s.h, s.w, z.Shape(), f.OutDim())
		}
		// conv 64·c·9+64, conv 128·64·9+128, two conv 128·128·9+128, and
		// weight and bias of four group norms.
		want := 64*s.c*9 + 64 + 128*64*9 + 128 + 2*(128*128*9+128) + 2*64 + 3*2*128
		n := 0
		for _, p := range f.Parameters() {
			n += p.Len()
		}
		if n != want {
			t.Errorf("(%d, %d, %d): %d parameters, want %d", s.c, s.h, s.w, n, want)
		}
	}
	if DefaultFeaturizer(1, 28, 28)(1, 28, 28, tensor.NewRand(1)).OutDim() != 128 {
		t.Error("the default featurizer for images is not the MNIST CNN")
	}
	if DefaultFeaturizer(1, 1, 4)(1, 1, 4, tensor.NewRand(1)).OutDim() != 128 {
		t.Error("the default featurizer for tables is not MLP(128, 2)")
	}
}

// TestMNISTCNNRunDeterministic trains ERM and DRM with the MNIST CNN on
// small images for a few steps, twice: the accuracies and the validation
// scores agree, and the validation scores are recorded.
func TestMNISTCNNRunDeterministic(t *testing.T) {
	md := &MultiDomain{Name: "tiny images", C: 1, H: 6, W: 6, Classes: 2}
	r := rand.New(rand.NewPCG(4, 5))
	for d := range 3 {
		dom := &Domain{Name: string(rune('a' + d)), N: 40, Y: make([]int, 40)}
		for i := range dom.N {
			y := i % 2
			for p := range 36 {
				v := 0.3 * r.Float64()
				if (p%6 < 3) == (y == 1) {
					v += 0.7
				}
				dom.X = append(dom.X, float32(v))
			}
			dom.Y[i] = y
		}
		md.Domains = append(md.Domains, dom)
	}
	run := func() *Results {
		res, err := Experiment{Data: md, Algorithms: []Algorithm{ERM{}, DRM{}}, Seeds: []uint64{1}, Test: []int{2}, Workers: 1,
			Config: Config{Steps: 3, Batch: 8, EvalEvery: 3, TestMax: 20, ValMax: 5}}.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(), run()
	for m := range a.Methods {
		if a.Acc[m][0][0] != b.Acc[m][0][0] {
			t.Errorf("%s: accuracies %v and %v", a.Methods[m], a.Acc[m][0][0], b.Acc[m][0][0])
		}
	}
	for k := range a.Val {
		v := a.Val[k][0][0]
		if math.IsNaN(v) || v < 0 || v > 1 || v != b.Val[k][0][0] {
			t.Errorf("algorithm %d: validation accuracies %v and %v", k, v, b.Val[k][0][0])
		}
		// 5 held-out images per domain: the accuracy is a multiple of 1/10.
		if math.Abs(v*10-math.Round(v*10)) > 1e-9 {
			t.Errorf("validation accuracy %v is not over 2×5 images (ValMax)", v)
		}
	}
}

// TestGroupNormGradientAccumulates: the input gradient is stored when x
// has none yet and added to the one it has otherwise (a tensor read by
// two ops); both give the same values.
func TestGroupNormGradientAccumulates(t *testing.T) {
	g := newGroupNorm(2, 4)
	x := tensor.Uniform(tensor.NewRand(5), -1, 1, 3, 4, 2, 3).SetRequiresGrad(true)
	coef := tensor.Uniform(tensor.NewRand(6), -1, 1, x.Shape()...)
	g.Forward(x).Mul(coef).Sum().Backward()
	fresh := append([]float32(nil), x.Grad...)
	for i := range x.Grad {
		x.Grad[i] = 1
	}
	g.Forward(x).Mul(coef).Sum().Backward()
	for i, v := range x.Grad {
		if math.Abs(float64(v-1-fresh[i])) > 1e-5 {
			t.Fatalf("input gradient %d: %v added to 1 gave %v", i, fresh[i], v)
		}
	}
}

// TestGlobalAvgPoolMatchesMean: the pooling equals the mean over the
// flattened pixels, forward and backward, whether the input's gradient is
// stored fresh or added to one it has.
func TestGlobalAvgPoolMatchesMean(t *testing.T) {
	x := tensor.Uniform(tensor.NewRand(7), -1, 1, 3, 5, 4, 6).SetRequiresGrad(true)
	coef := tensor.Uniform(tensor.NewRand(8), -1, 1, 3, 5)
	y := globalAvgPool{}.Forward(x)
	y.Mul(coef).Sum().Backward()
	got, gotGrad := append([]float32(nil), y.Data...), append([]float32(nil), x.Grad...)
	x.ZeroGrad()
	want := x.Reshape(3, 5, 24).MeanAxis(2)
	want.Mul(coef).Sum().Backward()
	for i := range got {
		if math.Abs(float64(got[i]-want.Data[i])) > 1e-6 {
			t.Fatalf("output %d: %v, mean %v", i, got[i], want.Data[i])
		}
	}
	for i := range gotGrad {
		if math.Abs(float64(gotGrad[i]-x.Grad[i])) > 1e-7 {
			t.Fatalf("gradient %d: %v, mean's %v", i, gotGrad[i], x.Grad[i])
		}
	}
	globalAvgPool{}.Forward(x).Mul(coef).Sum().Backward() // adds to the mean's gradient
	for i := range gotGrad {
		if math.Abs(float64(x.Grad[i]-2*gotGrad[i])) > 1e-6 {
			t.Fatalf("accumulated gradient %d: %v, want %v", i, x.Grad[i], 2*gotGrad[i])
		}
	}
}
