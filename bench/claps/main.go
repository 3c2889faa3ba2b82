// Command claps measures ClaPS prompt search against its baselines on the
// sentiment sets (imdb, yelp and amazon together) with the offline
// bag-of-embeddings scorer, or with the server in YAK_LLM_URL when set, and
// prints Markdown tables for BENCHMARKS.md: the comparison over seeds
// (claps.Experiment) and how the influence of the representatives is spread.
//
//	go run ./bench/claps                      # the paper's sizes: 30k vocabulary, 2,000 clusters, 3 seeds
//	go run ./bench/claps -emb notebooks/data/glove-100d-sentiment.txt.gz -clusters 1000   # the notebook's
//
// The k-means stage alone against scikit-learn is bench/kmeans.py.
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
	"time"

	"github.com/yaknb/yak/plugins/chart"
	"github.com/yaknb/yak/plugins/claps"
)

func main() {
	var (
		embPath  = flag.String("emb", defaultEmb(), "word vectors (GloVe text, .gz)")
		data     = flag.String("data", "notebooks/data", "directory of imdb.json, yelp.json, amazon.json")
		vocab    = flag.Int("vocab", 30000, "candidate vocabulary: the most frequent alphabetic words (0: all)")
		clusters = flag.Int("clusters", 2000, "k-means clusters (representatives)")
		seeds    = flag.Int("seeds", 3, "seeds 1..N")
		shots    = flag.Int("k", 16, "training (and validation) examples per class")
		length   = flag.Int("len", 5, "prompt length in tokens")
		pct      = flag.Float64("pct", 90, "pruning percentile")
		workers  = flag.Int("workers", runtime.GOMAXPROCS(0), "concurrent model calls")
		budget   = flag.Int64("budget", 0, "query budget per search (0: none)")
		manual   = flag.String("manual", "Classify the sentiment of this review", "the manual prompt")
		profile  = flag.String("cpuprofile", "", "write a CPU profile to this file")
		charts   = flag.String("charts", "", "write the influence charts of seed 1 as SVG files into this directory")
	)
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()

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
	fmt.Printf("scorer: %s\n%d candidate words of %s, %d examples, GOMAXPROCS %d\n", desc, len(cands), filepath.Base(*embPath), len(all), runtime.GOMAXPROCS(0))

	t := time.Now()
	reps, err := claps.Representatives(ctx, emb, cands, *clusters, 1)
	check(err)
	fmt.Printf("k-means stage: %d x %d into %d clusters -> %d representatives in %.2f s\n\n", len(cands), emb.Dim, *clusters, len(reps), time.Since(t).Seconds())

	var seedList []uint64
	for s := 1; s <= *seeds; s++ {
		seedList = append(seedList, uint64(s))
	}
	c, err := claps.Experiment{Scorer: scorer, Examples: all, Shots: *shots, Seeds: seedList,
		Tokens: reps, Manual: *manual, PruneOptions: claps.PruneOptions{Percentile: *pct},
		Search: claps.SearchOptions{Length: *length}, Eval: claps.EvalOptions{Workers: *workers, Budget: *budget}}.Run(ctx)
	check(err)
	outs := c.Outcomes
	for _, o := range outs {
		fmt.Println(" ", o)
	}

	fmt.Printf("\n| method | search space | test accuracy (mean ± SE, %d seeds) | model queries (mean) | wall time (mean) |\n|---|---:|---:|---:|---:|\n", *seeds)
	type row struct {
		acc           []float64
		space         int
		queries, secs float64
	}
	rows := map[string]*row{}
	var order []string
	for _, o := range outs {
		r := rows[o.Method]
		if r == nil {
			r = &row{}
			rows[o.Method] = r
			order = append(order, o.Method)
		}
		r.acc = append(r.acc, o.Test.Accuracy)
		r.space = o.Space
		r.queries += float64(o.Queries)
		r.secs += o.Elapsed.Seconds()
	}
	for _, m := range order {
		r := rows[m]
		n := float64(len(r.acc))
		space := "-"
		if r.space > 0 {
			space = fmt.Sprint(r.space)
		}
		mean, se := meanSE(r.acc)
		fmt.Printf("| %s | %s | %.4f ± %.4f | %.0f | %.2f s |\n", m, space, mean, se, r.queries/n, r.secs/n)
	}

	// How the influence of seed 1's representatives is spread.
	for _, o := range outs {
		if o.Pruning == nil {
			continue
		}
		p := o.Pruning
		share := p.CumulativeShare()
		pos := 0
		for _, v := range p.Influence {
			if v > 0 {
				pos++
			}
		}
		fmt.Printf("\nInfluence of the %d representatives (seed 1): %d raise the reward; the 90th percentile is %.5f.\n\n", len(p.Tokens), pos, p.Threshold)
		fmt.Println("| most influential tokens | share of the positive influence |\n|---:|---:|")
		for _, f := range []float64{0.01, 0.05, 0.10, 0.25, 0.50} {
			i := max(1, int(f*float64(len(share))))
			fmt.Printf("| top %.0f%% (%d) | %.1f%% |\n", 100*f, i, 100*share[i-1])
		}
		fmt.Printf("\nthe ten most influential: %v\n", p.Tokens[:10])
		if *charts != "" {
			check(writeCharts(*charts, p))
		}
		break
	}
}

// writeCharts saves the sorted influence and its cumulative share as SVG.
func writeCharts(dir string, p *claps.Pruning) error {
	n := len(p.Influence)
	ranks := make([]float64, n)
	pct := make([]float64, n)
	for i := range ranks {
		ranks[i] = float64(i + 1)
		pct[i] = 100 * float64(i+1) / float64(n)
	}
	infl := chart.Line("influence", ranks, p.Influence)
	infl.Title, infl.XLabel, infl.YLabel = fmt.Sprintf("Influence of %d cluster representatives, sorted (offline stand-in)", n), "rank", "reward(token) - reward(empty prompt)"
	share := chart.Line("share of positive influence", pct, p.CumulativeShare())
	share.Title, share.XLabel, share.YLabel = "How few tokens carry the influence (offline stand-in)", "% of tokens, most influential first", "cumulative share"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "influence.svg"), []byte(infl.SVG()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "influence-share.svg"), []byte(share.SVG()), 0o644)
}

func defaultEmb() string {
	full := filepath.Join("..", "shared", "data", "embeddings", "glove-100d-top30k.txt.gz")
	if _, err := os.Stat(full); err == nil {
		return full
	}
	return filepath.Join("notebooks", "data", "glove-100d-sentiment.txt.gz")
}

func meanSE(x []float64) (float64, float64) {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	if len(x) < 2 {
		return m, math.NaN()
	}
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s/float64(len(x)-1)) / math.Sqrt(float64(len(x)))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
