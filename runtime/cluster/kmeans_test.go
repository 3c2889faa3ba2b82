package cluster_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yaknb/yak/runtime/cluster"
)

// blobs returns n points around k well-separated centres in dim dimensions
// and the true blob of each point.
func blobs(seed uint64, n, k, dim int, spread float64) ([]float32, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := make([]float64, k*dim)
	for i := range centres {
		centres[i] = rng.Float64() * 100
	}
	x := make([]float32, n*dim)
	truth := make([]int, n)
	for i := 0; i < n; i++ {
		c := i % k
		truth[i] = c
		for p := 0; p < dim; p++ {
			x[i*dim+p] = float32(centres[c*dim+p] + rng.NormFloat64()*spread)
		}
	}
	return x, truth
}

func TestKMeansRecoversBlobs(t *testing.T) {
	x, truth := blobs(1, 600, 5, 3, 0.5)
	m, err := cluster.KMeans(context.Background(), x, 600, 3, cluster.Options{K: 5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	// Same partition up to renaming: each true blob maps to one cluster.
	mapping := map[int]int{}
	for i, c := range m.Labels {
		if prev, ok := mapping[truth[i]]; ok && prev != c {
			t.Fatalf("blob %d split between clusters %d and %d", truth[i], prev, c)
		}
		mapping[truth[i]] = c
	}
	if len(mapping) != 5 {
		t.Fatalf("found %d clusters, want 5", len(mapping))
	}
	if !m.Converged {
		t.Errorf("did not converge in %d iterations", m.Iter)
	}
	// Inertia is the exact sum of squared distances to the assigned centres.
	var want float64
	for i, c := range m.Labels {
		for p := 0; p < 3; p++ {
			d := float64(x[i*3+p]) - float64(m.Centers[c*3+p])
			want += d * d
		}
	}
	if math.Abs(m.Inertia-want) > 1e-9*want {
		t.Errorf("inertia %g, recomputed %g", m.Inertia, want)
	}
	// 600 points with variance 0.25 per axis in 3 axes: about 450.
	if m.Inertia < 300 || m.Inertia > 600 {
		t.Errorf("inertia %g far from the expected ~450", m.Inertia)
	}
}

func TestLloydByHand(t *testing.T) {
	x := []float32{0, 1, 10, 11}
	m, err := cluster.Lloyd(context.Background(), x, 4, 1, []float32{0, 10}, 2, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Centers, []float32{0.5, 10.5}) || !slices.Equal(m.Labels, []int{0, 0, 1, 1}) || m.Inertia != 1 {
		t.Fatalf("centres %v labels %v inertia %g; want [0.5 10.5] [0 0 1 1] 1", m.Centers, m.Labels, m.Inertia)
	}
}

func TestEmptyClusterTakesFarthestPoint(t *testing.T) {
	// Centre 2 at 1000 attracts nothing; it must move to the point farthest
	// from its centre (100, far from the mean of the others).
	x := []float32{0, 1, 2, 3, 100}
	m, err := cluster.Lloyd(context.Background(), x, 5, 1, []float32{1, 2, 1000}, 3, cluster.Options{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(m.Centers, 100) {
		t.Fatalf("centres %v: the empty cluster was not moved to the farthest point", m.Centers)
	}
}

func TestAssignmentMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n, dim, k := 700, 13, 37
	x := make([]float32, n*dim)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	m, err := cluster.KMeans(context.Background(), x, n, dim, cluster.Options{K: k, Seed: 1, MaxIter: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range m.Labels {
		best, bd := 0, math.Inf(1)
		for c := 0; c < k; c++ {
			var d float64
			for p := 0; p < dim; p++ {
				v := float64(x[i*dim+p]) - float64(m.Centers[c*dim+p])
				d += v * v
			}
			if d < bd {
				best, bd = c, d
			}
		}
		if got != best {
			var dg float64
			for p := 0; p < dim; p++ {
				v := float64(x[i*dim+p]) - float64(m.Centers[got*dim+p])
				dg += v * v
			}
			if dg-bd > 1e-4*(1+bd) { // only a float near-tie may differ
				t.Fatalf("point %d: label %d at %g, nearest is %d at %g", i, got, dg, best, bd)
			}
		}
	}
	pred, err := m.Predict(x, n)
	if err != nil || !slices.Equal(pred, m.Labels) {
		t.Fatalf("Predict on the training points differs from Labels (err %v)", err)
	}
	c, _, err := m.Nearest(x[:dim])
	if err != nil || c != m.Labels[0] {
		t.Fatalf("Nearest(point 0) = %d, %v; label is %d", c, err, m.Labels[0])
	}
}

func TestDeterministic(t *testing.T) {
	x, _ := blobs(2, 3000, 40, 8, 5)
	var first *cluster.Model
	for _, th := range []int{1, 2, 3, 1} {
		m, err := cluster.KMeans(context.Background(), x, 3000, 8, cluster.Options{K: 40, Seed: 11, Threads: th, MaxIter: 20})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = m
			continue
		}
		if !slices.Equal(m.Labels, first.Labels) || !slices.Equal(m.Centers, first.Centers) || m.Inertia != first.Inertia {
			t.Fatalf("threads=%d gives a different clustering than threads=1", th)
		}
	}
	other, _ := cluster.KMeans(context.Background(), x, 3000, 8, cluster.Options{K: 40, Seed: 12, MaxIter: 20})
	if slices.Equal(other.Centers, first.Centers) {
		t.Errorf("seeds 11 and 12 gave identical centres: the seed is ignored")
	}
}

func TestRepresentatives(t *testing.T) {
	x, _ := blobs(4, 200, 4, 2, 1)
	m, err := cluster.KMeans(context.Background(), x, 200, 2, cluster.Options{K: 4, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	reps, err := m.Representatives(x, 200)
	if err != nil {
		t.Fatal(err)
	}
	for c, i := range reps {
		if i < 0 || m.Labels[i] != c {
			t.Fatalf("representative of cluster %d is point %d (label %d)", c, i, m.Labels[max(i, 0)])
		}
	}
}

func TestErrors(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		name string
		x    []float32
		n, d int
		opt  cluster.Options
		want error
	}{
		{"empty", nil, 0, 2, cluster.Options{K: 1}, cluster.ErrEmpty},
		{"k > n", []float32{1, 2, 3, 4}, 2, 2, cluster.Options{K: 3}, cluster.ErrTooFewPts},
		{"NaN", []float32{1, nan, 3, 4}, 2, 2, cluster.Options{K: 1}, cluster.ErrNotFinite},
		{"Inf", []float32{1, float32(math.Inf(-1))}, 2, 1, cluster.Options{K: 1}, cluster.ErrNotFinite},
		{"ragged", []float32{1, 2, 3}, 2, 2, cluster.Options{K: 1}, cluster.ErrShape},
		{"k = 0", []float32{1, 2}, 1, 2, cluster.Options{K: 0}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := cluster.KMeans(context.Background(), c.x, c.n, c.d, c.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("error %q is not %q", err, c.want)
			}
		})
	}
}

func BenchmarkKMeans(b *testing.B) {
	x, _ := blobs(5, 30000, 2000, 100, 20)
	for b.Loop() {
		if _, err := cluster.KMeans(context.Background(), x, 30000, 100, cluster.Options{K: 2000, Seed: 1, MaxIter: 10, Tol: -1}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDuplicatesAndKEqualsN(t *testing.T) {
	// Six points, only three distinct: k-means++ runs out of points at
	// positive distance and Lloyd meets empty clusters; neither may fail.
	x := []float32{0, 0, 0, 0, 5, 5, 5, 5, 9, 9, 9, 9}
	for _, k := range []int{3, 4, 6} {
		m, err := cluster.KMeans(context.Background(), x, 6, 2, cluster.Options{K: k, Seed: 2, Threads: 4})
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		if m.Inertia != 0 {
			t.Errorf("k=%d: inertia %g, want 0 (every point sits on a centre)", k, m.Inertia)
		}
		for i, c := range m.Labels {
			if m.Centers[c*2] != x[i*2] {
				t.Fatalf("k=%d: point %d (%v) assigned to centre %v", k, i, x[i*2], m.Centers[c*2])
			}
		}
	}
}

func TestKMeansStops(t *testing.T) {
	x, _ := blobs(3, 3000, 40, 8, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, err := cluster.KMeans(ctx, x, 3000, 8, cluster.Options{K: 40, Seed: 1})
	if m != nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("KMeans on a cancelled context: model %v, error %v", m, err)
	}

	// Cancelled in the middle of a long fit: uniform points in the plane
	// with many centres keep changing labels for hundreds of iterations.
	rng := rand.New(rand.NewPCG(4, 4))
	const n, k = 40000, 500
	x = make([]float32, 2*n)
	for i := range x {
		x[i] = rng.Float32()
	}
	ctx, cancel = context.WithCancel(context.Background())
	stop := time.AfterFunc(50*time.Millisecond, cancel)
	defer stop.Stop()
	start := time.Now()
	m, err = cluster.Lloyd(ctx, x, n, 2, x[:2*k], k, cluster.Options{MaxIter: 1 << 30, Tol: -1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Lloyd cancelled after 50 ms: %v (model %v)", err, m != nil)
	}
	t.Logf("Lloyd stopped %v after the cancel", time.Since(start)-50*time.Millisecond)
}
