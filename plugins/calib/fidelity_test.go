package calib

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

// Hand-checkable cases for the conventions where the authors' code and
// yak's earlier choices differ (issue 18). The expected numbers are worked
// out in the comments, not taken from the implementation.

func approx(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.7f, want %.7f", what, got, want)
	}
}

// TestSVLSKernelByHand: the 3×3 kernel of σ = 1 has Gaussian weights 1
// (centre), a = e^−½ (edges), b = e^−1 (corners). The authors replace the
// centre by the neighbours' sum 4a + 4b and normalise, so the centre is ½,
// an edge a/(8(a+b)) = 0.0778074 and a corner b/(8(a+b)) = 0.0471926.
func TestSVLSKernelByHand(t *testing.T) {
	a, b := math.Exp(-0.5), math.Exp(-1)
	edge, corner := a/(8*(a+b)), b/(8*(a+b))
	approx(t, "edge", edge, 0.0778074, 1e-7)
	w := svlsKernel(3, 2, 1)
	for i, want := range []float64{corner, edge, corner, edge, 0.5, edge, corner, edge, corner} {
		approx(t, "w", w[i], want, 1e-12)
	}
	// 5×5: the authors' code takes 1 − g[1][1] for the centre, g being the
	// normalised Gaussian. g[1][1] = b/S with S = (1 + 2a + 2e^−2)²
	// = 6.1689; the centre 1 − b/S then joins the other 24 weights (sum
	// 1 − 1/S) and all are renormalised: centre (1 − b/S)/(2 − 1/S − b/S)
	// = 0.528811.
	S := math.Pow(1+2*a+2*math.Exp(-2), 2)
	w5 := svlsKernel(5, 2, 1)
	approx(t, "5×5 centre", w5[12], (1-b/S)/(2-1/S-b/S), 1e-12)
	approx(t, "5×5 centre", w5[12], 0.528811, 1e-6)
	// 3×3×3: centre ½ again, a face neighbour a/(2·(6a + 12b + 8c)) with
	// c = e^−3/2 the weight of a cube corner.
	c := math.Exp(-1.5)
	w3 := svlsKernel(3, 3, 1)
	approx(t, "3-D centre", w3[13], 0.5, 1e-12)
	approx(t, "3-D face", w3[4], a/(2*(6*a+12*b+8*c)), 1e-12)
}

// TestNACLGaussianPriorByHand: a 1×3 image labelled 0 1 1, two classes.
// The authors' prior (SVLS kernel, replicate padding) copies the single
// row above and below, so each window column weighs 2·corner + edge =
// 0.1721926 at the sides and ½ + 2·edge in the middle.
func TestNACLGaussianPriorByHand(t *testing.T) {
	a, b := math.Exp(-0.5), math.Exp(-1)
	edge, corner := a/(8*(a+b)), b/(8*(a+b))
	side := 2*corner + edge
	approx(t, "side column", side, 0.1721926, 1e-7)
	x := tensor.Zeros(1, 2, 1, 3)
	lab := []int{0, 1, 1}
	tau, err := NACL{Prior: PriorGaussian}.Targets(x, lab)
	if err != nil {
		t.Fatal(err)
	}
	// pixel 0: left (replicated) and centre columns class 0, right class 1
	// pixel 1: left column class 0; pixel 2: all class 1
	for i, want := range []float64{side, 1 - side, 1} {
		approx(t, "tau_1", float64(tau.At(0, 1, 0, i)), want, 1e-6)
		approx(t, "tau_0", float64(tau.At(0, 0, 0, i)), 1-want, 1e-6)
	}
	// yak's earlier prior: the plain normalised Gaussian with background
	// padding. Weights 1/S, a/S, b/S with S = 1 + 4a + 4b = 4.89764; at
	// pixel 0 only the right neighbour (an edge) is class 1: a/S.
	old, _ := NACL{Prior: PriorGaussianNormalised}.Targets(x, lab)
	approx(t, "normalised prior tau_1", float64(old.At(0, 1, 0, 0)), a/(1+4*a+4*b), 1e-6)
	approx(t, "normalised prior tau_1", float64(old.At(0, 1, 0, 0)), 0.1238414, 1e-6)
	if _, err := (NACL{Prior: PriorGaussian, Kernel: 1}).Targets(x, lab); err == nil {
		t.Error("PriorGaussian with a 1×1 kernel: no error")
	}
}

// TestNACLVolumeByHand: a (1, 2, 3, 1, 1) volume of class 1, logits 0.
// With the 3×3×3 mean window and MONAI's zero padding (BorderIgnore) the
// end voxels see 2 of 27 window cells inside, the middle one 3: τ_1 =
// 2/27, 3/27, 2/27 and τ_0 = 0. The loss is CE = ln 2 plus 0.1 × the mean
// over 6 entries of |τ − 0| = 0.1 · (7/27)/6, i.e. 0.6974677.
func TestNACLVolumeByHand(t *testing.T) {
	x := tensor.Zeros(1, 2, 3, 1, 1)
	lab := []int{1, 1, 1}
	l := NACL{Border: BorderIgnore}
	tau, err := l.Targets(x, lab)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0, 0, 0, 2. / 27, 3. / 27, 2. / 27} {
		approx(t, "tau", float64(tau.Data[i]), want, 1e-7)
	}
	v, err := l.Loss(x, lab)
	if err != nil {
		t.Fatal(err)
	}
	approx(t, "loss", float64(v.Item()), math.Ln2+0.1*(7./27)/6, 1e-6)
	approx(t, "loss", float64(v.Item()), 0.6974677, 1e-6)
	// the authors' convention counts the 24 (middle) or 25 (ends) outside
	// cells as background
	bg, _ := NACL{}.Targets(x, lab)
	approx(t, "background tau_0 middle", float64(bg.Data[1]), 24./27, 1e-7)
	approx(t, "background tau_0 end", float64(bg.Data[0]), 25./27, 1e-7)
	// a volume of depth 1 still gets the 3-D window (MONAI with dim 3)
	flat, _ := NACL{Border: BorderIgnore}.Targets(tensor.Zeros(1, 2, 1, 1, 3), lab)
	approx(t, "depth-1 volume tau_1 middle", float64(flat.Data[4]), 3./27, 1e-7)
	// every loss takes volumes
	for _, l := range []Loss{CE{}, Focal{}, LS{}, ECP{}, SVLS{}, MbLS{}, NACL{Prior: PriorGaussian}} {
		if _, err := l.Loss(x, lab); err != nil {
			t.Errorf("%s on a volume: %v", l.Name(), err)
		}
	}
}

// TestECPScalesByHand: one pixel, logits (0, 0), label 0, so p = (½, ½),
// CE = ln 2 and the entropy ln 2. The authors average −p log p over the
// two classes too: ln 2 − 0.1·(ln 2)/2 = 0.6584898; per pixel (yak's
// earlier ECP): ln 2 − 0.1·ln 2 = 0.6238325.
func TestECPScalesByHand(t *testing.T) {
	x := tensor.Zeros(1, 2)
	v, _ := ECP{}.Loss(x, []int{0})
	approx(t, "authors' ECP", float64(v.Item()), 0.6584898, 1e-6)
	v, _ = ECP{Entropy: EntropyPerPixel}.Loss(x, []int{0})
	approx(t, "per-pixel ECP", float64(v.Item()), 0.6238325, 1e-6)
	// the same model: α per pixel = α per class / C
	y := tensor.FromFloat64([]float64{0.3, -1.2, 2.0, 0.7, 0.1, -0.4}, 2, 3)
	a, _ := ECP{Alpha: 0.3}.Loss(y, []int{2, 0})
	b, _ := ECP{Alpha: 0.1, Entropy: EntropyPerPixel}.Loss(y, []int{2, 0})
	approx(t, "α/C", float64(a.Item()), float64(b.Item()), 1e-6)
	// p_0 = e^−40 is clamped to 1e−10: its term is 1e−10·ln(1e10) =
	// 2.3e−9, halved by the mean over classes
	z := tensor.FromFloat64([]float64{0, 40}, 1, 2).SetRequiresGrad(true)
	v, _ = ECP{Alpha: 1}.Loss(z, []int{1})
	if got := float64(v.Item()); got > 0 || got < -3e-9 {
		t.Errorf("clamped ECP = %g, want CE (≈ 0) minus about 1.2e−9", got)
	}
}

// TestCECEClassCountByHand: a 1×4 image labelled 1 1 2 0, every pixel
// predicting p = (0.1, 0.5, 0.2, 0.2). Over the 3 foreground pixels, each
// class's probabilities fall in one bin: class 0 |0 − 0.3|/3 = 0.1, class 1
// |2 − 1.5|/3 = 1/6, class 2 |1 − 0.6|/3 = 2/15, class 3 |0 − 0.6|/3 = 0.2.
// The authors average over classes 0..max(label) = 0..2: 0.4/3; yak's
// earlier CECE over all four: 0.6/4 = 0.15.
func TestCECEClassCountByHand(t *testing.T) {
	p := []float64{0.1, 0.5, 0.2, 0.2}
	data := make([]float32, 4*4)
	for k, v := range p {
		for i := 0; i < 4; i++ {
			data[k*4+i] = float32(v)
		}
	}
	sc, err := Evaluate(tensor.New(data, 1, 4, 1, 4), []int{1, 1, 2, 0})
	if err != nil {
		t.Fatal(err)
	}
	approx(t, "CECE (authors)", sc[0].CECE, 0.4/3, 1e-6)
	approx(t, "CECE over C", sc[0].CECEOverC, 0.15, 1e-6)
	// a probability of exactly 0 is in none of the authors' bins: class 3
	// at 0 everywhere contributes nothing either way, class 0 at 0.3 now
	for i := 0; i < 4; i++ {
		data[i], data[12+i] = 0.3, 0
	}
	sc, _ = Evaluate(tensor.New(data, 1, 4, 1, 4), []int{1, 1, 2, 3})
	// labels 1 1 2 3, all foreground, max label 3: class 0 |0 − 1.2|/4 =
	// 0.3, class 1 |2 − 2|/4 = 0, class 2 |1 − 0.8|/4 = 0.05, class 3 (p = 0,
	// in no bin) 0: mean over 4 classes 0.0875. With 0 in the first bin,
	// class 3 adds |1 − 0|/4 = 0.25: 0.15.
	approx(t, "CECE with p = 0", sc[0].CECE, 0.0875, 1e-6)
	approx(t, "CECE over C with p = 0", sc[0].CECEOverC, 0.15, 1e-6)
}

// TestVolumeAndAuthorsGradients checks the new conventions' gradients
// (the authors' Gaussian prior and ECP, losses on volumes) against
// central differences.
func TestVolumeAndAuthorsGradients(t *testing.T) {
	shapes := [][]int{{1, 3, 4, 5}, {1, 3, 2, 3, 4}}
	losses := []Loss{ECP{Alpha: 0.5}, ECP{Alpha: 0.5, Entropy: EntropyPerPixel}, SVLS{}, CE{},
		NACL{Prior: PriorGaussian, Distance: L2}, NACL{Distance: L2, Border: BorderIgnore}, NACL{Prior: PriorGaussian, Kernel: 5, Distance: L2}}
	for _, sh := range shapes {
		n := 1
		for _, d := range sh {
			n *= d
		}
		base := make([]float64, n)
		labels := make([]int, n/3)
		for i := range base {
			base[i] = 2 * math.Sin(float64(7*i+1))
		}
		for i := range labels {
			labels[i] = (i*i + i/5) % 3
		}
		for _, l := range losses {
			x := tensor.FromFloat64(base, sh...).SetRequiresGrad(true)
			v, err := l.Loss(x, labels)
			if err != nil {
				t.Fatal(err)
			}
			v.Backward()
			for _, i := range []int{0, 5, 17, n - 1} {
				const h = 1e-2
				f := func(d float64) float64 {
					p := append([]float64(nil), base...)
					p[i] += d
					v, _ := l.Loss(tensor.FromFloat64(p, sh...), labels)
					return float64(v.Item())
				}
				num := (f(h) - f(-h)) / (2 * h)
				if math.Abs(num-float64(x.Grad[i])) > 2e-4+1e-2*math.Abs(num) {
					t.Errorf("%v %s %+v: grad[%d] = %.6g, finite difference %.6g", sh, l.Name(), l, i, x.Grad[i], num)
				}
			}
		}
	}
}
