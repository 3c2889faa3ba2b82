package drm

import (
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"sort"

	"github.com/yaknb/yak/runtime/data"
)

// ErrData wraps every error about a data set a user passed in: too few
// domains, an empty domain, shapes that do not match, labels out of range.
var ErrData = errors.New("drm: bad data")

// Domain is the samples of one domain (an environment in DomainBed's words):
// N images of shape (C, H, W), flattened row-major into X, with labels Y.
type Domain struct {
	Name string
	X    []float32
	Y    []int
	N    int
}

// Row is sample i's pixels.
func (d *Domain) Row(i, dim int) []float32 { return d.X[i*dim : (i+1)*dim] }

// subset copies the samples idx into a new domain.
func (d *Domain) subset(idx []int, dim int) *Domain {
	out := &Domain{Name: d.Name, X: make([]float32, len(idx)*dim), Y: make([]int, len(idx)), N: len(idx)}
	for k, i := range idx {
		copy(out.X[k*dim:], d.Row(i, dim))
		out.Y[k] = d.Y[i]
	}
	return out
}

// MultiDomain is a data set made of domains that share the input shape and
// the label set: Rotated MNIST, Colored MNIST or a user's table with a domain
// column.
type MultiDomain struct {
	Name    string
	C, H, W int // the input shape of one sample; a table has C = H = 1, W = features
	Classes int
	Domains []*Domain
}

// Dim is the number of values of one sample.
func (m *MultiDomain) Dim() int { return m.C * m.H * m.W }

// DomainNames lists the domains' names in order.
func (m *MultiDomain) DomainNames() []string {
	out := make([]string, len(m.Domains))
	for i, d := range m.Domains {
		out[i] = d.Name
	}
	return out
}

// Validate checks what training needs: at least two domains (one held out
// and one to train on), no empty domain, every domain's X of N*Dim values,
// one label per sample within [0, Classes), at least two classes and finite
// inputs.
func (m *MultiDomain) Validate() error {
	if m == nil {
		return fmt.Errorf("%w: nil data set", ErrData)
	}
	if m.C <= 0 || m.H <= 0 || m.W <= 0 {
		return fmt.Errorf("%w: %s: sample shape (%d, %d, %d) must be positive", ErrData, m.Name, m.C, m.H, m.W)
	}
	if m.Classes < 2 {
		return fmt.Errorf("%w: %s has %d class(es): a classifier needs at least 2", ErrData, m.Name, m.Classes)
	}
	if len(m.Domains) < 2 {
		return fmt.Errorf("%w: %s has %d domain(s): domain generalization needs at least 2 (one to train on, one held out)", ErrData, m.Name, len(m.Domains))
	}
	dim := m.Dim()
	for _, d := range m.Domains {
		if d == nil || d.N == 0 {
			name := "<nil>"
			if d != nil {
				name = d.Name
			}
			return fmt.Errorf("%w: %s: domain %q has no samples: drop it or give it data", ErrData, m.Name, name)
		}
		if len(d.X) != d.N*dim {
			return fmt.Errorf("%w: %s: domain %q has %d values for %d samples of shape (%d, %d, %d); want %d", ErrData, m.Name, d.Name, len(d.X), d.N, m.C, m.H, m.W, d.N*dim)
		}
		if len(d.Y) != d.N {
			return fmt.Errorf("%w: %s: domain %q has %d labels for %d samples", ErrData, m.Name, d.Name, len(d.Y), d.N)
		}
		for i, y := range d.Y {
			if y < 0 || y >= m.Classes {
				return fmt.Errorf("%w: %s: domain %q sample %d has label %d outside [0, %d)", ErrData, m.Name, d.Name, i, y, m.Classes)
			}
		}
		for i, v := range d.X {
			if v != v || v > 1e30 || v < -1e30 {
				return fmt.Errorf("%w: %s: domain %q sample %d has a non-finite input %v", ErrData, m.Name, d.Name, i/dim, v)
			}
		}
	}
	return nil
}

// FromRows builds a multi-domain data set from a table: one row of features
// per sample, its label and its domain (any string; domains are ordered by
// first appearance). Rows must all have the same length.
func FromRows(name string, x [][]float64, y []int, domain []string) (*MultiDomain, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("%w: %s: no rows", ErrData, name)
	}
	if len(y) != len(x) || len(domain) != len(x) {
		return nil, fmt.Errorf("%w: %s: %d rows, %d labels and %d domain values: want one of each per row", ErrData, name, len(x), len(y), len(domain))
	}
	dim := len(x[0])
	if dim == 0 {
		return nil, fmt.Errorf("%w: %s: rows have no features", ErrData, name)
	}
	m := &MultiDomain{Name: name, C: 1, H: 1, W: dim}
	byName := map[string]*Domain{}
	for i, row := range x {
		if len(row) != dim {
			return nil, fmt.Errorf("%w: %s: row %d has %d features, row 0 has %d", ErrData, name, i, len(row), dim)
		}
		d := byName[domain[i]]
		if d == nil {
			d = &Domain{Name: domain[i]}
			byName[domain[i]] = d
			m.Domains = append(m.Domains, d)
		}
		for _, v := range row {
			d.X = append(d.X, float32(v))
		}
		d.Y = append(d.Y, y[i])
		d.N++
		m.Classes = max(m.Classes, y[i]+1)
	}
	return m, m.Validate()
}

// FromDataset splits a runtime/data table (for example from data.ReadCSV)
// by one of its feature columns, which becomes the domain and is removed
// from the features. The label column is the Dataset's label.
func FromDataset(ds *data.Dataset, domainColumn string) (*MultiDomain, error) {
	if ds == nil || ds.N == 0 {
		return nil, fmt.Errorf("%w: empty data set", ErrData)
	}
	if ds.Y == nil {
		return nil, fmt.Errorf("%w: the data set has no labels: name the label column when reading it", ErrData)
	}
	col := -1
	for j, f := range ds.Features {
		if f == domainColumn {
			col = j
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("%w: no feature column %q to take domains from (columns: %v)", ErrData, domainColumn, ds.Features)
	}
	x := make([][]float64, ds.N)
	dom := make([]string, ds.N)
	for i := range ds.N {
		row := ds.Row(i)
		x[i] = make([]float64, 0, ds.Dim-1)
		for j, v := range row {
			if j == col {
				dom[i] = fmt.Sprint(v)
				continue
			}
			x[i] = append(x[i], float64(v))
		}
	}
	m, err := FromRows(domainColumn, x, ds.Y, dom)
	if m != nil {
		m.Classes = max(m.Classes, len(ds.Classes))
		sort.SliceStable(m.Domains, func(a, b int) bool { return m.Domains[a].Name < m.Domains[b].Name })
	}
	return m, err
}

// split holds a training domain out: a fraction frac of it, drawn with
// seed, becomes validation data (DomainBed's holdout_fraction).
func split(d *Domain, dim int, frac float64, seed uint64) (train, val *Domain) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	p := r.Perm(d.N)
	nv := int(frac * float64(d.N))
	if nv < 1 && d.N > 1 {
		nv = 1
	}
	return d.subset(p[nv:], dim), d.subset(p[:nv], dim)
}

// sample is d itself when most is 0 or d has no more than most samples,
// else most of its samples drawn at random with seed, in random order.
func sample(d *Domain, dim, most int, seed uint64) *Domain {
	if most <= 0 || d.N <= most {
		return d
	}
	p := rand.New(rand.NewPCG(seed, 0x5a3b1e)).Perm(d.N)
	return d.subset(p[:most], dim)
}

// Images are the first n samples of domain i as grey images (the first
// channel plus the second, if any, in red), for chart.Images. Pixels are
// taken to lie in [0, 1].
func (m *MultiDomain) Images(i, n int) []image.Image {
	d := m.Domains[i]
	n = min(n, d.N)
	out := make([]image.Image, n)
	px := m.H * m.W
	for k := range n {
		img := image.NewRGBA(image.Rect(0, 0, m.W, m.H))
		x := d.Row(k, m.Dim())
		for p := range px {
			g := clamp8(x[p])
			r := g
			if m.C > 1 {
				r = clamp8(x[px+p])
				g = max(g, r/4)
			}
			img.Pix[4*p], img.Pix[4*p+1], img.Pix[4*p+2], img.Pix[4*p+3] = max(r, g), g, g, 255
		}
		out[k] = img
	}
	return out
}

func clamp8(v float32) uint8 { return uint8(255 * min(1, max(0, v))) }
