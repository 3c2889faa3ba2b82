package calib

import (
	"math"
	"sort"
)

// scoreImage computes an image's Scores from its probabilities p (C, H, W)
// and labels (H, W), or a volume's from (C, D, H, W) and (D, H, W); D is 1
// for an image.
func scoreImage(p []float32, lab []int, C, D, H, W int) Scores {
	hw := D * H * W
	var s Scores
	pred := make([]int, hw)
	var fgConf, allConf []float64
	var fgOK, allOK []bool
	nll, brier := 0.0, 0.0
	for i := 0; i < hw; i++ {
		best := 0
		for k := 1; k < C; k++ {
			if p[k*hw+i] > p[best*hw+i] {
				best = k
			}
		}
		pred[i] = best
		y := lab[i]
		c, ok := float64(p[best*hw+i]), best == y
		allConf, allOK = append(allConf, c), append(allOK, ok)
		if y != 0 {
			fgConf, fgOK = append(fgConf, c), append(fgOK, ok)
		}
		nll -= math.Log(math.Max(float64(p[y*hw+i]), 1e-12))
		for k := 0; k < C; k++ {
			d := float64(p[k*hw+i])
			if k == y {
				d--
			}
			brier += d * d
		}
	}
	s.NLL, s.Brier = nll/float64(hw), brier/float64(hw)
	s.Foreground = len(fgConf)
	s.ECE, s.MCE = binnedErrors(fgConf, fgOK, 15, binOf)
	s.ACE = AdaptiveECE(fgConf, fgOK, 15)
	s.ECEAll, s.MCEAll = binnedErrors(allConf, allOK, 10, binOfLeft)
	maxFg := 0
	for _, y := range lab {
		maxFg = max(maxFg, y)
	}
	s.CECE = classwise(p, lab, maxFg+1, hw, 15, true, true, binOf)
	s.CECEOverC = classwise(p, lab, C, hw, 15, true, false, binOf)
	s.CECEAll = classwise(p, lab, C, hw, 10, false, false, binOfLeft)
	s.Dice, s.HD95 = make([]float64, C-1), make([]float64, C-1)
	a, b := make([]bool, hw), make([]bool, hw)
	for k := 1; k < C; k++ {
		for i := range a {
			a[i], b[i] = pred[i] == k, lab[i] == k
		}
		s.Dice[k-1] = Dice(a, b)
		s.HD95[k-1] = hd95(a, b, D, H, W)
	}
	return s
}

// classwise is the class-wise ECE: for each class k < classes, the
// probabilities p_k binned, each bin's mean p_k against the share of
// pixels of class k in it; averaged over those classes. With fgOnly, over
// foreground pixels (NaN if there are none). With skipZero a probability
// of exactly 0 falls in no bin (the authors' bins are (lo, hi] from 0,
// so 0 is in none) but still counts in the denominator.
func classwise(p []float32, lab []int, classes, hw, bins int, fgOnly, skipZero bool, bin func(float64, int) int) float64 {
	n := 0
	for i := 0; i < hw; i++ {
		if !fgOnly || lab[i] != 0 {
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	total := 0.0
	cnt, sc, sa := make([]float64, bins), make([]float64, bins), make([]float64, bins)
	for k := 0; k < classes; k++ {
		clear(cnt)
		clear(sc)
		clear(sa)
		for i := 0; i < hw; i++ {
			if fgOnly && lab[i] == 0 {
				continue
			}
			c := float64(p[k*hw+i])
			if skipZero && c == 0 {
				continue
			}
			b := bin(c, bins)
			cnt[b]++
			sc[b] += c
			if lab[i] == k {
				sa[b]++
			}
		}
		for b := range cnt {
			total += math.Abs(sa[b]-sc[b]) / float64(n)
		}
	}
	return total / float64(classes)
}

// Dice is 2|A∩B| / (|A|+|B|) of two masks; NaN when both are empty (the
// class is absent from prediction and truth: nothing to score), and
// Summarize leaves NaN out of its means.
func Dice(pred, truth []bool) float64 {
	inter, sa, sb := 0, 0, 0
	for i := range pred {
		if pred[i] {
			sa++
		}
		if truth[i] {
			sb++
		}
		if pred[i] && truth[i] {
			inter++
		}
	}
	if sa+sb == 0 {
		return math.NaN()
	}
	return 2 * float64(inter) / float64(sa+sb)
}

// surface is a mask minus its erosion by the 4-neighbour cross (the
// 6-neighbour one in a volume, D > 1), with outside the image counted as
// background (so an object touching the border has a surface there), as
// MedPy and SciPy's binary_erosion do with connectivity 1.
func surface(m []bool, D, H, W int) [][3]int {
	var pts [][3]int
	at := func(z, y, x int) bool {
		return z >= 0 && z < D && y >= 0 && y < H && x >= 0 && x < W && m[(z*H+y)*W+x]
	}
	for z := 0; z < D; z++ {
		for y := 0; y < H; y++ {
			for x := 0; x < W; x++ {
				if !m[(z*H+y)*W+x] {
					continue
				}
				inner := at(z, y-1, x) && at(z, y+1, x) && at(z, y, x-1) && at(z, y, x+1)
				if D > 1 {
					inner = inner && at(z-1, y, x) && at(z+1, y, x)
				}
				if !inner {
					pts = append(pts, [3]int{z, y, x})
				}
			}
		}
	}
	return pts
}

// HD95 is the 95th-percentile Hausdorff distance in pixels between the
// surfaces of two H×W masks: the distances from every surface pixel of
// each to the nearest of the other, both directed sets pooled, and their
// 95th percentile with linear interpolation (MedPy's hd95). Both masks
// empty gives 0; one empty gives NaN (undefined; Summarize leaves it out
// and counts it in Missing).
func HD95(pred, truth []bool, H, W int) float64 { return hd95(pred, truth, 1, H, W) }

// HD95Volume is HD95 for two D×H×W masks, in voxels, with 6-neighbour
// surfaces (MedPy's hd95 on a volume with unit spacing).
func HD95Volume(pred, truth []bool, D, H, W int) float64 { return hd95(pred, truth, D, H, W) }

func hd95(pred, truth []bool, D, H, W int) float64 {
	a, b := surface(pred, D, H, W), surface(truth, D, H, W)
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0 || len(b) == 0:
		return math.NaN()
	}
	d := append(directed(a, b), directed(b, a)...)
	sort.Float64s(d)
	return percentile(d, 95)
}

func directed(a, b [][3]int) []float64 {
	out := make([]float64, len(a))
	for i, p := range a {
		best := math.MaxInt
		for _, q := range b {
			dz, dy, dx := p[0]-q[0], p[1]-q[1], p[2]-q[2]
			best = min(best, dz*dz+dy*dy+dx*dx)
		}
		out[i] = math.Sqrt(float64(best))
	}
	return out
}

// percentile of sorted values, numpy's default linear interpolation.
func percentile(sorted []float64, q float64) float64 {
	pos := q / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(lo)
	return sorted[lo]*(1-f) + sorted[lo+1]*f
}
