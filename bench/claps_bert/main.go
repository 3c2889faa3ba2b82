// Command claps_bert reproduces the ClaPS comparison on BERT-base in-process
// (runtime/lm) on the shipped sentiment sentences (imdb, yelp, amazon):
// for each seed, the empty prompt, the manual prompt, ClaPS greedy, genetic
// and particle-swarm search with and without pruning, and random search
// with ClaPS greedy's query budget. Each finished row is appended to a JSON
// lines file at once (so a stopped run keeps its rows), and -table prints
// the table of mean ± SE over the seeds from such a file:
//
//	nice -n 19 go run ./bench/claps_bert -clusters 50 -seeds 5 -out bench/claps_bert/runs.jsonl
//	go run ./bench/claps_bert -table bench/claps_bert/runs.jsonl
//
// Sizes are flags, because at BERT's 150 queries per CPU-second on 2
// shared cores the paper's sizes take hours. Rows run in passes over the
// seeds (-passes, by default greedy, empty, manual, random and unpruned
// greedy first; then genetic; then swarm), so that a run stopped early has
// every seed of the first rows; NAME:N runs a dear pass on fewer seeds.
// With -memo every label score is also kept on disk, so a run stopped and
// started again with the same flags skips the finished rows and recomputes
// nothing (the paper-sized run of BENCHMARKS.md resumes this way).
//
// The model's label scores are memoized across the rows of the process
// (memoScorer): the query counts are the paper's (each run's Evaluator
// counts every model input it did not have in its own cache), but a row's
// wall time excludes the inputs an earlier row already scored, and the JSON
// line says how many the row computed.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/yaknb/yak/plugins/claps"
	"github.com/yaknb/yak/runtime/lm"
)

type options struct {
	data            string
	clusters, seeds int
	first           int
	shots, length   int
	pct             float64
	test, maxChars  int
	bf16            bool
	manual          string
	pop, gens       int
	out, passes     string
	scoreFile       string
	speedPrompts    int
	rounds          int
	batchRows       int
	batchedOnly     bool
	memo            string
	model, repsFile string
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "notebooks/data", "directory of imdb.json, yelp.json, amazon.json")
	flag.IntVar(&o.clusters, "clusters", 50, "k-means clusters of BERT's vocabulary (the paper: 2000)")
	flag.IntVar(&o.seeds, "seeds", 5, "number of seeds: first, first+1, ...")
	flag.IntVar(&o.first, "first", 1, "the first seed (several processes can share a run's seeds, appending to one -out file)")
	flag.IntVar(&o.shots, "k", 16, "training (and validation) examples per class")
	flag.IntVar(&o.length, "len", 5, "prompt length in tokens")
	flag.Float64Var(&o.pct, "pct", 90, "pruning percentile")
	flag.IntVar(&o.test, "test", 200, "test sentences per seed, a seeded random subset of the rest (0: all the rest)")
	flag.IntVar(&o.maxChars, "maxchars", 160, "use sentences of at most this many characters (0: all)")
	flag.BoolVar(&o.bf16, "bf16", true, "bfloat16 weights (lm.LoadMaskedBF16)")
	flag.StringVar(&o.manual, "manual", "Classify the sentiment of this review", "the manual prompt")
	flag.IntVar(&o.pop, "pop", 16, "genetic population and swarm particles (the paper: 128)")
	flag.IntVar(&o.gens, "gens", 5, "genetic generations and swarm epochs (the paper: 30)")
	flag.StringVar(&o.out, "out", "", "append one JSON line per finished row to this file")
	flag.StringVar(&o.passes, "passes", "greedy,genetic,swarm", "which passes over the seeds to run, in order, each NAME or NAME:N (its first N seeds only): greedy (ClaPS greedy, empty, manual, random, unpruned greedy), core (ClaPS greedy, empty, manual), random, greedy-unpruned, pruned-greedy (ClaPS greedy alone, the paper-sized timing run), genetic, swarm (each pruned and unpruned), genetic-pruned, genetic-unpruned, swarm-pruned, swarm-unpruned")
	flag.StringVar(&o.memo, "memo", "", "keep every label score the run computes in this file and read it back at start, so that a resumed run recomputes nothing (not even a finished seed's pruning)")
	table := flag.String("table", "", "print the Markdown table of a JSON lines file written by -out, and exit")
	flag.StringVar(&o.model, "model", "bert", "bert (BERT-base masked LM, template \"{prompt} {text} It was [MASK].\") or smollm2 (SmolLM2-135M-Instruct GGUF, causal, the paper's template \"{prompt}. Sentence: {text}, Sentiment:\" with the labels as continuations)")
	flag.StringVar(&o.repsFile, "reps", "", "read the search space (one token per line) from this file instead of clustering the model's own vocabulary (the first SmolLM2 run borrowed BERT's representatives this way)")
	flag.StringVar(&o.scoreFile, "score", "", "speed mode: score the texts of this JSON file (a list of strings) and print queries/s as JSON; with -model smollm2, \"auto\": -speed-prompts prompts x seed 1's training sentences, the one-text-at-a-time and batched scorers side by side")
	flag.IntVar(&o.speedPrompts, "speed-prompts", 8, "speed mode for smollm2: prompts in the workload (x 32 sentences)")
	flag.IntVar(&o.rounds, "rounds", 2, "speed mode for smollm2: rounds, each side once per round")
	flag.BoolVar(&o.batchedOnly, "batched-only", false, "speed mode for smollm2: time the batched scorer alone (for a profile)")
	flag.IntVar(&o.batchRows, "batch-rows", 0, "smollm2: token rows per forward pass (lm.CausalLM.BatchRows; 0: its default)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "claps_bert:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	var err error
	switch {
	case *table != "":
		err = printTable(*table)
	case o.scoreFile != "" && o.model == "smollm2":
		err = causalSpeed(o)
	case o.scoreFile != "":
		err = scoreSpeed(o)
	default:
		err = run(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "claps_bert:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// row is one finished run, as a JSON line.
type row struct {
	Seed      uint64  `json:"seed"`
	Method    string  `json:"method"`
	Prompt    string  `json:"prompt"`
	Space     int     `json:"space"`
	TrainAcc  float64 `json:"train_acc"`
	ValAcc    float64 `json:"val_acc"`
	TestAcc   float64 `json:"test_acc"`
	TestN     int     `json:"test_n"`
	Queries   int64   `json:"queries"`
	WallS     float64 `json:"wall_s"`
	CPUS      float64 `json:"cpu_s,omitempty"` // the process's CPU seconds over the row (pruning included only if this row measured it)
	Computed  int64   `json:"computed"`        // model inputs this row scored that no earlier row had
	Exhausted bool    `json:"exhausted,omitempty"`
	Settings  string  `json:"settings"`
}

func loadSentences(dir string, maxChars int) ([]claps.Example, error) {
	var all []claps.Example
	for _, name := range []string{"imdb", "yelp", "amazon"} {
		ex, err := claps.LoadExamples(filepath.Join(dir, name+".json"))
		if err != nil {
			return nil, err
		}
		for _, e := range ex {
			if maxChars <= 0 || len(e.Text) <= maxChars {
				all = append(all, e)
			}
		}
	}
	return all, nil
}

func loadBERT(bf16 bool) (*lm.MaskedLM, error) {
	if bf16 {
		return lm.LoadMaskedBF16("bert-base-uncased")
	}
	return lm.LoadMasked("bert-base-uncased")
}

// target is the model under test: its scorer, task, search space and a
// description for the settings line.
type target struct {
	scorer *claps.ModelScorer
	task   claps.Task
	reps   []string
	what   string
	close  func() error
}

func loadTarget(ctx context.Context, o options) (*target, error) {
	var fromFile []string
	if o.repsFile != "" {
		b, err := os.ReadFile(o.repsFile)
		if err != nil {
			return nil, err
		}
		if fromFile = strings.Fields(string(b)); len(fromFile) == 0 {
			return nil, fmt.Errorf("%s holds no tokens", o.repsFile)
		}
	}
	switch o.model {
	case "bert":
		m, err := loadBERT(o.bf16)
		if err != nil {
			return nil, err
		}
		t := &target{scorer: claps.MaskedScorer(m), task: claps.MaskedSentimentTask(), close: m.Close}
		if fromFile != nil {
			t.reps = fromFile
			t.what = fmt.Sprintf("BERT-base bf16=%v; %d tokens from %s", o.bf16, len(t.reps), filepath.Base(o.repsFile))
			return t, nil
		}
		vocab, err := claps.ModelVocabulary(m)
		if err != nil {
			return nil, err
		}
		t0 := time.Now()
		if t.reps, err = representatives(ctx, vocab, o.clusters, o.out); err != nil {
			return nil, err
		}
		fmt.Fprintf(os.Stderr, "representatives (%d clusters) in %v\n", len(t.reps), time.Since(t0).Round(time.Millisecond))
		t.what = fmt.Sprintf("BERT-base bf16=%v; %d of %d tokens, %d clusters", o.bf16, vocab.Len(), m.VocabSize(), len(t.reps))
		return t, nil
	case "smollm2":
		load := lm.LoadCausal
		if o.bf16 {
			load = lm.LoadCausalBF16
		}
		m, err := load("smollm2-135m-instruct")
		if err != nil {
			return nil, err
		}
		m.BatchRows = o.batchRows
		t := &target{scorer: claps.CausalScorer(m), task: claps.SentimentTask(), close: m.Close}
		if fromFile != nil {
			t.reps = fromFile
			t.what = fmt.Sprintf("SmolLM2-135M-Instruct bf16=%v; %d tokens from %s", o.bf16, len(fromFile), filepath.Base(o.repsFile))
			return t, nil
		}
		// Its own vocabulary: the byte-level BPE tokens that start a word
		// (claps.ModelVocabulary), rows of the dequantized Q8_0 table.
		vocab, err := claps.ModelVocabulary(m)
		if err != nil {
			m.Close()
			return nil, err
		}
		if t.reps, err = representatives(ctx, vocab, o.clusters, o.out); err != nil {
			m.Close()
			return nil, err
		}
		t.what = fmt.Sprintf("SmolLM2-135M-Instruct bf16=%v; %d of %d tokens, %d clusters", o.bf16, vocab.Len(), m.VocabSize(), len(t.reps))
		return t, nil
	}
	return nil, fmt.Errorf("unknown -model %q (bert or smollm2)", o.model)
}

func run(o options) error {
	ctx := context.Background()
	tg, err := loadTarget(ctx, o)
	if err != nil {
		return err
	}
	defer tg.close()
	all, err := loadSentences(o.data, o.maxChars)
	if err != nil {
		return err
	}
	reps := tg.reps
	settings := fmt.Sprintf("%s; %d sentences <= %d chars; k=%d; test %d; len %d; pct %g; GA/PSO %dx%d",
		tg.what, len(all), o.maxChars, o.shots, o.test, o.length, o.pct, o.pop, o.gens)
	fmt.Fprintf(os.Stderr, "%s: %v\n", settings, reps)

	var out *os.File
	if o.out != "" {
		if out, err = os.OpenFile(o.out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err != nil {
			return err
		}
		defer out.Close()
	}
	done, err := finished(o.out, settings)
	if err != nil {
		return err
	}
	task := tg.task
	memo := newMemo(tg.scorer, task.Labels)
	if o.memo != "" {
		// The scores depend on the weights' precision, which the keys
		// (the scorer's description and the labels) do not name.
		n, err := memo.persist(ctx, o.memo, fmt.Sprintf("%s bf16=%v", o.model, o.bf16), task.Labels)
		if err != nil {
			return err
		}
		defer memo.store.Close()
		fmt.Fprintf(os.Stderr, "%d label scores read back from %s\n", n, o.memo)
	}
	search := claps.SearchOptions{Length: o.length, Population: o.pop, Generations: o.gens, Particles: o.pop, Epochs: o.gens}
	eval := claps.EvalOptions{Workers: 1}

	type seedState struct {
		split   claps.Split
		pruning *claps.Pruning
		pcpu    float64 // CPU seconds of the pruning
	}
	states := map[uint64]*seedState{}
	// state draws a seed's split, and prunes only when a row that is not
	// finished needs the pruning (a resumed run skips finished seeds' pruning).
	state := func(seed uint64, prune bool) (*seedState, error) {
		s := states[seed]
		if s == nil {
			split, err := claps.FewShot(all, o.shots, seed)
			if err != nil {
				return nil, err
			}
			if o.test > 0 && len(split.Test) > o.test {
				// A seeded random subset: the rest is in file order (imdb first),
				// so its first sentences would all be imdb's.
				rng := rand.New(rand.NewSource(int64(seed)))
				rng.Shuffle(len(split.Test), func(i, j int) { split.Test[i], split.Test[j] = split.Test[j], split.Test[i] })
				split.Test = split.Test[:o.test]
			}
			s = &seedState{split: split}
			states[seed] = s
		}
		if !prune || s.pruning != nil {
			return s, nil
		}
		ev, err := claps.NewEvaluator(memo, task, eval)
		if err != nil {
			return nil, err
		}
		cpu0, c0 := cpuSeconds(), memo.computed.Load()
		p, err := claps.Prune(ctx, ev, reps, s.split.Train, claps.PruneOptions{Percentile: o.pct, Progress: newLogProgress(fmt.Sprintf("seed %d pruning", seed), len(reps))})
		if err != nil {
			return nil, err
		}
		s.pruning, s.pcpu = p, cpuSeconds()-cpu0
		fmt.Fprintf(os.Stderr, "seed %d: pruning kept %d of %d: %v (%d queries, %d computed, %v wall, %.0f s CPU)\n", seed, len(p.Kept), len(reps), p.Kept, p.Queries, memo.computed.Load()-c0, p.Elapsed.Round(time.Second), s.pcpu)
		return s, nil
	}
	emit := func(seed uint64, oc *claps.Outcome, wall time.Duration, cpu float64, computed int64, testN int) error {
		r := row{Seed: seed, Method: oc.Method, Prompt: oc.Prompt, Space: oc.Space, TrainAcc: oc.Train.Accuracy,
			ValAcc: oc.Val.Accuracy, TestAcc: oc.Test.Accuracy, TestN: testN, Queries: oc.Queries,
			WallS: wall.Seconds(), CPUS: cpu, Computed: computed, Exhausted: oc.Exhausted, Settings: settings}
		done[key{seed, r.Method}] = r // a later pass (random's budget) reads it
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
		if out != nil {
			if _, err := out.Write(append(b, '\n')); err != nil {
				return err
			}
		}
		return nil
	}
	searchRow := func(seed uint64, st claps.Strategy, prune bool, budget int64) (*claps.Outcome, error) {
		method := searchMethod(st, prune, budget)
		if r, ok := done[key{seed, method}]; ok {
			return &claps.Outcome{Method: method, Queries: r.Queries}, nil
		}
		// Every search row needs the pruning: a pruned one searches its kept
		// tokens, the random one's budget is ClaPS greedy's (pruning
		// included), and an unpruned one gets the pruning's cached scores
		// for free from the memo only.
		s, err := state(seed, prune)
		if err != nil {
			return nil, err
		}
		c0, t, cpu0 := memo.computed.Load(), time.Now(), cpuSeconds()
		sopts := search
		sopts.Seed = seed
		sopts.Progress = newLogProgress(fmt.Sprintf("seed %d %s", seed, method), 0)
		ev := eval
		ev.Budget = budget
		if budget > 0 {
			sopts.Population, sopts.Generations = 32, 1<<20 // the budget sets the size
		}
		oc, err := claps.Config{Scorer: memo, Task: task, Split: s.split, Tokens: reps, Strategy: st,
			Prune: prune, Pruning: s.pruning, PruneOptions: claps.PruneOptions{Percentile: o.pct},
			Search: sopts, Eval: ev}.Run(ctx)
		if err != nil {
			return nil, fmt.Errorf("seed %d, %s: %w", seed, claps.StrategyName(st), err)
		}
		oc.Method = method
		wall, cpu := time.Since(t), cpuSeconds()-cpu0
		if prune {
			// Charged in full, as Outcome.Elapsed is.
			wall += s.pruning.Elapsed
			cpu += s.pcpu
		}
		return oc, emit(seed, oc, wall, cpu, memo.computed.Load()-c0, len(s.split.Test))
	}
	baseline := func(seed uint64, name, prompt string) error {
		if _, ok := done[key{seed, name}]; ok {
			return nil
		}
		s, err := state(seed, false)
		if err != nil {
			return err
		}
		c0, t, cpu0 := memo.computed.Load(), time.Now(), cpuSeconds()
		oc, err := claps.Baseline(ctx, memo, task, s.split, name, prompt, 1)
		if err != nil {
			return err
		}
		return emit(seed, oc, time.Since(t), cpuSeconds()-cpu0, memo.computed.Load()-c0, len(s.split.Test))
	}
	passes, err := parsePasses(o.passes, o.seeds)
	if err != nil {
		return err
	}
	for _, pass := range passes {
		for seed := uint64(o.first); seed < uint64(o.first+pass.seeds); seed++ {
			for _, r := range pass.rows {
				var err error
				switch r.baseline {
				case "empty":
					err = baseline(seed, "empty prompt", "")
				case "manual":
					err = baseline(seed, "manual prompt", o.manual)
				case "random":
					// The budget is ClaPS greedy's for this seed (run first if needed).
					var greedy *claps.Outcome
					if greedy, err = searchRow(seed, claps.Greedy, true, 0); err == nil {
						_, err = searchRow(seed, claps.Random, false, greedy.Queries)
					}
				default:
					_, err = searchRow(seed, r.strategy, r.prune, 0)
				}
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}
