// Command claps_bert runs ClaPS on BERT-base in-process (runtime/lm) on the
// shipped sentiment sentences and prints one Markdown row per method and
// seed: the empty prompt, the manual prompt and pruned greedy search, with
// test accuracy, model queries and wall time. Sizes are flags, because at
// BERT's 10-20 queries/s on 2 cores the paper's sizes take hours:
//
//	go run ./bench/claps_bert -clusters 100 -test 200 -seeds 1
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/yaknb/yak/plugins/claps"
	"github.com/yaknb/yak/runtime/lm"
)

func main() {
	var (
		data     = flag.String("data", "notebooks/data", "directory of imdb.json, yelp.json, amazon.json")
		clusters = flag.Int("clusters", 100, "k-means clusters of BERT's vocabulary")
		seeds    = flag.Int("seeds", 1, "seeds 1..N")
		shots    = flag.Int("k", 16, "training (and validation) examples per class")
		length   = flag.Int("len", 5, "prompt length in tokens")
		pct      = flag.Float64("pct", 90, "pruning percentile")
		test     = flag.Int("test", 200, "test sentences per seed (0: all the rest)")
		maxChars = flag.Int("maxchars", 160, "use sentences of at most this many characters (0: all)")
		bf16     = flag.Bool("bf16", true, "bfloat16 weights (lm.LoadMaskedBF16)")
		manual   = flag.String("manual", "Classify the sentiment of this review", "the manual prompt")
	)
	flag.Parse()
	if err := run(*data, *clusters, *seeds, *shots, *length, *pct, *test, *maxChars, *bf16, *manual); err != nil {
		fmt.Fprintln(os.Stderr, "claps_bert:", err)
		os.Exit(1)
	}
}

func run(data string, k, seeds, shots, length int, pct float64, test, maxChars int, bf16 bool, manual string) error {
	ctx := context.Background()
	load := lm.LoadMasked
	if bf16 {
		load = lm.LoadMaskedBF16
	}
	m, err := load("bert-base-uncased")
	if err != nil {
		return err
	}
	defer m.Close()
	var all []claps.Example
	for _, name := range []string{"imdb", "yelp", "amazon"} {
		ex, err := claps.LoadExamples(filepath.Join(data, name+".json"))
		if err != nil {
			return err
		}
		for _, e := range ex {
			if maxChars <= 0 || len(e.Text) <= maxChars {
				all = append(all, e)
			}
		}
	}
	vocab, err := claps.ModelVocabulary(m)
	if err != nil {
		return err
	}
	t0 := time.Now()
	reps, err := claps.Representatives(ctx, vocab, nil, k, 1)
	if err != nil {
		return err
	}
	fmt.Printf("BERT-base (bf16 %v): %d of %d tokens kept, %d representatives in %v; %d sentences of at most %d characters\n\n",
		bf16, vocab.Len(), m.VocabSize(), len(reps), time.Since(t0).Round(time.Millisecond), len(all), maxChars)
	fmt.Println("| seed | method | prompt | search space | test accuracy | val accuracy | model queries | wall time |")
	fmt.Println("|---:|---|---|---:|---:|---:|---:|---:|")
	scorer := claps.MaskedScorer(m)
	task := claps.MaskedSentimentTask()
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		split, err := claps.FewShot(all, shots, seed)
		if err != nil {
			return err
		}
		if test > 0 && len(split.Test) > test {
			split.Test = split.Test[:test]
		}
		row := func(o *claps.Outcome, space int, wall time.Duration) {
			fmt.Printf("| %d | %s | %q | %d | %.3f | %.3f | %d | %v |\n", seed, o.Method, o.Prompt, space,
				o.Test.Accuracy, o.Val.Accuracy, o.Queries, wall.Round(time.Second))
		}
		for _, b := range [][2]string{{"empty prompt", ""}, {"manual prompt", manual}} {
			t := time.Now()
			o, err := claps.Baseline(ctx, scorer, task, split, b[0], b[1], 1)
			if err != nil {
				return err
			}
			row(o, 0, time.Since(t))
		}
		o, err := claps.Config{Scorer: scorer, Task: task, Split: split, Tokens: reps, Strategy: claps.Greedy,
			Prune: true, PruneOptions: claps.PruneOptions{Percentile: pct},
			Search: claps.SearchOptions{Length: length, Seed: seed}, Eval: claps.EvalOptions{Workers: 1}}.Run(ctx)
		if err != nil {
			return err
		}
		row(o, o.Space, o.Elapsed)
	}
	return nil
}
