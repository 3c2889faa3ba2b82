package calib

import (
	"math"
	"testing"

	"github.com/yaknb/yak/runtime/tensor"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestECEHandMade(t *testing.T) {
	conf := []float64{0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8}
	correct := []bool{true, true, true, true, true, true, true, true, false, false}
	if e := ECE(conf, correct, 15); !near(e, 0) {
		t.Errorf("calibrated: ECE %v, want 0", e)
	}
	// confidence 0.9, accuracy 0.6: ECE = MCE = 0.3
	for i := range conf {
		conf[i] = 0.9
		correct[i] = i < 6
	}
	if e, m := ECE(conf, correct, 15), MCE(conf, correct, 15); !near(e, 0.3) || !near(m, 0.3) {
		t.Errorf("overconfident: ECE %v MCE %v, want 0.3 0.3", e, m)
	}
	// two bins: half at 0.55 all right (gap 0.45), half at 0.95 right (gap 0.05)
	c2 := []float64{0.55, 0.55, 0.95, 0.95}
	k2 := []bool{true, true, true, true}
	if e, m := ECE(c2, k2, 10), MCE(c2, k2, 10); !near(e, 0.25) || !near(m, 0.45) {
		t.Errorf("two bins: ECE %v MCE %v, want 0.25 0.45", e, m)
	}
	if e := ECE(nil, nil, 15); !math.IsNaN(e) {
		t.Errorf("no predictions: ECE %v, want NaN", e)
	}
}

func TestBinEdges(t *testing.T) {
	cases := []struct {
		c    float64
		n    int
		want int
		left bool
	}{
		{0.2, 15, 2, false}, // 3/15 closes bin (2/15, 3/15]
		{0.2000001, 15, 3, false},
		{1, 15, 14, false},
		{0, 15, 0, false},
		{0.3, 10, 3, true}, // netcal: [0.3, 0.4)
		{0.2999999, 10, 2, true},
		{1, 10, 9, true},
	}
	for _, c := range cases {
		f := binOf
		if c.left {
			f = binOfLeft
		}
		if got := f(c.c, c.n); got != c.want {
			t.Errorf("bin of %v in %d (left-closed %v) = %d, want %d", c.c, c.n, c.left, got, c.want)
		}
	}
}

func TestAdaptiveECE(t *testing.T) {
	conf := []float64{0.9, 0.1, 0.8, 0.2}
	correct := []bool{true, false, true, false}
	// bins {0.1, 0.2}: acc 0, conf 0.15; {0.8, 0.9}: acc 1, conf 0.85
	if e := AdaptiveECE(conf, correct, 2); !near(e, 0.15) {
		t.Errorf("ACE %v, want 0.15", e)
	}
}

func square(H, W, y0, x0, side int) []bool {
	m := make([]bool, H*W)
	for y := y0; y < y0+side; y++ {
		for x := x0; x < x0+side; x++ {
			m[y*W+x] = true
		}
	}
	return m
}

func TestHD95KnownDistances(t *testing.T) {
	const H, W = 15, 15
	a, b := make([]bool, H*W), make([]bool, H*W)
	a[0], b[3*W+4] = true, true
	if d := HD95(a, b, H, W); !near(d, 5) {
		t.Errorf("two points 3-4-5 apart: %v, want 5", d)
	}
	// a 7×7 square centred in an 11×11 one: 24 + 40 surface pixels; 52
	// distances of 2, 8 of √5 (next to corners), 4 of 2√2 (corners); the
	// 95th percentile sits at 0.95·63 = 59.85.
	outer, inner := square(H, W, 2, 2, 11), square(H, W, 4, 4, 7)
	want := 0.15*math.Sqrt(5) + 0.85*2*math.Sqrt2
	if d := HD95(inner, outer, H, W); !near(d, want) {
		t.Errorf("nested squares: %v, want %v", d, want)
	}
	if d := HD95(outer, outer, H, W); d != 0 {
		t.Errorf("identical: %v, want 0", d)
	}
	if d := HD95(make([]bool, H*W), make([]bool, H*W), H, W); d != 0 {
		t.Errorf("both empty: %v, want 0", d)
	}
	if d := HD95(outer, make([]bool, H*W), H, W); !math.IsNaN(d) {
		t.Errorf("one empty: %v, want NaN", d)
	}
	// a full image has its surface on the image border
	full := square(4, 4, 0, 0, 4)
	if n := len(surface(full, 1, 4, 4)); n != 12 {
		t.Errorf("full 4×4 image: %d surface pixels, want 12", n)
	}
}

func TestDice(t *testing.T) {
	a := []bool{true, true, false, false}
	b := []bool{true, false, true, false}
	if d := Dice(a, b); !near(d, 0.5) {
		t.Errorf("Dice %v, want 0.5", d)
	}
	if d := Dice([]bool{false}, []bool{false}); !math.IsNaN(d) {
		t.Errorf("both empty: %v, want NaN", d)
	}
}

// onehotProbs makes confident probabilities (1−e on the label).
func onehotProbs(labels []int, N, C, H, W int, e float32) *tensor.Tensor {
	p := tensor.Full(e/float32(C-1), N, C, H, W)
	for n := 0; n < N; n++ {
		for s := 0; s < H*W; s++ {
			p.Data[(n*C+labels[n*H*W+s])*H*W+s] = 1 - e
		}
	}
	return p
}

func TestEvaluate(t *testing.T) {
	const N, C, H, W = 2, 3, 6, 6
	lab := make([]int, N*H*W)
	for s := 0; s < H*W; s++ {
		if y, x := s/W, s%W; y >= 1 && y < 4 && x >= 1 && x < 4 {
			lab[s] = 1
		} else if x == 5 {
			lab[s] = 2
		}
	}
	// image 1 is all background
	p := onehotProbs(lab, N, C, H, W, 0)
	sc, err := Evaluate(p, lab)
	if err != nil {
		t.Fatal(err)
	}
	s0 := sc[0]
	if s0.ECE != 0 || s0.CECE != 0 || s0.ECEAll != 0 || s0.Dice[0] != 1 || s0.Dice[1] != 1 || s0.HD95[0] != 0 || s0.NLL > 1e-9 || s0.Brier != 0 {
		t.Errorf("perfect prediction: %+v", s0)
	}
	if s0.Foreground != 9+6 {
		t.Errorf("foreground %d, want 15", s0.Foreground)
	}
	if s1 := sc[1]; !math.IsNaN(s1.ECE) || !math.IsNaN(s1.Dice[0]) || s1.HD95[0] != 0 || s1.ECEAll != 0 {
		t.Errorf("no-foreground image: %+v; want NaN ECE and Dice, HD95 0", s1)
	}
	sum := Summarize(sc)
	if sum.ECE != 0 || sum.Dice != 1 || sum.Missing == 0 || sum.Images != 2 {
		t.Errorf("summary %+v", sum)
	}
	// confidence 0.7 everywhere, all right: every bin's gap is 0.3
	p = onehotProbs(lab, N, C, H, W, 0.3)
	sc, _ = Evaluate(p, lab)
	if !near(sc[0].ECE, 0.3) || !near(sc[0].MCE, 0.3) || !near(sc[0].ECEAll, 0.3) || !near(sc[0].ACE, 0.3) {
		t.Errorf("underconfident by 0.3: %+v", sc[0])
	}
	// class-wise: class of the label has p 0.7 (gap 0.3), the others 0.15
	// (gap 0.15), on 15 foreground pixels of which 0, 9 and 6 are of
	// classes 0, 1, 2: (0.15 + 0.24 + 0.21)/3
	if !near(sc[0].CECE, 0.2) {
		t.Errorf("class-wise ECE %v, want 0.2", sc[0].CECE)
	}
	if _, err := Evaluate(p, lab[:10]); err == nil {
		t.Error("labels of the wrong length: no error")
	}
}
