package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yaknb/yak/plugins/claps"
)

// rowKind is one row of the table: a baseline or a search.
type rowKind struct {
	strategy claps.Strategy
	prune    bool
	baseline string // "empty", "manual" or "random"; "" for a search
}

var (
	rowEmpty   = rowKind{baseline: "empty"}
	rowManual  = rowKind{baseline: "manual"}
	rowRandom  = rowKind{baseline: "random"}
	rowGreedy  = rowKind{strategy: claps.Greedy, prune: true}
	rowGreedyU = rowKind{strategy: claps.Greedy}
	rowGA      = rowKind{strategy: claps.Genetic, prune: true}
	rowGAU     = rowKind{strategy: claps.Genetic}
	rowPSO     = rowKind{strategy: claps.Swarm, prune: true}
	rowPSOU    = rowKind{strategy: claps.Swarm}
)

// passRows names the passes -passes takes. A pass runs its rows for each
// seed before the next pass starts, so that a run stopped early has every
// seed of its first passes.
var passRows = map[string][]rowKind{
	"greedy":           {rowGreedy, rowEmpty, rowManual, rowRandom, rowGreedyU},
	"core":             {rowGreedy, rowEmpty, rowManual},
	"pruned-greedy":    {rowGreedy},
	"random":           {rowRandom},
	"greedy-unpruned":  {rowGreedyU},
	"genetic":          {rowGA, rowGAU},
	"swarm":            {rowPSO, rowPSOU},
	"genetic-pruned":   {rowGA},
	"genetic-unpruned": {rowGAU},
	"swarm-pruned":     {rowPSO},
	"swarm-unpruned":   {rowPSOU},
}

// pass is one entry of -passes: its rows and how many seeds it covers.
type pass struct {
	name  string
	rows  []rowKind
	seeds int
}

// parsePasses reads -passes: names separated by commas, each optionally
// followed by ":N" to run it on the first N seeds only (the dearest rows on
// fewer seeds), e.g. "core,random,greedy-unpruned:2".
func parsePasses(spec string, seeds int) ([]pass, error) {
	var out []pass
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		name, n, hasN := strings.Cut(f, ":")
		p := pass{name: name, rows: passRows[name], seeds: seeds}
		if p.rows == nil {
			return nil, fmt.Errorf("unknown pass %q in -passes (greedy, core, pruned-greedy, random, greedy-unpruned, genetic, swarm, genetic-pruned, genetic-unpruned, swarm-pruned, swarm-unpruned; NAME:N runs it on the first N seeds)", name)
		}
		if hasN {
			k, err := strconv.Atoi(n)
			if err != nil || k < 1 {
				return nil, fmt.Errorf("-passes %q: the seed count after ':' must be a positive integer", f)
			}
			p.seeds = min(k, seeds)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-passes names no pass")
	}
	return out, nil
}
