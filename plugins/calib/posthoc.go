package calib

import (
	"fmt"
	"math"
	"sort"

	"github.com/yaknb/yak/runtime/tensor"
)

// Calibrator is a post-hoc calibration map fitted on held-out logits and
// labels (segmentation (N, C, H, W) or classification (N, C)); Calibrate
// returns calibrated probabilities of the same shape.
type Calibrator interface {
	Name() string
	Fit(logits *tensor.Tensor, labels []int) error
	Calibrate(logits *tensor.Tensor) (*tensor.Tensor, error)
}

// rows copies logits to pixel-major rows (P × C, float64).
func rows(logits *tensor.Tensor, g geom) []float64 {
	hw := g.sp()
	out := make([]float64, g.pixels()*g.c)
	for n := 0; n < g.n; n++ {
		for k := 0; k < g.c; k++ {
			src := logits.Data[(n*g.c+k)*hw:]
			for s := 0; s < hw; s++ {
				out[(n*hw+s)*g.c+k] = float64(src[s])
			}
		}
	}
	return out
}

// unrows writes pixel-major probabilities back in the logits' layout.
func unrows(r []float64, shape []int, g geom) *tensor.Tensor {
	hw := g.sp()
	out := make([]float32, len(r))
	for n := 0; n < g.n; n++ {
		for k := 0; k < g.c; k++ {
			for s := 0; s < hw; s++ {
				out[(n*g.c+k)*hw+s] = float32(r[(n*hw+s)*g.c+k])
			}
		}
	}
	return tensor.New(out, shape...)
}

func shapeOnly(logits *tensor.Tensor, c int) (geom, error) {
	if logits == nil {
		return geom{}, fmt.Errorf("calib: logits are nil")
	}
	g, ok := geomOf(logits.Shape())
	if !ok {
		return g, fmt.Errorf("calib: logits have shape %v; want (N, C, H, W), (N, C, D, H, W) or (N, C)", logits.Shape())
	}
	if c > 0 && g.c != c {
		return g, fmt.Errorf("calib: logits have %d classes; the calibrator was fitted on %d", g.c, c)
	}
	return g, nil
}

// softmaxRow turns a row of scores into probabilities in place.
func softmaxRow(z []float64) {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	s := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - m)
		s += z[i]
	}
	for i := range z {
		z[i] /= s
	}
}

// Temperature is temperature scaling (Guo et al. 2017): p = softmax(l/T)
// with T minimising the NLL on the fitting data. The NLL is convex in 1/T,
// so Fit runs Newton's method on 1/T (exact, no learning rate).
type Temperature struct {
	T float64 // fitted temperature
	c int
}

func (*Temperature) Name() string { return "temperature" }

func (t *Temperature) Fit(logits *tensor.Tensor, labels []int) error {
	g, err := check(logits, labels)
	if err != nil {
		return err
	}
	r, C := rows(logits, g), g.c
	beta := 1.0
	p := make([]float64, C)
	for it := 0; it < 100; it++ {
		d1, d2 := 0.0, 0.0
		for i, y := range labels {
			z := r[i*C : (i+1)*C]
			for k := range p {
				p[k] = beta * z[k]
			}
			softmaxRow(p)
			ez, ez2 := 0.0, 0.0
			for k, v := range z {
				ez += p[k] * v
				ez2 += p[k] * v * v
			}
			d1 += ez - z[y]
			d2 += ez2 - ez*ez
		}
		if d2 <= 0 {
			break
		}
		step := d1 / d2
		nb := beta - step
		if nb <= 0 { // stay in the positive half-line
			nb = beta / 2
		}
		done := math.Abs(nb-beta) < 1e-10*beta
		beta = nb
		if done {
			break
		}
	}
	t.T, t.c = 1/beta, C
	return nil
}

func (t *Temperature) Calibrate(logits *tensor.Tensor) (*tensor.Tensor, error) {
	if t.T <= 0 {
		return nil, fmt.Errorf("calib: temperature scaling is not fitted: call Fit on validation logits first")
	}
	return mapRows(logits, t.c, func(z []float64) {
		for k := range z {
			z[k] /= t.T
		}
		softmaxRow(z)
	})
}

func mapRows(logits *tensor.Tensor, c int, f func(z []float64)) (*tensor.Tensor, error) {
	g, err := shapeOnly(logits, c)
	if err != nil {
		return nil, err
	}
	r := rows(logits, g)
	for i := 0; i < g.pixels(); i++ {
		f(r[i*g.c : (i+1)*g.c])
	}
	return unrows(r, logits.Shape(), g), nil
}

// Vector is vector scaling (Guo et al. 2017): p = softmax(w ⊙ l + b), one
// weight and bias per class, fitted by full-batch Adam on the NLL
// (Iterations steps, 300 by default, step size 0.01) from w = 1, b = 0.
type Vector struct {
	W, B       []float64
	Iterations int
}

func (*Vector) Name() string { return "vector" }

func (v *Vector) Fit(logits *tensor.Tensor, labels []int) error {
	g, err := check(logits, labels)
	if err != nil {
		return err
	}
	r, C, P := rows(logits, g), g.c, float64(g.pixels())
	w, b := make([]float64, C), make([]float64, C)
	for k := range w {
		w[k] = 1
	}
	theta := append(w, b...)
	m, s := make([]float64, 2*C), make([]float64, 2*C)
	p := make([]float64, C)
	iters := v.Iterations
	if iters <= 0 {
		iters = 300
	}
	const lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
	grad := make([]float64, 2*C)
	for it := 1; it <= iters; it++ {
		clear(grad)
		for i, y := range labels {
			z := r[i*C : (i+1)*C]
			for k := range p {
				p[k] = theta[k]*z[k] + theta[C+k]
			}
			softmaxRow(p)
			for k := range p {
				d := p[k]
				if k == y {
					d--
				}
				grad[k] += d * z[k] / P
				grad[C+k] += d / P
			}
		}
		for j := range theta {
			m[j] = b1*m[j] + (1-b1)*grad[j]
			s[j] = b2*s[j] + (1-b2)*grad[j]*grad[j]
			mh := m[j] / (1 - math.Pow(b1, float64(it)))
			sh := s[j] / (1 - math.Pow(b2, float64(it)))
			theta[j] -= lr * mh / (math.Sqrt(sh) + eps)
		}
	}
	v.W, v.B = theta[:C], theta[C:]
	return nil
}

func (v *Vector) Calibrate(logits *tensor.Tensor) (*tensor.Tensor, error) {
	if v.W == nil {
		return nil, fmt.Errorf("calib: vector scaling is not fitted: call Fit on validation logits first")
	}
	return mapRows(logits, len(v.W), func(z []float64) {
		for k := range z {
			z[k] = v.W[k]*z[k] + v.B[k]
		}
		softmaxRow(z)
	})
}

// oneVsRest fits, for each class, a map from its softmax probability to
// the frequency of that class, and applies them followed by
// renormalisation over classes (netcal's multi-class scheme for histogram
// binning and isotonic regression).
type oneVsRest struct {
	fit   func(x []float64, y []bool) func(float64) float64
	maps  []func(float64) float64
	fname string
}

func (o *oneVsRest) fitAll(logits *tensor.Tensor, labels []int) error {
	g, err := check(logits, labels)
	if err != nil {
		return err
	}
	r, C := rows(logits, g), g.c
	for i := 0; i < g.pixels(); i++ {
		softmaxRow(r[i*C : (i+1)*C])
	}
	o.maps = make([]func(float64) float64, C)
	x, y := make([]float64, len(labels)), make([]bool, len(labels))
	for k := 0; k < C; k++ {
		for i, l := range labels {
			x[i], y[i] = r[i*C+k], l == k
		}
		o.maps[k] = o.fit(x, y)
	}
	return nil
}

func (o *oneVsRest) apply(logits *tensor.Tensor) (*tensor.Tensor, error) {
	if o.maps == nil {
		return nil, fmt.Errorf("calib: %s is not fitted: call Fit on validation logits first", o.fname)
	}
	return mapRows(logits, len(o.maps), func(z []float64) {
		softmaxRow(z)
		s := 0.0
		for k := range z {
			z[k] = o.maps[k](z[k])
			s += z[k]
		}
		for k := range z {
			if s > 0 {
				z[k] /= s
			} else {
				z[k] = 1 / float64(len(z))
			}
		}
	})
}

// Histogram is histogram binning (Zadrozny and Elkan 2001), one-vs-rest:
// each class's probability is replaced by the frequency of the class in
// its equal-width bin (Bins, 15 by default, (lo, hi]); an empty bin keeps
// its centre.
type Histogram struct {
	Bins int
	o    oneVsRest
}

func (*Histogram) Name() string { return "histogram binning" }

func (h *Histogram) Fit(logits *tensor.Tensor, labels []int) error {
	n := h.Bins
	if n <= 0 {
		n = 15
	}
	h.o = oneVsRest{fname: "histogram binning", fit: func(x []float64, y []bool) func(float64) float64 {
		val, cnt := make([]float64, n), make([]float64, n)
		for i, c := range x {
			b := binOf(c, n)
			cnt[b]++
			if y[i] {
				val[b]++
			}
		}
		for b := range val {
			if cnt[b] > 0 {
				val[b] /= cnt[b]
			} else {
				val[b] = (float64(b) + 0.5) / float64(n)
			}
		}
		return func(c float64) float64 { return val[binOf(c, n)] }
	}}
	return h.o.fitAll(logits, labels)
}

func (h *Histogram) Calibrate(logits *tensor.Tensor) (*tensor.Tensor, error) {
	return h.o.apply(logits)
}

// Isotonic is isotonic regression (Zadrozny and Elkan 2002), one-vs-rest:
// each class's probability goes through the non-decreasing step function
// that best fits the class indicator in least squares (pool adjacent
// violators); between the blocks' mean points it interpolates linearly,
// below the first and above the last it clamps.
type Isotonic struct{ o oneVsRest }

func (*Isotonic) Name() string { return "isotonic" }

func (s *Isotonic) Fit(logits *tensor.Tensor, labels []int) error {
	s.o = oneVsRest{fname: "isotonic regression", fit: pav}
	return s.o.fitAll(logits, labels)
}

func (s *Isotonic) Calibrate(logits *tensor.Tensor) (*tensor.Tensor, error) {
	return s.o.apply(logits)
}

// pav fits isotonic regression of y on x and returns its interpolant.
func pav(x []float64, y []bool) func(float64) float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	type block struct{ sum, n, xs float64 }
	var bs []block
	for _, i := range idx {
		v := 0.0
		if y[i] {
			v = 1
		}
		bs = append(bs, block{v, 1, x[i]})
		for len(bs) > 1 && bs[len(bs)-2].sum/bs[len(bs)-2].n >= bs[len(bs)-1].sum/bs[len(bs)-1].n {
			a, b := bs[len(bs)-2], bs[len(bs)-1]
			bs = append(bs[:len(bs)-2], block{a.sum + b.sum, a.n + b.n, a.xs + b.xs})
		}
	}
	// each block is represented by its mean x and mean y
	xs, ys := make([]float64, len(bs)), make([]float64, len(bs))
	for i, b := range bs {
		xs[i], ys[i] = b.xs/b.n, b.sum/b.n
	}
	return func(c float64) float64 {
		j := sort.SearchFloat64s(xs, c)
		switch {
		case len(xs) == 0:
			return c
		case j == 0:
			return ys[0]
		case j == len(xs):
			return ys[len(ys)-1]
		}
		f := (c - xs[j-1]) / (xs[j] - xs[j-1])
		return ys[j-1]*(1-f) + ys[j]*f
	}
}
