package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"

	"github.com/yaknb/yak/runtime/parallel"
)

// Options configures KMeans. The zero value of each field but K picks the
// default in brackets.
type Options struct {
	K       int     // number of clusters, 1 <= K <= number of points
	MaxIter int     // most Lloyd iterations [300]
	Tol     float64 // stop when the centres move less than Tol times the data's mean variance [1e-4]; < 0 means never
	Seed    uint64  // seeds k-means++; the same seed and data give the same clustering
	// LocalTrials is how many candidates k-means++ draws for each new centre,
	// keeping the one that lowers the potential most [2+ln K, as Arthur and
	// Vassilvitskii suggest and scikit-learn does]; 1 is the classic draw.
	LocalTrials int
	Threads     int // goroutines [GOMAXPROCS]; results do not depend on it
}

// Model is a fitted clustering: K centres of Dim values, row-major.
type Model struct {
	K, Dim    int
	Centers   []float32
	Labels    []int   // the centre of each training point
	Inertia   float64 // sum of squared distances of the points to their centres
	Iter      int     // Lloyd iterations run
	Converged bool    // stopped by Tol or by assignments that no longer change
}

// Errors that KMeans and the queries return, wrapped with details.
var (
	ErrEmpty     = errors.New("cluster: no points")
	ErrShape     = errors.New("cluster: data length is not n×dim")
	ErrTooFewPts = errors.New("cluster: more clusters than points")
	ErrNotFinite = errors.New("cluster: data contains NaN or Inf")
)

// KMeans clusters the n points of x (row-major, n×dim) into opt.K clusters:
// k-means++ initialisation (PlusPlus), then Lloyd iterations until the
// assignments stop changing, the centres move less than the tolerance, or
// MaxIter. A done ctx stops the fit within one iteration (or one new
// centre of the initialisation) and returns an error that wraps ctx.Err().
func KMeans(ctx context.Context, x []float32, n, dim int, opt Options) (*Model, error) {
	init, err := PlusPlus(ctx, x, n, dim, opt)
	if err != nil {
		return nil, err
	}
	return Lloyd(ctx, x, n, dim, init, opt.K, opt)
}

// PlusPlus returns opt.K initial centres (K×dim) chosen from the points by
// greedy k-means++, seeded by opt.Seed.
func PlusPlus(ctx context.Context, x []float32, n, dim int, opt Options) (centers []float32, err error) {
	if err := checkData(x, n, dim); err != nil {
		return nil, err
	}
	if opt.K < 1 {
		return nil, fmt.Errorf("%w: K=%d: ask for at least one cluster", ErrShape, opt.K)
	}
	if opt.K > n {
		return nil, fmt.Errorf("%w: K=%d but only %d points; lower K or add data", ErrTooFewPts, opt.K, n)
	}
	opt = opt.withDefaults()
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x6a09e667f3bcc909))
	defer catch("k-means++", &err)
	return newDataset(orBackground(ctx), x, n, dim).kmeansPP(opt.K, opt.LocalTrials, rng, opt.Threads), nil
}

// Lloyd runs Lloyd iterations from the given initial centres (k×dim; opt.K
// is ignored): to refine a clustering, or to compare from a common start.
func Lloyd(ctx context.Context, x []float32, n, dim int, centers []float32, k int, opt Options) (m *Model, err error) {
	if err := checkData(x, n, dim); err != nil {
		return nil, err
	}
	if k < 1 || len(centers) != k*dim {
		return nil, fmt.Errorf("%w: %d initial centre values for k=%d, dim=%d", ErrShape, len(centers), k, dim)
	}
	if k > n {
		return nil, fmt.Errorf("%w: k=%d but only %d points", ErrTooFewPts, k, n)
	}
	if err := checkFinite(centers, dim, "initial centre"); err != nil {
		return nil, err
	}
	opt.K = k
	defer catch("Lloyd iterations", &err)
	return newDataset(orBackground(ctx), x, n, dim).lloyd(append([]float32(nil), centers...), opt.withDefaults()), nil
}

func orBackground(ctx context.Context) context.Context { return parallel.Bind(ctx) }

func (o Options) withDefaults() Options {
	if o.MaxIter == 0 {
		o.MaxIter = 300
	}
	if o.Tol == 0 {
		o.Tol = 1e-4
	}
	if o.Threads <= 0 {
		o.Threads = runtime.GOMAXPROCS(0)
	}
	if o.LocalTrials <= 0 {
		o.LocalTrials = 2 + int(math.Log(float64(o.K)))
	}
	return o
}

func checkData(x []float32, n, dim int) error {
	if n == 0 || len(x) == 0 {
		return fmt.Errorf("%w: give at least one row", ErrEmpty)
	}
	if n < 0 || dim < 1 || len(x) != n*dim {
		return fmt.Errorf("%w: len=%d, n=%d, dim=%d", ErrShape, len(x), n, dim)
	}
	return checkFinite(x, dim, "point")
}

func checkFinite(x []float32, dim int, what string) error {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%w: %s %d, column %d is %v; drop or impute it first", ErrNotFinite, what, i/dim, i%dim, v)
		}
	}
	return nil
}

// Predict returns the index of the nearest centre for each of the n rows of
// x (n×Dim).
func (m *Model) Predict(x []float32, n int) (_ []int, err error) {
	if err := checkData(x, n, m.Dim); err != nil {
		return nil, err
	}
	defer catch("Predict", &err)
	labels := make([]int, n)
	dist := make([]float32, n)
	newCentroids(m.Centers, m.K, m.Dim).assign(newDataset(context.Background(), x, n, m.Dim), labels, dist, runtime.GOMAXPROCS(0))
	return labels, nil
}

// Nearest returns the centre nearest to the point v and its squared distance.
func (m *Model) Nearest(v []float32) (int, float64, error) {
	if len(v) != m.Dim {
		return 0, 0, fmt.Errorf("%w: point has %d values, centres %d", ErrShape, len(v), m.Dim)
	}
	if err := checkFinite(v, m.Dim, "query"); err != nil {
		return 0, 0, err
	}
	best, bd := 0, math.Inf(1)
	for c := 0; c < m.K; c++ {
		if d := sqDist(v, m.Centers[c*m.Dim:(c+1)*m.Dim]); d < bd {
			best, bd = c, d
		}
	}
	return best, bd, nil
}

// Representatives returns, for each centre, the index of the nearest point
// of x (n×Dim) among those the model assigns to it, or -1 for a centre no
// point of x is nearest to: the "one member per cluster" that prompt search
// and summarisation need.
func (m *Model) Representatives(x []float32, n int) ([]int, error) {
	labels, err := m.Predict(x, n)
	if err != nil {
		return nil, err
	}
	rep := make([]int, m.K)
	best := make([]float64, m.K)
	for c := range rep {
		rep[c], best[c] = -1, math.Inf(1)
	}
	for i, c := range labels {
		if d := sqDist(x[i*m.Dim:(i+1)*m.Dim], m.Centers[c*m.Dim:(c+1)*m.Dim]); d < best[c] {
			rep[c], best[c] = i, d
		}
	}
	return rep, nil
}

// sqDist is the exact squared distance, summed in float64.
func sqDist(a, b []float32) float64 {
	var s float64
	for i, v := range a {
		d := float64(v) - float64(b[i])
		s += d * d
	}
	return s
}
