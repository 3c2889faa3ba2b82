package calib

import (
	"math"
	"math/rand/v2"
)

// SyntheticVolumes draws the synthetic task in 3-D: volumes (N, 1, S, S,
// S) with S = Size (16 by default; N 32 by default), four classes as in
// Synthetic: an ellipsoid shell (class 1) around a nested ellipsoid (class
// 2) and a third ellipsoid (class 3) touching the shell from outside, at
// random positions, sizes and 3-D orientations, with random class
// intensities. Voxels are rendered from a 4×4×4 supersampling (partial
// volume) and labelled by the class at their centre; then a 3-D Gaussian
// blur, a smooth multiplicative bias field (a quadratic polynomial in x, y
// and z), Gaussian noise, and with probability Jitter each boundary
// voxel's label moves to that of one of its 6-neighbours of another class.
// Volumes are normalised to zero mean and unit variance.
func SyntheticVolumes(opt SynthOptions) (*Dataset, error) {
	return drawSet(opt.volumeDefaults(), false, true)
}

// SyntheticVolumeSplits is SyntheticSplits for volumes: train, validation
// and test sets of N, N/4 and N/2 volumes (seeds Seed, Seed+1000,
// Seed+2000), the test set with clean Labels and, when Jitter > 0,
// Annotated labels jittered as the training labels are.
func SyntheticVolumeSplits(opt SynthOptions) (train, val, test *Dataset, err error) {
	return splits(opt.volumeDefaults(), true)
}

func (o SynthOptions) volumeDefaults() SynthOptions {
	if o.N == 0 {
		o.N = 32
	}
	if o.Size == 0 {
		o.Size = 16
	}
	return o.defaults()
}

// ellipsoid is a solid ellipsoid: centre c, semi-axes r along the rows of
// the rotation rot.
type ellipsoid struct {
	c, r [3]float64
	rot  [3][3]float64
}

func (e *ellipsoid) inside(p [3]float64) bool {
	d := [3]float64{p[0] - e.c[0], p[1] - e.c[1], p[2] - e.c[2]}
	s := 0.0
	for i := range 3 {
		u := (e.rot[i][0]*d[0] + e.rot[i][1]*d[1] + e.rot[i][2]*d[2]) / e.r[i]
		s += u * u
	}
	return s <= 1
}

// randomRotation is a uniformly distributed rotation, from a uniform unit
// quaternion (Shoemake's method).
func randomRotation(r *rand.Rand) [3][3]float64 {
	u1, u2, u3 := r.Float64(), 2*math.Pi*r.Float64(), 2*math.Pi*r.Float64()
	a, b := math.Sqrt(1-u1), math.Sqrt(u1)
	x, y, z, w := a*math.Sin(u2), a*math.Cos(u2), b*math.Sin(u3), b*math.Cos(u3)
	return [3][3]float64{
		{1 - 2*(y*y+z*z), 2 * (x*y - z*w), 2 * (x*z + y*w)},
		{2 * (x*y + z*w), 1 - 2*(x*x+z*z), 2 * (y*z - x*w)},
		{2 * (x*z - y*w), 2 * (y*z + x*w), 1 - 2*(x*x+y*y)},
	}
}

func synthVolume(r *rand.Rand, o SynthOptions, img []float32, lab []int) {
	S := float64(o.Size)
	u := func(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }
	u3 := func(lo, hi float64) [3]float64 { return [3]float64{u(lo, hi) * S, u(lo, hi) * S, u(lo, hi) * S} }
	// Radii are a little larger relative to the side than in 2-D: a 16³
	// volume has few voxels across each structure.
	outer := ellipsoid{c: u3(0.4, 0.6), r: u3(0.24, 0.32), rot: randomRotation(r)}
	thick := u(0.3, 0.45)
	inner := ellipsoid{rot: outer.rot}
	for i := range 3 {
		inner.c[i] = outer.c[i] + u(-0.03, 0.03)*S
		inner.r[i] = outer.r[i] * (1 - thick)
	}
	// the touching structure: centred just outside the shell in a random
	// direction, overlapping it slightly; the shell is painted over it
	third := ellipsoid{r: u3(0.14, 0.2), rot: randomRotation(r)}
	dir := [3]float64{r.NormFloat64(), r.NormFloat64(), r.NormFloat64()}
	norm := math.Sqrt(dir[0]*dir[0]+dir[1]*dir[1]+dir[2]*dir[2]) + 1e-12
	dist := max(outer.r[0], outer.r[1], outer.r[2]) + 0.7*min(third.r[0], third.r[1], third.r[2])
	for i := range 3 {
		third.c[i] = outer.c[i] + dist*dir[i]/norm
	}
	mu := [4]float64{u(0.05, 0.2), u(0.4, 0.5), u(0.85, 1), u(0.62, 0.75)}
	classAt := func(p [3]float64) int {
		switch {
		case inner.inside(p):
			return 2
		case outer.inside(p):
			return 1
		case third.inside(p):
			return 3
		}
		return 0
	}
	n := o.Size
	raw := make([]float64, n*n*n)
	for z := 0; z < n; z++ {
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				v := 0.0
				for sz := 0; sz < 4; sz++ {
					for sy := 0; sy < 4; sy++ {
						for sx := 0; sx < 4; sx++ {
							v += mu[classAt([3]float64{float64(z) + (float64(sz)+0.5)/4, float64(y) + (float64(sy)+0.5)/4, float64(x) + (float64(sx)+0.5)/4})]
						}
					}
				}
				i := (z*n+y)*n + x
				raw[i] = v / 64
				lab[i] = classAt([3]float64{float64(z) + 0.5, float64(y) + 0.5, float64(x) + 0.5})
			}
		}
	}
	if o.Blur > 0 {
		raw = gaussBlur(raw, n, o.Blur)
	}
	var b [9]float64
	for i := range b {
		b[i] = u(-1, 1)
	}
	for z := 0; z < n; z++ {
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				fz, fy, fx := 2*float64(z)/float64(n)-1, 2*float64(y)/float64(n)-1, 2*float64(x)/float64(n)-1
				f := (b[0]*fx + b[1]*fy + b[2]*fz + b[3]*fx*fy + b[4]*fy*fz + b[5]*fx*fz + b[6]*fx*fx + b[7]*fy*fy + b[8]*fz*fz) / 9
				i := (z*n+y)*n + x
				raw[i] *= math.Exp(o.Bias * f)
				raw[i] += o.Noise * r.NormFloat64()
			}
		}
	}
	normalise(raw, img)
}

// normalise writes v scaled to zero mean and unit variance into out.
func normalise(v []float64, out []float32) {
	mean, sd := 0.0, 0.0
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	sd = math.Sqrt(sd/float64(len(v))) + 1e-8
	for i, x := range v {
		out[i] = float32((x - mean) / sd)
	}
}
