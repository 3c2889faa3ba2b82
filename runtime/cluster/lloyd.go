package cluster

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/yaknb/yak/runtime/gemm"
	"github.com/yaknb/yak/runtime/parallel"
)

// chunkRows is how many points one gemm call scores against all centres:
// the chunk's score block (chunkRows×k) stays in cache for the arg-min scan.
const chunkRows = 256

// dataset keeps the points augmented with a column of ones, so that one gemm
// against centres stored as [-2c | ‖c‖²] gives ‖c‖² - 2x·c directly: the
// squared distance less ‖x‖², which does not change the arg-min.
type dataset struct {
	ctx   context.Context // stops a fit between chunks and iterations
	x     []float32
	n, d  int
	aug   []float32 // n×(d+1): [x | 1]
	xnorm []float64 // ‖x‖²
}

func newDataset(ctx context.Context, x []float32, n, d int) *dataset {
	ds := &dataset{ctx: ctx, x: x, n: n, d: d, aug: make([]float32, n*(d+1)), xnorm: make([]float64, n)}
	for i := 0; i < n; i++ {
		row := x[i*d : (i+1)*d]
		copy(ds.aug[i*(d+1):], row)
		ds.aug[i*(d+1)+d] = 1
		var s float64
		for _, v := range row {
			s += float64(v) * float64(v)
		}
		ds.xnorm[i] = s
	}
	return ds
}

// centroids holds the centres and their augmented transpose ((d+1)×k), so
// that the gemm reads its B operand without a transposing pack.
type centroids struct {
	c    []float32
	k, d int
	augT []float32
}

func newCentroids(c []float32, k, d int) *centroids {
	cs := &centroids{c: c, k: k, d: d, augT: make([]float32, (d+1)*k)}
	cs.refresh()
	return cs
}

func (cs *centroids) refresh() {
	k, d := cs.k, cs.d
	for j := 0; j < k; j++ {
		row := cs.c[j*d : (j+1)*d]
		var s float64
		for p, v := range row {
			cs.augT[p*k+j] = -2 * v
			s += float64(v) * float64(v)
		}
		cs.augT[d*k+j] = float32(s)
	}
}

// singleThreaded returns the gemm in use restricted to one goroutine, for
// callers that already split their work over the cores.
func singleThreaded() gemm.Impl {
	cur := gemm.Current()
	if impl, err := gemm.New(cur.Name(), 1); err == nil {
		return impl
	}
	return cur
}

// assign sets labels[i] to the nearest centre of point i and dist[i] to the
// squared distance from the expanded form (clamped at 0: rounding can make
// it slightly negative for a point sitting on its centre).
func (cs *centroids) assign(ds *dataset, labels []int, dist []float32, threads int) {
	g := singleThreaded()
	k, d1 := cs.k, cs.d+1
	chunks := (ds.n + chunkRows - 1) / chunkRows
	// The centres are the B of every chunk's product: pack them once.
	product := func(rows int, a, score []float32) {
		g.Sgemm(false, false, rows, k, d1, 1, a, d1, cs.augT, k, 0, score, k)
	}
	if pk, ok := g.(gemm.Packer); ok {
		pb := pk.PackB(false, d1, k, cs.augT, k)
		product = func(rows int, a, score []float32) {
			pk.SgemmPackedB(false, rows, 1, a, d1, pb, 0, score, k)
		}
	}
	forChunks(ds.ctx, threads, chunks, func() func(ch int) {
		score := make([]float32, chunkRows*k)
		return func(ch int) {
			i0 := ch * chunkRows
			rows := min(chunkRows, ds.n-i0)
			product(rows, ds.aug[i0*d1:(i0+rows)*d1], score)
			for r := 0; r < rows; r++ {
				j, v := argmin(score[r*k : (r+1)*k])
				labels[i0+r] = j
				dist[i0+r] = float32(max(0, ds.xnorm[i0+r]+float64(v)))
			}
		}
	})
}

// argminGo continues an arg-min from index `from` with the best so far.
func argminGo(s []float32, from, best int, bv float32) (int, float32) {
	for j := from; j < len(s); j++ {
		if s[j] < bv {
			best, bv = j, s[j]
		}
	}
	return best, bv
}

// forChunks runs chunks 0..n-1 on up to threads goroutines, each taking the
// next chunk when done (a descheduled goroutine on a shared machine then
// delays one chunk, not half the work). worker is called once per goroutine
// for its own scratch space. A stop or a panic ends the fit (see stopped).
func forChunks(ctx context.Context, threads, n int, worker func() func(ch int)) {
	threads = max(1, min(threads, n))
	fs := make([]func(ch int), threads)
	err := parallel.Chunks(ctx, threads, n, 1, func(w, lo, _ int) {
		if fs[w] == nil {
			fs[w] = worker()
		}
		fs[w](lo)
	})
	if err != nil {
		panic(stopped{err})
	}
}

// forRanges splits [0,n) into one contiguous range per goroutine and waits.
func forRanges(ctx context.Context, threads, n int, f func(lo, hi int)) {
	if err := parallel.Ranges(ctx, threads, n, func(_, lo, hi int) { f(lo, hi) }); err != nil {
		panic(stopped{err})
	}
}

// stopped carries a cancelled context or a worker's panic from deep inside
// a fit to the exported function that started it (catch), which returns it.
type stopped struct{ err error }

// catch turns a stopped panic into *err, prefixed with what stopped.
func catch(what string, err *error) {
	if r := recover(); r != nil {
		s, ok := r.(stopped)
		if !ok {
			panic(r)
		}
		if errors.Is(s.err, context.Canceled) || errors.Is(s.err, context.DeadlineExceeded) {
			*err = fmt.Errorf("cluster: %s stopped: %w", what, s.err)
			return
		}
		*err = fmt.Errorf("cluster: %s: %w", what, s.err)
	}
}

// checkStop ends the fit when ctx is done (between iterations).
func checkStop(ctx context.Context) {
	if err := ctx.Err(); err != nil {
		panic(stopped{err})
	}
}

// lloyd alternates assignment and centre update as scikit-learn's "lloyd"
// does, so that iteration counts compare: stop when no label changes or the
// total squared centre shift is at most Tol × the mean per-column variance.
func (ds *dataset) lloyd(centers []float32, opt Options) *Model {
	k, d, n := opt.K, ds.d, ds.n
	cs := newCentroids(centers, k, d)
	labels, prev := make([]int, n), make([]int, n)
	dist := make([]float32, n)
	next := make([]float32, k*d)
	tol := -1.0
	if opt.Tol >= 0 {
		tol = opt.Tol * ds.meanVariance()
	}
	m := &Model{K: k, Dim: d}
	strict := false
	for it := 0; it < opt.MaxIter; it++ {
		checkStop(ds.ctx)
		cs.assign(ds, labels, dist, opt.Threads)
		ds.update(labels, dist, next, k, opt.Threads)
		shift := 0.0
		for i, v := range next {
			dv := float64(v) - float64(cs.c[i])
			shift += dv * dv
		}
		copy(cs.c, next)
		cs.refresh()
		m.Iter = it + 1
		if it > 0 && slices.Equal(labels, prev) {
			strict = true
			break
		}
		if shift <= tol {
			m.Converged = true
			break
		}
		labels, prev = prev, labels
	}
	if strict {
		m.Converged = true
	} else {
		// Labels must belong to the final centres, not the ones before them.
		cs.assign(ds, labels, dist, opt.Threads)
	}
	m.Centers, m.Labels = cs.c, labels
	for i, c := range labels {
		m.Inertia += sqDist(ds.x[i*d:(i+1)*d], cs.c[c*d:(c+1)*d])
	}
	return m
}

// update sets next to the mean of each cluster's points, summed in float64
// in point order (so the result does not depend on the thread count). An
// empty cluster takes the point farthest from its centre, as in
// scikit-learn, so that no centre is wasted.
func (ds *dataset) update(labels []int, dist []float32, next []float32, k, threads int) {
	d := ds.d
	start := make([]int, k+1)
	for _, c := range labels {
		start[c+1]++
	}
	for c := 0; c < k; c++ {
		start[c+1] += start[c]
	}
	order := make([]int, ds.n)
	fill := slices.Clone(start[:k])
	for i, c := range labels {
		order[fill[c]] = i
		fill[c]++
	}
	forRanges(ds.ctx, threads, k, func(lo, hi int) {
		sum := make([]float64, d)
		for c := lo; c < hi; c++ {
			members := order[start[c]:start[c+1]]
			if len(members) == 0 {
				continue
			}
			clear(sum)
			for _, i := range members {
				for p, v := range ds.x[i*d : (i+1)*d] {
					sum[p] += float64(v)
				}
			}
			inv := 1 / float64(len(members))
			for p, s := range sum {
				next[c*d+p] = float32(s * inv)
			}
		}
	})
	var empty []int
	for c := 0; c < k; c++ {
		if start[c] == start[c+1] {
			empty = append(empty, c)
		}
	}
	if len(empty) == 0 {
		return
	}
	far := make([]int, ds.n)
	for i := range far {
		far[i] = i
	}
	slices.SortStableFunc(far, func(a, b int) int {
		switch {
		case dist[a] > dist[b]:
			return -1
		case dist[a] < dist[b]:
			return 1
		}
		return 0
	})
	for e, c := range empty {
		i := far[e]
		copy(next[c*d:(c+1)*d], ds.x[i*d:(i+1)*d])
	}
}

// meanVariance is the mean over columns of each column's variance, the
// scale scikit-learn multiplies its tolerance by.
func (ds *dataset) meanVariance() float64 {
	n, d := ds.n, ds.d
	var total float64
	for p := 0; p < d; p++ {
		var s, s2 float64
		for i := 0; i < n; i++ {
			v := float64(ds.x[i*d+p])
			s += v
			s2 += v * v
		}
		mean := s / float64(n)
		total += math.Max(0, s2/float64(n)-mean*mean)
	}
	return total / float64(d)
}
