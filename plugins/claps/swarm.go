package claps

import (
	"context"
	"math"
	"math/rand"

	"github.com/yaknb/yak/plugins/internal/runs"
)

// Swarm searches prompts of opts.Length tokens by discrete particle swarm
// optimisation, the form that word-substitution search uses (and the ClaPS
// reference code with it).
//
// # From positions to tokens
//
// A particle's position is its prompt: one token per dimension, no
// numbers. Its velocity is one real number per dimension, a propensity to
// change that token: each epoch it moves toward +3 for every best (the
// particle's own, the swarm's) whose token differs there and toward -3 for
// every best that agrees,
//
//	v = w v + (1-w) (s(x, pbest) + s(x, gbest)),   s = -3 if equal, +3 if not,
//
// and the probability of taking a best's token in that dimension is
// sigmoid(v). With probability c1 the particle moves toward its own best
// (each dimension turning with its probability), with probability c2 toward
// the swarm's best, and with probability opts.Mutation one random dimension
// gets a random token, the only way new tokens enter. The order of the token
// list therefore does not matter.
//
// The inertia w and the weights c1 and c2 change linearly over the epochs
// (0.8 -> 0.2, 0.8 -> 0.2, 0.2 -> 0.8 by default): particles first follow
// their own history and later converge on the swarm's best.
func Swarm(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error) {
	ctx = runs.Context(ctx)
	r, err := newRun(ctx, "swarm", ev, tokens, train, opts)
	if err != nil {
		return nil, err
	}
	o := r.opts
	rng := rand.New(rand.NewSource(int64(o.Seed)))
	P, L, n := o.Particles, o.Length, len(tokens)
	x := make([][]int, P)
	v := make([][]float64, P)
	for i := range x {
		x[i] = make([]int, L)
		v[i] = make([]float64, L)
		for d := range x[i] {
			x[i][d] = rng.Intn(n)
			v[i][d] = rng.Float64()*6 - 3
		}
	}
	pbest := make([][]int, P)
	pbestR := make([]float64, P)
	for i := range pbestR {
		pbestR[i] = math.Inf(-1)
	}
	var gbest []int
	gbestR := math.Inf(-1)
	agree := func(a, b int) float64 {
		if a == b {
			return -3
		}
		return 3
	}
	for epoch := 0; epoch < o.Epochs; epoch++ {
		evals, exhausted, err := r.evaluate(decodeAll(x, tokens))
		if err != nil {
			return nil, err
		}
		for i, e := range evals {
			if e.Reward > pbestR[i] {
				pbestR[i] = e.Reward
				pbest[i] = append(pbest[i][:0], x[i]...)
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
			for d := range v[i] {
				v[i][d] = w*v[i][d] + (1-w)*(agree(x[i][d], pbest[i][d])+agree(x[i][d], gbest[d]))
			}
			if rng.Float64() < c1 {
				turn(rng, x[i], pbest[i], v[i])
			}
			if rng.Float64() < c2 {
				turn(rng, x[i], gbest, v[i])
			}
			if rng.Float64() < o.Mutation {
				x[i][rng.Intn(L)] = rng.Intn(n)
			}
		}
	}
	return r.finish(), nil
}

// turn copies each dimension of best into x with probability sigmoid(v).
func turn(rng *rand.Rand, x, best []int, v []float64) {
	for d := range x {
		if rng.Float64() < 1/(1+math.Exp(-v[d])) {
			x[d] = best[d]
		}
	}
}
