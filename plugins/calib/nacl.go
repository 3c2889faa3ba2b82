package calib

import (
	"fmt"
	"math"

	"github.com/yaknb/yak/runtime/tensor"
)

// Border says what a neighbourhood prior sees outside the image.
type Border int

const (
	// BorderAuthors is the padding the authors' code uses for the chosen
	// prior, the default: BorderBackground for PriorMean (their code
	// unfolds the label map with zero padding, and 0 is the background
	// label) and BorderReplicate for PriorGaussian (their SVLS filter
	// replicates the edge); BorderBackground for PriorGaussianNormalised.
	BorderAuthors Border = iota
	// BorderBackground counts out-of-image neighbours as class 0
	// (background).
	BorderBackground
	// BorderIgnore counts them as nothing: the one-hot map is zero-padded,
	// so near the border the class proportions sum to less than one, as
	// MONAI's NACLLoss computes them.
	BorderIgnore
	// BorderReplicate repeats the edge pixel (SVLS's padding).
	BorderReplicate
)

func (b Border) String() string {
	switch b {
	case BorderAuthors:
		return "authors"
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
	// PriorMean is the proportion of each class in the k×k (k×k×k for
	// volumes) window (the paper's default).
	PriorMean Prior = iota
	// PriorGaussian is the authors' Gaussian prior: their SVLS kernel, a
	// Gaussian of standard deviation Sigma whose centre weight is replaced
	// by the sum of its neighbours' and which is then normalised, so that
	// the pixel's own label keeps half the mass (for k = 3; for larger k
	// the authors' code takes the neighbours' sum as 1 − the weight at
	// index (1, 1), which is not the centre, and so does this prior), with
	// replicate padding under BorderAuthors. Kernel ≥ 3.
	PriorGaussian
	// PriorGaussianNormalised is a plain normalised k×k Gaussian of
	// standard deviation Sigma (yak's earlier Gaussian prior, matching
	// neither the authors nor MONAI, whose GaussianFilter is wider), with
	// background padding under BorderAuthors.
	PriorGaussianNormalised
)

// Distance is the penalty's norm.
type Distance int

const (
	L1 Distance = iota // |τ − l|, the paper's default
	L2                 // (τ − l)²
)

// gaussKernel is the k^dims Gaussian of standard deviation sigma
// normalised to sum to one (dims 2 or 3), in row-major (z,) y, x order.
func gaussKernel(k, dims int, sigma float64) []float64 {
	n := k * k
	if dims == 3 {
		n *= k
	}
	w := make([]float64, n)
	c, sum := float64(k-1)/2, 0.0
	for i := range w {
		d := 0.0
		for j, rest := 0, i; j < dims; j, rest = j+1, rest/k {
			o := float64(rest%k) - c
			d += o * o
		}
		w[i] = math.Exp(-d / (2 * sigma * sigma))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// svlsKernel is SVLS's kernel (Islam and Glocker, IPMI 2021) as the NACL
// authors build it: the normalised Gaussian, its centre weight replaced by
// 1 − the weight at index 1 in every axis (the centre when k = 3, so the
// sum of the neighbours' weights), normalised to sum to one (their filter
// divides by the kernel's sum). k ≥ 3.
func svlsKernel(k, dims int, sigma float64) []float64 {
	w := gaussKernel(k, dims, sigma)
	centre, off := 0, 0
	for j, stride := 0, 1; j < dims; j, stride = j+1, stride*k {
		centre += (k / 2) * stride
		off += 1 * stride
	}
	w[centre] = 1 - w[off]
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// dims is the number of spatial axes the priors filter: 3 for volumes
// (N, C, D, H, W), even of depth 1, else 2.
func (g geom) dims() int {
	if g.vol {
		return 3
	}
	return 2
}

func clampInt(v, lo, hi int) int {
	return min(max(v, lo), hi)
}

// SVLS is cross-entropy against spatially varying label smoothing targets:
// the one-hot labels, replicate-padded, filtered by SVLS's 3×3 kernel
// (3×3×3 for volumes). Sigma 0 means 1.
type SVLS struct{ Sigma float64 }

func (SVLS) Name() string { return "SVLS" }

func (l SVLS) Loss(logits *tensor.Tensor, labels []int) (*tensor.Tensor, error) {
	g, err := check(logits, labels)
	if err != nil {
		return nil, err
	}
	t := filterLabels(labels, g, svlsKernel(3, g.dims(), orDefault(l.Sigma, 1)), 3, BorderReplicate)
	lp := logSoftmax(logits.Data, g)
	grad := zeros64(len(lp))
	v := softTargetCE(lp, t, g, grad)
	return fused(logits, v, grad, lp, t), nil
}

// NACL is the neighbour-aware calibration loss (Murugesan et al.):
// cross-entropy plus λ times the mean over pixels and classes of the
// distance between the raw logit l_k and τ_k, the share of class k among
// the labels in the k×k window around the pixel (k×k×k for volumes
// (N, C, D, H, W), as MONAI's NACLLoss with dim 3). The zero value is the
// paper's setting: λ = 0.1, a 3×3 mean window, L1, out-of-image neighbours
// counted as background (the authors' code).
type NACL struct {
	Lambda   float64  // weight of the penalty; 0 means 0.1
	Kernel   int      // window size (odd); 0 means 3
	Prior    Prior    // PriorMean, PriorGaussian (the authors') or PriorGaussianNormalised
	Sigma    float64  // the Gaussian priors' standard deviation; 0 means 1
	Distance Distance // L1 or L2
	Border   Border   // BorderAuthors (the default), BorderBackground, BorderIgnore (MONAI) or BorderReplicate
}

func (l NACL) Name() string { return "NACL" }

// Targets returns τ for the labels, in the layout of logits (N, C, H, W)
// or (N, C, D, H, W).
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
	release64(t)
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
	dims, b := g.dims(), l.Border
	if b < BorderAuthors || b > BorderReplicate {
		return nil, fmt.Errorf("calib: unknown NACL border %v (use BorderAuthors, BorderBackground, BorderIgnore or BorderReplicate)", b)
	}
	var w []float64
	switch l.Prior {
	case PriorMean:
		w = make([]float64, k*k)
		if dims == 3 {
			w = make([]float64, k*k*k)
		}
		for i := range w {
			w[i] = 1 / float64(len(w))
		}
		if b == BorderAuthors {
			b = BorderBackground
		}
	case PriorGaussian:
		if k < 3 {
			return nil, fmt.Errorf("calib: NACL's PriorGaussian needs a kernel of at least 3 (got %d); the authors' SVLS kernel is built around a 3×3 core", k)
		}
		w = svlsKernel(k, dims, orDefault(l.Sigma, 1))
		if b == BorderAuthors {
			b = BorderReplicate
		}
	case PriorGaussianNormalised:
		w = gaussKernel(k, dims, orDefault(l.Sigma, 1))
		if b == BorderAuthors {
			b = BorderBackground
		}
	default:
		return nil, fmt.Errorf("calib: unknown NACL prior %d (use PriorMean, PriorGaussian or PriorGaussianNormalised)", l.Prior)
	}
	return filterLabels(labels, g, w, k, b), nil
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
	// The penalty is its own node beside the cross-entropy's: each
	// backward adds its part to the logits' gradient. Images are spread
	// over the runtime's threads, each with its own partial sum, added in
	// image order: the same bits on any thread count.
	grad := buf64(len(tau))
	PC := float64(len(tau))
	x := logits.Data
	per := g.c * g.sp()
	parts := make([]float64, g.n)
	tensor.Parallel(g.n, len(tau)*2, func(lo, hi int) {
		for n := lo; n < hi; n++ {
			pen := 0.0
			for i := n * per; i < (n+1)*per; i++ {
				d := float64(x[i]) - tau[i]
				switch l.Distance {
				case L2:
					pen += d * d
					grad[i] = lam * 2 * d / PC
				default:
					pen += math.Abs(d)
					switch {
					case d > 0:
						grad[i] = lam / PC
					case d < 0:
						grad[i] = -lam / PC
					default:
						grad[i] = 0
					}
				}
			}
			parts[n] = pen
		}
	})
	pen := 0.0
	for _, p := range parts {
		pen += p
	}
	return hardCE(logits, labels).Add(fused(logits, lam*pen/PC, grad, tau)), nil
}
