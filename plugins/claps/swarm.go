package claps

import (
	"context"
	"math"
	"math/rand"
)

// Swarm searches prompts of opts.Length tokens by particle swarm
// optimisation.
//
// # From positions to tokens
//
// A particle's position is a vector of Length real numbers in
// [0, len(tokens)); position d holds token tokens[floor(x_d)]. The swarm
// therefore moves in index space, and the method only makes sense when
// neighbouring indices hold tokens with similar effects: Prune returns its
// tokens sorted by influence, best first, so there nearby positions carry
// similar influence. On an unordered token list Swarm is close to a random
// search.
//
// Velocities follow v = w v + c1 r1 (pbest - x) + c2 r2 (gbest - x), with r1
// and r2 uniform per dimension, velocities clamped to half the index range
// and positions reflected at the ends. The inertia w and the weights c1 and
// c2 change linearly over the epochs (0.8 -> 0.2, 0.8 -> 0.2, 0.2 -> 0.8 by
// default): the swarm explores first and converges on the global best later.
func Swarm(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error) {
	r, err := newRun(ctx, "swarm", ev, tokens, train, opts)
	if err != nil {
		return nil, err
	}
	o := r.opts
	rng := rand.New(rand.NewSource(o.Seed))
	n := float64(len(tokens))
	vmax := n / 2
	P, L := o.Particles, o.Length
	x := make([][]float64, P)
	v := make([][]float64, P)
	pbest := make([][]float64, P)
	pbestR := make([]float64, P)
	for i := range x {
		x[i] = make([]float64, L)
		v[i] = make([]float64, L)
		for d := range x[i] {
			x[i][d] = rng.Float64() * n
			v[i][d] = (rng.Float64()*2 - 1) * n / 4
		}
		pbest[i] = append([]float64(nil), x[i]...)
		pbestR[i] = math.Inf(-1)
	}
	var gbest []float64
	gbestR := math.Inf(-1)
	decode := func(p []float64) []string {
		out := make([]string, len(p))
		for d, xd := range p {
			out[d] = tokens[min(max(int(xd), 0), len(tokens)-1)]
		}
		return out
	}
	for epoch := 0; epoch < o.Epochs; epoch++ {
		prompts := make([][]string, P)
		for i := range x {
			prompts[i] = decode(x[i])
		}
		evals, exhausted, err := r.evaluate(prompts)
		if err != nil {
			return nil, err
		}
		for i, e := range evals {
			if e.Reward > pbestR[i] {
				pbestR[i] = e.Reward
				copy(pbest[i], x[i])
			}
			if e.Reward > gbestR {
				gbestR = e.Reward
				gbest = append(gbest[:0], x[i]...)
			}
		}
		if len(evals) > 0 {
			r.res.History = append(r.res.History, r.bestReward())
		}
		report(o.Progress, epoch+1, r.bestReward())
		if exhausted || epoch == o.Epochs-1 {
			break
		}
		t := 0.0
		if o.Epochs > 1 {
			t = float64(epoch) / float64(o.Epochs-1)
		}
		w := o.InertiaStart + t*(o.InertiaEnd-o.InertiaStart)
		c1 := o.C1Start + t*(o.C1End-o.C1Start)
		c2 := o.C2Start + t*(o.C2End-o.C2Start)
		for i := range x {
			for d := range x[i] {
				vd := w*v[i][d] + c1*rng.Float64()*(pbest[i][d]-x[i][d]) + c2*rng.Float64()*(gbest[d]-x[i][d])
				vd = math.Max(-vmax, math.Min(vmax, vd))
				xd := x[i][d] + vd
				if xd < 0 {
					xd, vd = -xd, -vd
				}
				if xd >= n {
					xd, vd = 2*n-xd-1e-9, -vd
				}
				v[i][d] = vd
				x[i][d] = math.Max(0, math.Min(n-1e-9, xd))
			}
		}
	}
	return r.finish(), nil
}
