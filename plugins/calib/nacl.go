package calib

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor"
)

// Border says what a neighbourhood prior sees outside the image.
type Border int

const (
	// BorderBackground counts out-of-image neighbours as class 0
	// (background), as the authors' code does (it unfolds the label map
	// with zero padding, and 0 is the background label). The default.
	BorderBackground Border = iota
	// BorderIgnore counts them as nothing: the one-hot map is zero-padded,
	// so near the border the class proportions sum to less than one, as
	// MONAI's NACLLoss computes them.
	BorderIgnore
	// BorderReplicate repeats the edge pixel (SVLS's padding).
	BorderReplicate
)

func (b Border) String() string {
	switch b {
	case BorderBackground:
		return "background"
	case BorderIgnore:
		return "ignore"
	case BorderReplicate:
		return "replicate"
	}
	return fmt.Sprintf("Border(%d)", int(b))
}

// Prior says how NACL turns the labels around a pixel into its target.
type Prior int

const (
	// PriorMean is the proportion of each class in the k×k window (the
	// paper's default).
	PriorMean Prior = iota
	// PriorGaussian weights the window with a normalised Gaussian of
	// standard deviation Sigma.
	PriorGaussian
)

// Distance is the penalty's norm.
type Distance int

const (
	L1 Distance = iota // |τ − l|, the paper's default
	L2                 // (τ − l)²
)

// gaussKernel is the k×k Gaussian of standard deviation sigma normalised to
// sum to one.
func gaussKernel(k int, sigma float64) []float64 {
	w := make([]float64, k*k)
	c, sum := float64(k-1)/2, 0.0
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			d := (float64(i)-c)*(float64(i)-c) + (float64(j)-c)*(float64(j)-c)
			w[i*k+j] = math.Exp(-d / (2 * sigma * sigma))
			sum += w[i*k+j]
		}
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// svlsKernel is SVLS's 3×3 kernel (Islam and Glocker, IPMI 2021): a
// Gaussian whose centre weight is replaced by the sum of the others, then
// normalised, so the pixel's own label keeps half the mass.
func svlsKernel(sigma float64) []float64 {
	w := gaussKernel(3, sigma)
	nb := 1 - w[4]
	w[4] = nb
	for i := range w {
		w[i] /= 2 * nb
	}
	return w
}

// filterLabels convolves the one-hot labels with the k×k kernel w, with
// the given border convention, giving soft targets in the logits' layout.
func filterLabels(labels []int, g geom, w []float64, k int, b Border) []float64 {
	hw, r := g.h*g.w, k/2
	out := make([]float64, g.n*g.c*hw)
	for n := 0; n < g.n; n++ {
		lab := labels[n*hw : (n+1)*hw]
		base := n * g.c * hw
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				s := y*g.w + x
				for dy := -r; dy <= r; dy++ {
					for dx := -r; dx <= r; dx++ {
						wt := w[(dy+r)*k+dx+r]
						yy, xx := y+dy, x+dx
						cls := 0
						if yy < 0 || yy >= g.h || xx < 0 || xx >= g.w {
							switch b {
							case BorderIgnore:
								continue
							case BorderReplicate:
								cls = lab[clampInt(yy, 0, g.h-1)*g.w+clampInt(xx, 0, g.w-1)]
							}
						} else {
							cls = lab[yy*g.w+xx]
						}
						out[base+cls*hw+s] += wt
					}
				}
			}
		}
	}
	return out
}

func clampInt(v, lo, hi int) int {
	return min(max(v, lo), hi)
}

// SVLS is cross-entropy against spatially varying label smoothing targets:
// the one-hot labels, replicate-padded, filtered by svlsKernel. Sigma 0
// means 1.
type SVLS struct{ Sigma float64 }

func (SVLS) Name() string { return "SVLS" }

func (l SVLS) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	t := filterLabels(labels, g, svlsKernel(orDefault(l.Sigma, 1)), 3, BorderReplicate)
	lp := logSoftmax(logits.Data, g)
	grad := make([]float64, len(lp))
	v := softTargetCE(lp, t, g, grad)
	return fused(logits, v, grad), nil
}

// NACL is the neighbour-aware calibration loss (Murugesan et al.):
// cross-entropy plus λ times the mean over pixels and classes of the
// distance between the raw logit l_k and τ_k, the share of class k among
// the labels in the k×k window around the pixel. The zero value is the
// paper's setting: λ = 0.1, a 3×3 mean window, L1, out-of-image neighbours
// counted as background.
type NACL struct {
	Lambda   float64  // weight of the penalty; 0 means 0.1
	Kernel   int      // window size (odd); 0 means 3
	Prior    Prior    // PriorMean or PriorGaussian
	Sigma    float64  // PriorGaussian's standard deviation; 0 means 1
	Distance Distance // L1 or L2
	Border   Border   // BorderBackground (authors) or BorderIgnore (MONAI)
}

func (l NACL) Name() string { return "NACL" }

// Targets returns τ for the labels, in the layout of logits (N, C, H, W).
func (l NACL) Targets(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	t, err := l.targets(labels, g)
	if err != nil {
		return nil, err
	}
	out := make([]float32, len(t))
	for i, v := range t {
		out[i] = float32(v)
	}
	return tensor.New(out, logits.Shape()...), nil
}

func (l NACL) targets(labels []int, g geom) ([]float64, error) {
	k := l.Kernel
	if k == 0 {
		k = 3
	}
	if k < 1 || k%2 == 0 {
		return nil, fmt.Errorf("calib: NACL kernel size %d must be odd and positive", k)
	}
	var w []float64
	switch l.Prior {
	case PriorMean:
		w = make([]float64, k*k)
		for i := range w {
			w[i] = 1 / float64(k*k)
		}
	case PriorGaussian:
		w = gaussKernel(k, orDefault(l.Sigma, 1))
	default:
		return nil, fmt.Errorf("calib: unknown NACL prior %d (use PriorMean or PriorGaussian)", l.Prior)
	}
	if l.Border != BorderBackground && l.Border != BorderIgnore {
		return nil, fmt.Errorf("calib: NACL border %v: use BorderBackground or BorderIgnore", l.Border)
	}
	return filterLabels(labels, g, w, k, l.Border), nil
}

func (l NACL) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	tau, err := l.targets(labels, g)
	if err != nil {
		return nil, err
	}
	lam := orDefault(l.Lambda, 0.1)
	lp := logSoftmax(logits.Data, g)
	grad := make([]float64, len(lp))
	v := softTargetCE(lp, oneHot(labels, g), g, grad)
	PC := float64(len(lp))
	pen := 0.0
	for i, t := range tau {
		d := float64(logits.Data[i]) - t
		switch l.Distance {
		case L2:
			pen += d * d
			grad[i] += lam * 2 * d / PC
		default:
			pen += math.Abs(d)
			if d > 0 {
				grad[i] += lam / PC
			} else if d < 0 {
				grad[i] -= lam / PC
			}
		}
	}
	return fused(logits, v+lam*pen/PC, grad), nil
}
