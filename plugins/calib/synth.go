package calib

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/yaknb/yak/runtime/tensor"
)

// Dataset is a set of single-channel images (N, 1, H, W) or volumes (N, 1,
// D, H, W) with label maps.
type Dataset struct {
	Images  *tensor.Tensor // (N, 1, H, W) or (N, 1, D, H, W)
	Labels  []int          // one per pixel (voxel), row-major
	Classes int            // number of classes, background 0 included
	Names   []string       // class names (optional)
	// Annotated, if set, are labels of the same images drawn by the
	// annotation process the training labels come from (for the synthetic
	// task: with the same boundary jitter), while Labels are the clean
	// truth. Experiment then scores the test set against both.
	Annotated []int
}

// Len is the number of images.
func (d *Dataset) Len() int { return d.Images.Dim(0) }

// Batch copies images idx into a batch tensor and its labels.
func (d *Dataset) Batch(idx []int) (*tensor.Tensor, []int) {
	shape := d.Images.Shape()
	sp := d.Images.Len() / shape[0] // one channel: pixels per image
	x := make([]float32, len(idx)*sp)
	y := make([]int, len(idx)*sp)
	for i, j := range idx {
		copy(x[i*sp:], d.Images.Data[j*sp:(j+1)*sp])
		copy(y[i*sp:], d.Labels[j*sp:(j+1)*sp])
	}
	shape[0] = len(idx)
	return tensor.New(x, shape...), y
}

// Validate checks that the data set is usable for training.
func (d *Dataset) Validate() error {
	if d == nil || d.Images == nil || (d.Images.Rank() != 4 && d.Images.Rank() != 5) || d.Images.Dim(1) != 1 {
		return fmt.Errorf("calib: a data set needs Images of shape (N, 1, H, W) or, for volumes, (N, 1, D, H, W)")
	}
	if d.Len() == 0 {
		return fmt.Errorf("calib: the data set is empty")
	}
	if len(d.Labels) != d.Images.Len() {
		return fmt.Errorf("calib: %d labels for images of shape %v; want one per pixel", len(d.Labels), d.Images.Shape())
	}
	if d.Classes < 2 {
		return fmt.Errorf("calib: %d classes; want at least 2 (background and one object)", d.Classes)
	}
	for i, v := range d.Images.Data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			sp := d.Images.Len() / d.Len()
			return fmt.Errorf("calib: image %d, pixel %d is %v; replace non-finite intensities before training", i/sp, i%sp, v)
		}
	}
	for i, y := range d.Labels {
		if y < 0 || y >= d.Classes {
			return fmt.Errorf("calib: label %d at pixel %d is out of range [0, %d)", y, i, d.Classes)
		}
	}
	if d.Annotated != nil {
		if len(d.Annotated) != len(d.Labels) {
			return fmt.Errorf("calib: %d annotated labels for %d labels; want one per pixel (or nil)", len(d.Annotated), len(d.Labels))
		}
		for i, y := range d.Annotated {
			if y < 0 || y >= d.Classes {
				return fmt.Errorf("calib: annotated label %d at pixel %d is out of range [0, %d)", y, i, d.Classes)
			}
		}
	}
	return nil
}

// SynthOptions configures the synthetic segmentation task. Zero fields
// take the defaults shown.
type SynthOptions struct {
	N      int     // images (64)
	Size   int     // side in pixels (64)
	Blur   float64 // partial-volume blur, Gaussian σ in pixels (0.8); < 0: none
	Noise  float64 // additive Gaussian noise σ (0.12); < 0: none
	Bias   float64 // bias-field strength (0.3): intensity × exp(field), |field| ≤ Bias; < 0: none
	Jitter float64 // probability of moving a boundary pixel's label to a neighbour's (0)
	Seed   uint64
}

func (o SynthOptions) defaults() SynthOptions {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
		if *v < 0 {
			*v = 0
		}
	}
	if o.N == 0 {
		o.N = 64
	}
	if o.Size == 0 {
		o.Size = 64
	}
	def(&o.Blur, 0.8)
	def(&o.Noise, 0.12)
	def(&o.Bias, 0.3)
	return o
}

// SynthClasses names the synthetic task's classes, a cardiac-like layout:
// a ring (as the myocardium) around a nested cavity, and a third structure
// touching the ring from outside.
var SynthClasses = []string{"background", "ring", "cavity", "touching"}

type ellipse struct{ cy, cx, ry, rx, cos, sin float64 }

func (e ellipse) inside(y, x float64) bool {
	dy, dx := y-e.cy, x-e.cx
	u := (dx*e.cos + dy*e.sin) / e.rx
	v := (-dx*e.sin + dy*e.cos) / e.ry
	return u*u+v*v <= 1
}

// Synthetic draws a seeded synthetic segmentation task. Each image holds
// an ellipse ring (class 1) around a nested ellipse (class 2) and a third
// ellipse (class 3) that touches the ring, at random positions, sizes,
// orientations and class intensities. Pixels are rendered from a 4×4
// supersampling of each pixel, so a pixel on a boundary mixes the
// intensities of the classes it covers (partial volume); its label is the
// class at its centre. Then a Gaussian blur (the scanner's point-spread),
// a smooth multiplicative bias field and Gaussian noise; finally, with
// probability Jitter, each boundary pixel's label is replaced by a
// neighbour's (annotator disagreement). Images are normalised to zero mean
// and unit variance.
func Synthetic(opt SynthOptions) (*Dataset, error) {
	return synthetic(opt, false)
}

// synthetic draws the task; with both, Labels are the clean truth and
// Annotated the jittered labels of the same images (nil without jitter).
// The jitter draws come after the image's, so the images and the jittered
// labels are those Synthetic gives for the same options.
func synthetic(opt SynthOptions, both bool) (*Dataset, error) {
	return drawSet(opt.defaults(), both, false)
}

// drawSet draws o.N images (volumes with vol) of the task; with both,
// Labels are the clean truth and Annotated the jittered labels of the same
// images (nil without jitter). The jitter draws come after the image's, so
// the images and the jittered labels are those drawn without both.
func drawSet(o SynthOptions, both, vol bool) (*Dataset, error) {
	minSize, what := 16, "synthetic task"
	if vol {
		minSize, what = 8, "synthetic volume task"
	}
	if o.N < 0 || o.Size < minSize {
		return nil, fmt.Errorf("calib: %s needs N ≥ 0 and Size ≥ %d (got %d, %d)", what, minSize, o.N, o.Size)
	}
	if o.Jitter < 0 || o.Jitter > 1 {
		return nil, fmt.Errorf("calib: Jitter %v is a probability: use a value in [0, 1]", o.Jitter)
	}
	S := o.Size
	shape := []int{o.N, 1, S, S}
	sp := S * S
	if vol {
		shape = []int{o.N, 1, S, S, S}
		sp *= S
	}
	img := make([]float32, o.N*sp)
	lab := make([]int, o.N*sp)
	var ann []int
	if both && o.Jitter > 0 {
		ann = make([]int, o.N*sp)
	}
	for n := 0; n < o.N; n++ {
		r := rand.New(rand.NewPCG(o.Seed, uint64(n)+1))
		l := lab[n*sp : (n+1)*sp]
		if vol {
			synthVolume(r, o, img[n*sp:(n+1)*sp], l)
		} else {
			synthImage(r, o, img[n*sp:(n+1)*sp], l)
		}
		if o.Jitter > 0 {
			if ann != nil {
				l = ann[n*sp : (n+1)*sp]
				copy(l, lab[n*sp:(n+1)*sp])
			}
			jitter(r, l, S, o.Jitter)
		}
	}
	return &Dataset{Images: tensor.New(img, shape...), Labels: lab, Classes: 4, Names: SynthClasses, Annotated: ann}, nil
}

// SyntheticSplits draws train, validation and test sets from the same
// task with different seeds (Seed, Seed+1000, Seed+2000) and sizes
// N, N/4, N/2. The training and validation labels are annotations (with
// the label jitter); the test set's Labels are the clean truth and, when
// Jitter > 0, its Annotated labels come from the same annotation process
// as the training labels, so that a model can be scored against both.
func SyntheticSplits(opt SynthOptions) (train, val, test *Dataset, err error) {
	return splits(opt.defaults(), false)
}

func splits(o SynthOptions, vol bool) (train, val, test *Dataset, err error) {
	mk := func(n int, seed uint64, both bool) *Dataset {
		if err != nil {
			return nil
		}
		oo := o
		oo.N, oo.Seed = n, seed
		var d *Dataset
		d, err = drawSet(oo, both, vol)
		return d
	}
	train = mk(o.N, o.Seed, false)
	val = mk(max(o.N/4, 1), o.Seed+1000, false)
	test = mk(max(o.N/2, 1), o.Seed+2000, true)
	return train, val, test, err
}

func synthImage(r *rand.Rand, o SynthOptions, img []float32, lab []int) {
	S := float64(o.Size)
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	rot := func() (float64, float64) { a := u(0, math.Pi); return math.Cos(a), math.Sin(a) }
	c1, s1 := rot()
	outer := ellipse{u(0.38, 0.62) * S, u(0.38, 0.62) * S, u(0.16, 0.24) * S, u(0.16, 0.24) * S, c1, s1}
	thick := u(0.25, 0.45)
	inner := ellipse{outer.cy + u(-0.03, 0.03)*S, outer.cx + u(-0.03, 0.03)*S, outer.ry * (1 - thick), outer.rx * (1 - thick), c1, s1}
	// the touching structure: centred just outside the ring in a random
	// direction, overlapping it slightly; the ring is painted over it
	a := u(0, 2*math.Pi)
	c3, s3 := rot()
	r3y, r3x := u(0.09, 0.15)*S, u(0.12, 0.2)*S
	dist := math.Max(outer.ry, outer.rx) + 0.7*math.Min(r3y, r3x)
	third := ellipse{outer.cy + dist*math.Sin(a), outer.cx + dist*math.Cos(a), r3y, r3x, c3, s3}
	mu := [4]float64{u(0.05, 0.2), u(0.4, 0.5), u(0.85, 1), u(0.62, 0.75)}
	classAt := func(y, x float64) int {
		switch {
		case inner.inside(y, x):
			return 2
		case outer.inside(y, x):
			return 1
		case third.inside(y, x):
			return 3
		}
		return 0
	}
	n := o.Size
	raw := make([]float64, n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			v := 0.0
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					v += mu[classAt(float64(y)+(float64(sy)+0.5)/4, float64(x)+(float64(sx)+0.5)/4)]
				}
			}
			raw[y*n+x] = v / 16
			lab[y*n+x] = classAt(float64(y)+0.5, float64(x)+0.5)
		}
	}
	if o.Blur > 0 {
		raw = gaussBlur(raw, n, o.Blur)
	}
	// bias field: a random smooth field, a low-order polynomial in x and y
	b := [5]float64{u(-1, 1), u(-1, 1), u(-1, 1), u(-1, 1), u(-1, 1)}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			fy, fx := 2*float64(y)/float64(n)-1, 2*float64(x)/float64(n)-1
			f := (b[0]*fx + b[1]*fy + b[2]*fx*fy + b[3]*fx*fx + b[4]*fy*fy) / 5
			raw[y*n+x] *= math.Exp(o.Bias * f)
			raw[y*n+x] += o.Noise * r.NormFloat64()
		}
	}
	normalise(raw, img)
}

// jitter moves, with probability p, each boundary pixel (voxel) of an
// image (volume) of side n to the label of a random 4-neighbour
// (6-neighbour) of another class, decided on the original map. Neighbours
// are taken axis by axis from the slowest, -1 then +1.
func jitter(r *rand.Rand, lab []int, n int, p float64) {
	orig := append([]int(nil), lab...)
	other := make([]int, 0, 6)
	for i := range orig {
		other = other[:0]
		for st := len(orig) / n; st >= 1; st /= n {
			c := i / st % n
			for _, d := range [2]int{-1, 1} {
				if c+d >= 0 && c+d < n && orig[i+d*st] != orig[i] {
					other = append(other, orig[i+d*st])
				}
			}
		}
		if len(other) > 0 && r.Float64() < p {
			lab[i] = other[r.IntN(len(other))]
		}
	}
}

// gaussBlur filters an image or volume of side n (n² or n³ values) with a
// separable Gaussian (σ, radius ⌈3σ⌉) along each axis, fastest first,
// replicating the edges.
func gaussBlur(v []float64, n int, sigma float64) []float64 {
	rad := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*rad+1)
	s := 0.0
	for i := range k {
		d := float64(i - rad)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		s += k[i]
	}
	for i := range k {
		k[i] /= s
	}
	src, dst := v, make([]float64, len(v))
	for st := 1; st < len(v); st *= n {
		for i := range dst {
			c := i / st % n // the coordinate along this axis
			a := 0.0
			for t, w := range k {
				a += w * src[i+(clampInt(c+t-rad, 0, n-1)-c)*st]
			}
			dst[i] = a
		}
		if st == 1 { // v stays the caller's
			src, dst = dst, make([]float64, len(v))
		} else {
			src, dst = dst, src
		}
	}
	return src
}
