package claps

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"sort"

	"github.com/yaknb/yak/plugins/internal/runs"
)

// Genetic evolves a population of prompts of opts.Length tokens. Each
// generation is scored on the training set; the best opts.Parents fraction
// survive unchanged (elitism) and breed the rest of the next generation: a
// child takes each position from one of two distinct parents drawn at random
// (uniform crossover) and then redraws each token with probability
// opts.Mutation.
func Genetic(ctx context.Context, ev *Evaluator, tokens []string, train []Example, opts SearchOptions) (*Result, error) {
	ctx = runs.Context(ctx)
	r, err := newRun(ctx, "genetic", ev, tokens, train, opts)
	if err != nil {
		return nil, err
	}
	o := r.opts
	if o.Population < 2 {
		return nil, fmt.Errorf("claps: a genetic search needs a population of at least 2, got %d", o.Population)
	}
	rng := rand.New(rand.NewSource(int64(o.Seed)))
	n := len(tokens)
	pop := make([][]int, o.Population)
	for i := range pop {
		pop[i] = make([]int, o.Length)
		for j := range pop[i] {
			pop[i][j] = rng.Intn(n)
		}
	}
	nParents := max(2, int(math.Ceil(o.Parents*float64(o.Population))))
	nParents = min(nParents, o.Population)
	for g := 0; g < o.Generations; g++ {
		evals, exhausted, err := r.evaluate(decodeAll(pop, tokens))
		if err != nil {
			return nil, err
		}
		rewards := make([]float64, len(pop))
		for i := range rewards {
			rewards[i] = math.Inf(-1)
			if i < len(evals) {
				rewards[i] = evals[i].Reward
			}
		}
		if len(evals) > 0 {
			r.res.History = append(r.res.History, r.bestReward())
		}
		report(o.Progress, g+1, r.bestReward())
		if exhausted || g == o.Generations-1 {
			break
		}
		order := make([]int, len(pop))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return rewards[order[a]] > rewards[order[b]] })
		parents := make([][]int, nParents)
		for i := range parents {
			parents[i] = pop[order[i]]
		}
		next := make([][]int, 0, o.Population)
		next = append(next, parents...)
		for len(next) < o.Population {
			a := rng.Intn(nParents)
			b := rng.Intn(nParents - 1)
			if b >= a {
				b++
			}
			child := make([]int, o.Length)
			for j := range child {
				if rng.Intn(2) == 0 {
					child[j] = parents[a][j]
				} else {
					child[j] = parents[b][j]
				}
				if rng.Float64() < o.Mutation {
					child[j] = rng.Intn(n)
				}
			}
			next = append(next, child)
		}
		pop = next
	}
	return r.finish(), nil
}

func decodeAll(pop [][]int, tokens []string) [][]string {
	out := make([][]string, len(pop))
	for i, p := range pop {
		out[i] = make([]string, len(p))
		for j, k := range p {
			out[i][j] = tokens[k]
		}
	}
	return out
}
