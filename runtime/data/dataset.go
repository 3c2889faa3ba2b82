package data

import (
	"fmt"
	"math/rand/v2"
)

// Dataset is a table of numeric features with an optional class label per
// row: X is N×Dim, row-major. Y[i] indexes Classes (nil when unlabelled).
type Dataset struct {
	X        []float32
	N, Dim   int
	Y        []int
	Classes  []string // the label value of each class index
	Features []string // column names, when the source had them
}

// Row returns the features of row i (a view, not a copy).
func (d *Dataset) Row(i int) []float32 { return d.X[i*d.Dim : (i+1)*d.Dim] }

// NumClasses is len(Classes).
func (d *Dataset) NumClasses() int { return len(d.Classes) }

// Subset returns the rows idx, in that order, as a new Dataset (copied).
func (d *Dataset) Subset(idx []int) *Dataset {
	out := &Dataset{X: make([]float32, len(idx)*d.Dim), N: len(idx), Dim: d.Dim, Classes: d.Classes, Features: d.Features}
	if d.Y != nil {
		out.Y = make([]int, len(idx))
	}
	for r, i := range idx {
		copy(out.X[r*d.Dim:(r+1)*d.Dim], d.Row(i))
		if d.Y != nil {
			out.Y[r] = d.Y[i]
		}
	}
	return out
}

// Permutation returns a random ordering of 0..n-1 determined by seed.
func Permutation(n int, seed uint64) []int {
	return rand.New(rand.NewPCG(seed, seed^0xbb67ae8584caa73b)).Perm(n)
}

// Shuffle returns the rows in a random order determined by seed.
func (d *Dataset) Shuffle(seed uint64) *Dataset { return d.Subset(Permutation(d.N, seed)) }

// Split shuffles the rows with seed and cuts them into train, validation
// and test parts holding the given fractions of the rows (train gets the
// rest). valFrac or testFrac may be 0, giving an empty part.
func (d *Dataset) Split(valFrac, testFrac float64, seed uint64) (train, val, test *Dataset, err error) {
	if valFrac < 0 || testFrac < 0 || valFrac+testFrac >= 1 {
		return nil, nil, nil, fmt.Errorf("data: split fractions val=%g test=%g must be >= 0 and leave rows for training", valFrac, testFrac)
	}
	perm := Permutation(d.N, seed)
	nVal := int(valFrac*float64(d.N) + 0.5)
	nTest := int(testFrac*float64(d.N) + 0.5)
	if nVal+nTest >= d.N {
		return nil, nil, nil, fmt.Errorf("data: %d rows are too few for val=%g test=%g and a training part", d.N, valFrac, testFrac)
	}
	test = d.Subset(perm[:nTest])
	val = d.Subset(perm[nTest : nTest+nVal])
	train = d.Subset(perm[nTest+nVal:])
	return train, val, test, nil
}

// Batches iterates over mini-batches of a Dataset:
//
//	it := d.Batches(32, seed)
//	for it.Next() {
//		x, y := it.X(), it.Y() // it.Len() rows
//	}
//
// Each call to Reset (a new epoch) draws a new order from the seed and the
// epoch number, so a run is reproducible.
type Batches struct {
	d        *Dataset
	size     int
	seed     uint64
	shuffle  bool
	DropLast bool // skip a final batch smaller than the batch size
	epoch    int
	order    []int
	pos, n   int
	x        []float32
	y        []int
}

// Batches returns an iterator over shuffled mini-batches of size rows.
// A size < 1 panics (a programmer error).
func (d *Dataset) Batches(size int, seed uint64) *Batches {
	return d.newBatches(size, seed, true)
}

// InOrder returns an iterator over mini-batches in row order (evaluation).
func (d *Dataset) InOrder(size int) *Batches { return d.newBatches(size, 0, false) }

func (d *Dataset) newBatches(size int, seed uint64, shuffle bool) *Batches {
	if size < 1 {
		panic(fmt.Sprintf("data: batch size %d < 1", size))
	}
	b := &Batches{d: d, size: size, seed: seed, shuffle: shuffle, epoch: -1}
	b.Reset()
	return b
}

// Reset starts a new epoch.
func (b *Batches) Reset() {
	b.epoch++
	b.pos, b.n = 0, 0
	if !b.shuffle {
		if b.order == nil {
			b.order = make([]int, b.d.N)
			for i := range b.order {
				b.order[i] = i
			}
		}
		return
	}
	b.order = Permutation(b.d.N, b.seed+uint64(b.epoch)*0x9e3779b97f4a7c15)
}

// Epoch is the number of Resets so far (0 in the first epoch).
func (b *Batches) Epoch() int { return b.epoch }

// Next loads the next batch and reports whether there was one.
func (b *Batches) Next() bool {
	rem := b.d.N - b.pos
	if rem <= 0 || (b.DropLast && rem < b.size) {
		return false
	}
	b.n = min(b.size, rem)
	dim := b.d.Dim
	b.x = b.x[:0]
	b.y = b.y[:0]
	for _, i := range b.order[b.pos : b.pos+b.n] {
		b.x = append(b.x, b.d.X[i*dim:(i+1)*dim]...)
		if b.d.Y != nil {
			b.y = append(b.y, b.d.Y[i])
		}
	}
	b.pos += b.n
	return true
}

// Len is the number of rows in the current batch.
func (b *Batches) Len() int { return b.n }

// X is the current batch's features (Len()×Dim); reused by the next call.
func (b *Batches) X() []float32 { return b.x }

// Y is the current batch's labels, nil for an unlabelled Dataset.
func (b *Batches) Y() []int {
	if b.d.Y == nil {
		return nil
	}
	return b.y
}
