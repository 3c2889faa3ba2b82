package drm

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/yaknb/yak/runtime/data"
)

// centroid is the intensity-weighted mean position (row, column).
func centroid(img []float32, h, w int) (float64, float64) {
	var s, sy, sx float64
	for i := range h {
		for j := range w {
			v := float64(img[i*w+j])
			s += v
			sy += v * float64(i)
			sx += v * float64(j)
		}
	}
	return sy / s, sx / s
}

func TestRotateAngles(t *testing.T) {
	const h, w = 28, 28
	src := make([]float32, h*w)
	// A 2×2 blob 8 pixels right of the centre (13.5, 13.5).
	for _, p := range [][2]int{{13, 21}, {13, 22}, {14, 21}, {14, 22}} {
		src[p[0]*w+p[1]] = 1
	}
	for _, deg := range []float64{0, 15, 30, 45, 60, 75, 90, -30} {
		dst := make([]float32, h*w)
		Rotate(dst, src, h, w, deg)
		cy, cx := centroid(dst, h, w)
		// Counter-clockwise as displayed: up (smaller row) is positive.
		got := math.Atan2(13.5-cy, cx-13.5) * 180 / math.Pi
		if math.Abs(got-deg) > 1.5 {
			t.Errorf("rotate %g°: blob at angle %.2f°", deg, got)
		}
		if r := math.Hypot(13.5-cy, cx-13.5); math.Abs(r-8) > 0.3 {
			t.Errorf("rotate %g°: blob at radius %.2f, want 8", deg, r)
		}
	}
	dst := make([]float32, h*w)
	Rotate(dst, src, h, w, 0)
	for i := range src {
		if dst[i] != src[i] {
			t.Fatalf("rotation by 0° changed pixel %d: %v -> %v", i, src[i], dst[i])
		}
	}
}

func TestColorRules(t *testing.T) {
	const n = 20000
	imgs := make([][]float32, n)
	digits := make([]int, n)
	img := make([]float32, 28*28)
	for i := range img {
		img[i] = float32(i%28+1) / 100 // pixel (r, c) = (c+1)/100
	}
	for i := range imgs {
		imgs[i], digits[i] = img, i%10
	}
	for _, flip := range []float64{0.1, 0.2, 0.9} {
		d := colorDomain("e", imgs, digits, flip, 0.25, 3)
		noisy, flipped := 0, 0
		for k := range n {
			clean := 0
			if digits[k] < 5 {
				clean = 1
			}
			if d.Y[k] != clean {
				noisy++
			}
			x := d.X[k*392 : (k+1)*392]
			colour := 1 // channel 1 holds the image
			if x[196] == 0 {
				colour = 0
			}
			other := x[(1-colour)*196 : (2-colour)*196]
			for _, v := range other {
				if v != 0 {
					t.Fatalf("sample %d: the channel that is not the colour is not zero", k)
				}
			}
			// 14×14: every other column of the 28×28 source.
			if got := x[colour*196+3]; got != img[6] {
				t.Fatalf("sample %d: downsampled pixel (0, 3) = %v, want source (0, 6) = %v", k, got, img[6])
			}
			if colour != d.Y[k] {
				flipped++
			}
		}
		if r := float64(noisy) / n; math.Abs(r-0.25) > 0.015 {
			t.Errorf("flip %g: label noise rate %.3f, want 0.25", flip, r)
		}
		if r := float64(flipped) / n; math.Abs(r-flip) > 0.015 {
			t.Errorf("flip %g: colour disagrees with label at rate %.3f, want %g", flip, r, flip)
		}
	}
}

func TestRotatedMNIST(t *testing.T) {
	md, err := RotatedMNIST(nil, MNISTOptions{PerDomain: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := md.DomainNames(); len(got) != 6 || got[0] != "0°" || got[5] != "75°" {
		t.Fatalf("domains %v, want 0° … 75°", got)
	}
	for _, d := range md.Domains {
		if d.N != 200 {
			t.Errorf("domain %s has %d images, want 200", d.Name, d.N)
		}
	}
	if md.C != 1 || md.H != 28 || md.Classes != 10 {
		t.Errorf("shape (%d, %d, %d), %d classes", md.C, md.H, md.W, md.Classes)
	}
	if _, err := RotatedMNIST(nil, MNISTOptions{PerDomain: 5000}); !errors.Is(err, ErrData) {
		t.Errorf("6 × 5000 images from 10,000: got %v, want ErrData", err)
	}
}

func TestColoredMNIST(t *testing.T) {
	md, err := ColoredMNIST(nil, MNISTOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := md.DomainNames(); got[0] != "+90%" || got[1] != "+80%" || got[2] != "-90%" {
		t.Errorf("domains %v, want DomainBed's +90%%, +80%%, -90%%", got)
	}
	if len(md.Domains) != 3 || md.C != 2 || md.H != 14 || md.W != 14 || md.Classes != 2 {
		t.Fatalf("%d domains of (%d, %d, %d), %d classes", len(md.Domains), md.C, md.H, md.W, md.Classes)
	}
	for i, d := range md.Domains {
		agree := 0
		for k := range d.N {
			colour := 0
			if sum(d.X[k*392+196:(k+1)*392]) > 0 {
				colour = 1
			}
			if colour == d.Y[k] {
				agree++
			}
		}
		want := 1 - ColoredMNISTFlips[i]
		if r := float64(agree) / float64(d.N); math.Abs(r-want) > 0.03 {
			t.Errorf("domain %s: colour agrees with label %.3f of the time, want %.2f", d.Name, r, want)
		}
	}
}

func sum(x []float32) float64 {
	s := 0.0
	for _, v := range x {
		s += float64(v)
	}
	return s
}

func TestBadData(t *testing.T) {
	two := func() *MultiDomain {
		return &MultiDomain{Name: "t", C: 1, H: 1, W: 2, Classes: 2, Domains: []*Domain{
			{Name: "a", X: []float32{1, 2, 3, 4}, Y: []int{0, 1}, N: 2},
			{Name: "b", X: []float32{1, 2, 3, 4}, Y: []int{0, 1}, N: 2}}}
	}
	if err := two().Validate(); err != nil {
		t.Fatalf("valid data: %v", err)
	}
	cases := map[string]func(m *MultiDomain){
		"one domain":    func(m *MultiDomain) { m.Domains = m.Domains[:1] },
		"empty domain":  func(m *MultiDomain) { m.Domains[1] = &Domain{Name: "b"} },
		"shape":         func(m *MultiDomain) { m.W = 3 },
		"labels":        func(m *MultiDomain) { m.Domains[0].Y = []int{0} },
		"label range":   func(m *MultiDomain) { m.Domains[0].Y[1] = 2 },
		"one class":     func(m *MultiDomain) { m.Classes = 1 },
		"not finite":    func(m *MultiDomain) { m.Domains[0].X[0] = float32(math.NaN()) },
		"nil domain":    func(m *MultiDomain) { m.Domains[0] = nil },
		"zero channels": func(m *MultiDomain) { m.C = 0 },
	}
	for name, spoil := range cases {
		m := two()
		spoil(m)
		if err := m.Validate(); !errors.Is(err, ErrData) {
			t.Errorf("%s: got %v, want ErrData", name, err)
		}
	}
	if _, err := FromRows("r", [][]float64{{1, 2}, {3}}, []int{0, 1}, []string{"a", "b"}); !errors.Is(err, ErrData) {
		t.Errorf("ragged rows: got %v", err)
	}
	if _, err := FromRows("r", [][]float64{{1, 2}, {3, 4}}, []int{0, 1}, []string{"a", "a"}); !errors.Is(err, ErrData) {
		t.Errorf("one domain: got %v", err)
	}
	m, err := FromRows("r", [][]float64{{1, 2}, {3, 4}, {5, 6}}, []int{0, 1, 1}, []string{"x", "y", "x"})
	if err != nil || len(m.Domains) != 2 || m.Domains[0].N != 2 || m.Domains[1].X[1] != 4 {
		t.Errorf("FromRows: %+v, %v", m, err)
	}
}

func TestFromDataset(t *testing.T) {
	csv := "a,site,b,label\n1,2,3,x\n4,1,6,y\n7,2,9,y\n0,1,0,x\n"
	ds, err := data.ParseCSV(strings.NewReader(csv), "t.csv", data.CSVOptions{Label: "label"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := FromDataset(ds, "site")
	if err != nil {
		t.Fatal(err)
	}
	if m.W != 2 || len(m.Domains) != 2 || m.Domains[0].Name != "1" || m.Domains[1].N != 2 || m.Classes != 2 {
		t.Fatalf("FromDataset: W %d, domains %v, classes %d", m.W, m.DomainNames(), m.Classes)
	}
	// Domain "1" holds rows 2 and 4: (4, 6) and (0, 0); the site column is gone.
	if got := m.Domains[0].X; got[0] != 4 || got[1] != 6 || got[2] != 0 {
		t.Errorf("domain 1 features %v", got)
	}
	if _, err := FromDataset(ds, "nope"); !errors.Is(err, ErrData) {
		t.Errorf("missing column: %v", err)
	}
}

func TestRotatedFashionMNISTLoader(t *testing.T) {
	// Fashion-MNIST has MNIST's IDX layout; the shipped MNIST files stand in
	// for it, so the test needs no data beyond the repository.
	md, err := RotatedFashionMNIST([]float64{0, 45}, MNISTOptions{Dir: "../../notebooks/data/mnist", PerDomain: 50})
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "Rotated Fashion-MNIST" || len(md.Domains) != 2 || md.Domains[1].Name != "45°" || md.Domains[1].N != 50 {
		t.Errorf("%s: %v", md.Name, md.DomainNames())
	}
	saved := FashionDirs
	defer func() { FashionDirs = saved }()
	FashionDirs = []string{t.TempDir()}
	_, err = RotatedFashionMNIST(nil, MNISTOptions{})
	if !errors.Is(err, data.ErrNotFound) || !strings.Contains(err.Error(), "dataset-fashion-mnist") {
		t.Errorf("missing data: %v, want ErrNotFound saying how to get it", err)
	}
}

// TestShareOutAllImages: DomainBed's split gives every domain an equal,
// disjoint share of all 70,000 images, the same for the same seed and
// different for another.
func TestShareOutAllImages(t *testing.T) {
	for _, k := range []int{6, 3} {
		a, err := shareOut(70000, k, 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		seen := make([]bool, 70000)
		for _, p := range a {
			if len(p) != 70000/k {
				t.Fatalf("%d domains: a share of %d images, want %d", k, len(p), 70000/k)
			}
			for _, i := range p {
				if seen[i] {
					t.Fatalf("%d domains: image %d in two domains", k, i)
				}
				seen[i] = true
			}
		}
		b, _ := shareOut(70000, k, 0, 1)
		c, _ := shareOut(70000, k, 0, 2)
		if !slices.Equal(a[0], b[0]) || slices.Equal(a[0], c[0]) {
			t.Errorf("%d domains: seed 1 twice equal %v, seeds 1 and 2 equal %v", k, slices.Equal(a[0], b[0]), slices.Equal(a[0], c[0]))
		}
	}
}

func TestConcatSets(t *testing.T) {
	a := &data.Dataset{X: []float32{1, 2, 3, 4}, N: 2, Dim: 2, Y: []int{0, 1}}
	b := &data.Dataset{X: []float32{5, 6}, N: 1, Dim: 2, Y: []int{7}}
	c := concatSets(a, b)
	if c.N != 3 || !slices.Equal(c.X, []float32{1, 2, 3, 4, 5, 6}) || !slices.Equal(c.Y, []int{0, 1, 7}) {
		t.Fatalf("concat: %+v", c)
	}
}

// TestAllSplit builds Rotated and Colored MNIST from the 70,000 images
// when the full MNIST set is there (../shared/data/mnist beside the
// repository), checking the sizes DomainBed's split gives.
func TestAllSplit(t *testing.T) {
	if _, err := loadIDXSet("", append(MNISTDirs, goMNISTDirs()...), "train", "MNIST", ""); err != nil {
		t.Skipf("the 60,000 training images are not here (%v)", err)
	}
	cm, err := ColoredMNIST(nil, MNISTOptions{Split: "all", Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range cm.Domains {
		if d.N != 70000/3 {
			t.Errorf("Colored MNIST domain %s: %d images, want %d", d.Name, d.N, 70000/3)
		}
	}
	if _, err := RotatedMNIST(nil, MNISTOptions{Split: "every"}); !errors.Is(err, ErrData) {
		t.Errorf("split \"every\": %v, want ErrData", err)
	}
}
