package cluster

import (
	"context"
	"math/rand/v2"
	"sort"

	"github.com/yaknb/yak/runtime/gemm"
)

// potChunk fixes how the potential is summed (chunk by chunk, in order), so
// that the candidates chosen do not depend on the thread count.
const potChunk = 4096

// kmeansPP picks k initial centres by greedy k-means++: each new centre is
// the best of `trials` candidates drawn with probability proportional to the
// squared distance to the nearest centre so far, "best" meaning the lowest
// total squared distance once it is added.
func (ds *dataset) kmeansPP(k, trials int, rng *rand.Rand, threads int) []float32 {
	n, d, d1 := ds.n, ds.d, ds.d+1
	centers := make([]float32, k*d)
	// X'ᵀ, (d+1)×n: the candidates are the gemm's few rows and the points its
	// many columns, which fills the 6×16 register tiles far better.
	augT := make([]float32, d1*n)
	for i := 0; i < n; i++ {
		for p := 0; p < d1; p++ {
			augT[p*n+i] = ds.aug[i*d1+p]
		}
	}
	closest := make([]float64, n)
	first := rng.IntN(n)
	copy(centers, ds.x[first*d:(first+1)*d])
	for i := range closest {
		closest[i] = sqDist(ds.x[i*d:(i+1)*d], centers[:d])
	}
	pot := sumChunked(ds.ctx, closest, threads)

	trials = min(trials, n)
	cand := make([]int, trials)
	candAug := make([]float32, trials*d1)
	score := make([]float32, trials*n)
	cum := make([]float64, n)
	chunks := (n + potChunk - 1) / potChunk
	partial := make([]float64, trials*chunks)
	g := gemm.Current()
	// Every round multiplies a few candidates by the same X'ᵀ: pack it once.
	score1 := func() {
		g.Sgemm(false, false, trials, n, d1, 1, candAug, d1, augT, n, 0, score, n)
	}
	if pk, ok := g.(gemm.Packer); ok {
		pb := pk.PackB(false, d1, n, augT, n)
		score1 = func() { pk.SgemmPackedB(false, trials, 1, candAug, d1, pb, 0, score, n) }
	}
	for c := 1; c < k; c++ {
		checkStop(ds.ctx)
		var run float64
		for i, v := range closest {
			run += v
			cum[i] = run
		}
		for t := range cand {
			r := rng.Float64() * pot
			cand[t] = min(n-1, sort.SearchFloat64s(cum, r))
			// SearchFloat64s finds the first cum >= r; a point at zero
			// distance (already a centre) has cum equal to its predecessor's.
			for cand[t] < n-1 && closest[cand[t]] == 0 {
				cand[t]++
			}
			row := candAug[t*d1 : (t+1)*d1]
			for p, v := range ds.x[cand[t]*d : (cand[t]+1)*d] {
				row[p] = -2 * v
			}
			row[d] = float32(ds.xnorm[cand[t]])
		}
		score1()
		forRanges(ds.ctx, threads, chunks, func(lo, hi int) {
			for ch := lo; ch < hi; ch++ {
				i0, i1 := ch*potChunk, min(n, (ch+1)*potChunk)
				for t := 0; t < trials; t++ {
					partial[t*chunks+ch] = potential(score[t*n+i0:t*n+i1], ds.xnorm[i0:i1], closest[i0:i1])
				}
			}
		})
		best, bestPot := 0, 0.0
		for t := 0; t < trials; t++ {
			var s float64
			for ch := 0; ch < chunks; ch++ {
				s += partial[t*chunks+ch]
			}
			if t == 0 || s < bestPot {
				best, bestPot = t, s
			}
		}
		for i, v := range score[best*n : (best+1)*n] {
			if d := max(0, ds.xnorm[i]+float64(v)); d < closest[i] {
				closest[i] = d
			}
		}
		pot = bestPot
		copy(centers[c*d:(c+1)*d], ds.x[cand[best]*d:(cand[best]+1)*d])
	}
	return centers
}

func sumChunked(ctx context.Context, v []float64, threads int) float64 {
	chunks := (len(v) + potChunk - 1) / potChunk
	partial := make([]float64, chunks)
	forRanges(ctx, threads, chunks, func(lo, hi int) {
		for ch := lo; ch < hi; ch++ {
			var s float64
			for _, x := range v[ch*potChunk : min(len(v), (ch+1)*potChunk)] {
				s += x
			}
			partial[ch] = s
		}
	})
	var s float64
	for _, p := range partial {
		s += p
	}
	return s
}

// potential is Σ min(closest[i], ‖x_i − c‖²) over a chunk, the distances
// coming from the gemm scores (‖c‖² − 2x·c) plus ‖x‖², clamped at 0. Two
// partial sums halve the dependency chain; the order is fixed.
func potential(score []float32, xnorm, closest []float64) float64 {
	var s0, s1 float64
	j := 0
	for ; j+1 < len(score); j += 2 {
		d0 := xnorm[j] + float64(score[j])
		d1 := xnorm[j+1] + float64(score[j+1])
		if d0 < 0 {
			d0 = 0
		}
		if d1 < 0 {
			d1 = 0
		}
		if c := closest[j]; c < d0 {
			d0 = c
		}
		if c := closest[j+1]; c < d1 {
			d1 = c
		}
		s0 += d0
		s1 += d1
	}
	if j < len(score) {
		d := max(0, xnorm[j]+float64(score[j]))
		s0 += min(d, closest[j])
	}
	return s0 + s1
}
