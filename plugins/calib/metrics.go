package calib

import (
	"math"
	"sort"

	"github.com/yaknb/yak/runtime/tensor"
)

// Probs returns the softmax of logits (N, C, H, W) or (N, C) over classes,
// detached from any graph.
func Probs(logits *tensor.Tensor) *tensor.Tensor {
	return logits.Detach().Softmax(1)
}

// binOf puts a confidence into one of n equal-width bins (lo, hi]; 0 goes
// to the first bin.
func binOf(c float64, n int) int {
	b := int(math.Ceil(c*float64(n))) - 1
	// c·n rounds: 0.2·15 is a hair above 3 in float64, but 0.2 belongs to
	// (2/15, 3/15]; compare with the edge itself.
	if b > 0 && c <= float64(b)/float64(n) {
		b--
	}
	return clampInt(b, 0, n-1)
}

// binOfLeft is netcal's convention: bins [lo, hi), 1 in the last bin.
func binOfLeft(c float64, n int) int {
	b := int(math.Floor(c * float64(n)))
	if b < n && c < float64(b)/float64(n) {
		b--
	}
	return clampInt(b, 0, n-1)
}

// Reliability returns the confidence (largest probability) and
// correctness of every pixel of probs (N, C, H, W), or of the foreground
// pixels only, for chart.Reliability.
func Reliability(probs *tensor.Tensor, labels []int, foregroundOnly bool) ([]float64, []bool, error) {
	g, err := check(probs, labels)
	if err != nil {
		return nil, nil, err
	}
	hw := g.sp()
	var conf []float64
	var ok []bool
	for n := 0; n < g.n; n++ {
		p := probs.Data[n*g.c*hw:]
		for s := 0; s < hw; s++ {
			y := labels[n*hw+s]
			if foregroundOnly && y == 0 {
				continue
			}
			best := 0
			for k := 1; k < g.c; k++ {
				if p[k*hw+s] > p[best*hw+s] {
					best = k
				}
			}
			conf, ok = append(conf, float64(p[best*hw+s])), append(ok, best == y)
		}
	}
	return conf, ok, nil
}

// ECE is the expected calibration error: confidences in bins equal-width
// bins (lo, hi], Σ_b |B_b|/n · |accuracy(B_b) − confidence(B_b)|. It is NaN
// for no predictions.
func ECE(conf []float64, correct []bool, bins int) float64 {
	e, _ := binnedErrors(conf, correct, bins, binOf)
	return e
}

// MCE is the maximum calibration error: the largest |accuracy − confidence|
// over non-empty bins (lo, hi].
func MCE(conf []float64, correct []bool, bins int) float64 {
	_, m := binnedErrors(conf, correct, bins, binOf)
	return m
}

func binnedErrors(conf []float64, correct []bool, bins int, bin func(float64, int) int) (ece, mce float64) {
	if len(conf) == 0 {
		return math.NaN(), math.NaN()
	}
	if bins <= 0 {
		bins = 15
	}
	cnt, sc, sa := make([]float64, bins), make([]float64, bins), make([]float64, bins)
	for i, c := range conf {
		b := bin(c, bins)
		cnt[b]++
		sc[b] += c
		if correct[i] {
			sa[b]++
		}
	}
	for b := range cnt {
		if cnt[b] == 0 {
			continue
		}
		gap := math.Abs(sa[b]-sc[b]) / cnt[b]
		ece += cnt[b] / float64(len(conf)) * gap
		mce = math.Max(mce, gap)
	}
	return ece, mce
}

// AdaptiveECE is the ECE with equal-mass bins: predictions sorted by
// confidence and cut into bins groups of (nearly) equal size.
func AdaptiveECE(conf []float64, correct []bool, bins int) float64 {
	n := len(conf)
	if n == 0 {
		return math.NaN()
	}
	if bins <= 0 {
		bins = 15
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return conf[idx[a]] < conf[idx[b]] })
	e := 0.0
	for b := 0; b < bins; b++ {
		lo, hi := b*n/bins, (b+1)*n/bins
		if hi == lo {
			continue
		}
		sc, sa := 0.0, 0.0
		for _, i := range idx[lo:hi] {
			sc += conf[i]
			if correct[i] {
				sa++
			}
		}
		e += math.Abs(sa-sc) / float64(n)
	}
	return e
}

// Scores are the metrics of one image. Calibration metrics come in two
// flavours:
//
//   - ECE, CECE, ACE, MCE: the paper's, over foreground pixels only
//     (ground truth not class 0), 15 equal-width bins (lo, hi] (ACE:
//     15 equal-mass bins). NaN for an image without foreground. CECE
//     averages over classes 0..max(label), as the authors' code does
//     (a class above the largest label present is left out), and a
//     probability of exactly 0 falls in no bin; CECEOverC averages over
//     all C classes and bins 0 in the first bin (yak's earlier CECE).
//   - ECEAll, CECEAll, MCEAll: over all pixels with 10 bins [lo, hi), as
//     calibration libraries such as netcal compute them by default.
//
// NLL and Brier (Σ_k (p_k − onehot_k)², averaged) are over all pixels.
// Dice and HD95 hold one value per foreground class 1..C−1 (see Dice and
// HD95 for empty classes).
type Scores struct {
	ECE, CECE, ACE, MCE     float64
	CECEOverC               float64 // CECE averaged over all C classes (yak's earlier CECE)
	ECEAll, CECEAll, MCEAll float64
	NLL, Brier              float64
	Dice, HD95              []float64
	Foreground              int // foreground pixels
}

// Evaluate scores every image of probs (N, C, H, W), or every volume of
// probs (N, C, D, H, W), against labels. A volume is scored whole, as the
// paper scores its 3-D data sets: its calibration errors bin all its
// foreground voxels, Dice counts voxels and HD95 measures 3-D distances in
// voxels between 6-neighbour surfaces (HD95Volume).
func Evaluate(probs *tensor.Tensor, labels []int) ([]Scores, error) {
	g, err := check(probs, labels)
	if err != nil {
		return nil, err
	}
	hw := g.sp()
	out := make([]Scores, g.n)
	tensor.Parallel(g.n, g.n*hw*g.c*50, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			p := probs.Data[n*g.c*hw : (n+1)*g.c*hw]
			out[n] = scoreImage(p, labels[n*hw:(n+1)*hw], g.c, g.d, g.h, g.w)
		}
	})
	return out, nil
}

// Summary is the mean of per-image scores, as the paper reports them
// (per volume/image, then averaged); NaN values (an image without
// foreground, a class absent from both prediction and truth) are left out
// of the means, and Missing counts them.
type Summary struct {
	Dice, HD95, ECE, CECE, ACE, MCE, ECEAll, CECEAll, MCEAll, NLL, Brier float64
	CECEOverC                                                            float64
	DicePerClass, HD95PerClass                                           []float64
	Images, Missing                                                      int
}

// Summarize averages per-image scores.
func Summarize(s []Scores) Summary {
	var r Summary
	r.Images = len(s)
	if len(s) == 0 {
		return r
	}
	field := func(get func(Scores) float64) float64 {
		sum, n := 0.0, 0
		for _, x := range s {
			if v := get(x); !math.IsNaN(v) {
				sum += v
				n++
			} else {
				r.Missing++
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}
	r.ECE = field(func(x Scores) float64 { return x.ECE })
	r.CECE = field(func(x Scores) float64 { return x.CECE })
	r.CECEOverC = field(func(x Scores) float64 { return x.CECEOverC })
	r.ACE = field(func(x Scores) float64 { return x.ACE })
	r.MCE = field(func(x Scores) float64 { return x.MCE })
	r.ECEAll = field(func(x Scores) float64 { return x.ECEAll })
	r.CECEAll = field(func(x Scores) float64 { return x.CECEAll })
	r.MCEAll = field(func(x Scores) float64 { return x.MCEAll })
	r.NLL = field(func(x Scores) float64 { return x.NLL })
	r.Brier = field(func(x Scores) float64 { return x.Brier })
	nc := len(s[0].Dice)
	r.DicePerClass, r.HD95PerClass = make([]float64, nc), make([]float64, nc)
	for k := 0; k < nc; k++ {
		r.DicePerClass[k] = field(func(x Scores) float64 { return x.Dice[k] })
		r.HD95PerClass[k] = field(func(x Scores) float64 { return x.HD95[k] })
	}
	r.Dice, r.HD95 = meanNoNaN(r.DicePerClass), meanNoNaN(r.HD95PerClass)
	return r
}

func meanNoNaN(v []float64) float64 {
	s, n := 0.0, 0
	for _, x := range v {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}
