// Command claps measures ClaPS prompt search against its baselines on the
// sentiment sets (imdb, yelp and amazon together) with the offline
// bag-of-embeddings scorer, or with the server in YAK_LLM_URL when set, and
// prints a Markdown table for BENCHMARKS.md.
//
//	go run ./bench/claps                      # defaults of the paper: 30k vocabulary, 2,000 clusters
//	go run ./bench/claps -vocab 10000 -clusters 1000 -seeds 1
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/yaknb/yak/plugins/claps"
)

func main() {
	var (
		embPath   = flag.String("emb", defaultEmb(), "word vectors (GloVe text, .gz)")
		data      = flag.String("data", "notebooks/data", "directory of imdb.json, yelp.json, amazon.json")
		vocab     = flag.Int("vocab", 30000, "candidate vocabulary: the most frequent alphabetic words")
		clusters  = flag.Int("clusters", 2000, "k-means clusters (representatives)")
		seeds     = flag.Int("seeds", 3, "seeds 1..N")
		shots     = flag.Int("k", 16, "training (and validation) examples per class")
		length    = flag.Int("len", 5, "prompt length in tokens")
		pct       = flag.Float64("pct", 90, "pruning percentile")
		workers   = flag.Int("workers", runtime.GOMAXPROCS(0), "concurrent model calls")
		budget    = flag.Int64("budget", 0, "query budget per search (0: none)")
		manual    = flag.String("manual", "Classify the sentiment of this review", "the manual prompt")
		histogram = flag.Bool("influence", false, "also print the influence distribution of seed 1")
		profile   = flag.String("cpuprofile", "", "write a CPU profile to this file")
	)
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()

	t0 := time.Now()
	emb, err := claps.LoadEmbeddings(*embPath)
	check(err)
	var all []claps.Example
	for _, name := range []string{"imdb", "yelp", "amazon"} {
		ex, err := claps.LoadExamples(filepath.Join(*data, name+".json"))
		check(err)
		all = append(all, ex...)
	}
	scorer, desc, err := claps.ScorerFromEnv(emb)
	check(err)
	cands := emb.Candidates(*vocab)
	fmt.Printf("scorer: %s\ncandidates: %d words of %s (loaded in %v); %d examples\n\n", desc, len(cands), filepath.Base(*embPath), time.Since(t0).Round(time.Millisecond), len(all))

	type row struct {
		test, queries, secs []float64
		space               int
	}
	rows := map[string]*row{}
	var order []string
	add := func(o *claps.Outcome) {
		r := rows[o.Method]
		if r == nil {
			r = &row{}
			rows[o.Method] = r
			order = append(order, o.Method)
		}
		r.test = append(r.test, o.Test.Accuracy)
		r.queries = append(r.queries, float64(o.Queries))
		r.secs = append(r.secs, o.Elapsed.Seconds())
		r.space = o.Space
		fmt.Printf("  %v\n", o)
	}
	var kmeansSecs []float64
	for seed := int64(1); seed <= int64(*seeds); seed++ {
		split, err := claps.FewShot(all, *shots, seed)
		check(err)
		fmt.Printf("seed %d: train %d, val %d, test %d\n", seed, len(split.Train), len(split.Val), len(split.Test))
		task := claps.SentimentTask()
		for _, b := range []struct{ name, prompt string }{{"empty prompt", ""}, {"manual prompt", *manual}} {
			o, err := claps.Baseline(ctx, scorer, task, split, b.name, b.prompt, *workers)
			check(err)
			add(o)
		}
		t := time.Now()
		reps, err := claps.Representatives(emb, cands, *clusters, seed)
		check(err)
		kmeansSecs = append(kmeansSecs, time.Since(t).Seconds())
		fmt.Printf("  k-means: %d candidates -> %d representatives in %v\n", len(cands), len(reps), time.Since(t).Round(time.Millisecond))
		ev, err := claps.NewEvaluator(scorer, task, claps.EvalOptions{Workers: *workers, Budget: *budget})
		check(err)
		pr, err := claps.Prune(ctx, ev, reps, split.Train, claps.PruneOptions{Percentile: *pct})
		check(err)
		fmt.Printf("  pruning: kept %d of %d (threshold %.4f), %d queries, %v\n", len(pr.Kept), len(pr.Tokens), pr.Threshold, pr.Queries, pr.Elapsed.Round(time.Millisecond))
		if *histogram && seed == 1 {
			printInfluence(pr)
		}
		for _, prune := range []bool{true, false} {
			for _, st := range claps.Strategies {
				o, err := claps.Run(ctx, claps.Config{Scorer: scorer, Task: task, Split: split, Tokens: reps,
					Strategy: st, Prune: prune, Pruning: pr,
					Search: claps.SearchOptions{Length: *length, Seed: seed},
					Eval:   claps.EvalOptions{Workers: *workers, Budget: *budget}})
				check(err)
				add(o)
			}
		}
	}
	fmt.Printf("\nk-means stage (%d x %d into %d clusters): %.2f s mean over %d seeds\n\n", len(cands), emb.Dim, *clusters, mean(kmeansSecs), len(kmeansSecs))
	fmt.Printf("| method | search space | test accuracy (mean ± sd, %d seeds) | model queries | wall time |\n|---|---:|---:|---:|---:|\n", *seeds)
	for _, m := range order {
		r := rows[m]
		space := "-"
		if r.space > 0 {
			space = fmt.Sprint(r.space)
		}
		fmt.Printf("| %s | %s | %.3f ± %.3f | %.0f | %.2f s |\n", m, space, mean(r.test), sd(r.test), mean(r.queries), mean(r.secs))
	}
}

func printInfluence(p *claps.Pruning) {
	fmt.Println("  influence (sorted, every 5th percentile):")
	n := len(p.Influence)
	for q := 0; q <= 100; q += 5 {
		i := min(n-1, q*n/100)
		fmt.Printf("    top %3d%%: %+.5f (%s)\n", q, p.Influence[i], p.Tokens[i])
	}
	top := append([]string(nil), p.Kept[:min(15, len(p.Kept))]...)
	sort.Strings(top)
	fmt.Printf("  some kept tokens: %v\n", top)
}

func defaultEmb() string {
	full := filepath.Join("..", "shared", "data", "embeddings", "glove-100d-top30k.txt.gz")
	if _, err := os.Stat(full); err == nil {
		return full
	}
	return filepath.Join("notebooks", "data", "glove-100d-sentiment.txt.gz")
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func sd(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	m := mean(x)
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
